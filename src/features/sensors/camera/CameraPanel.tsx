// The camera panel of one robot: the cameras found on it (chips to choose several), one view per chosen camera.
// Frames go straight from CameraStream to the canvas; React re-renders only the overlay, at 4 Hz.
import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../../i18n';
import type { RobotLink } from '../../../ros';
import { getLink, onLinksChanged } from '../../../fleet';
import { shownRobotName, useFleetStore } from '../../../fleet';
import { RobotText } from '../../../ui';
import { cameraTopics, chosenCameras, useCameraStore } from './cameraStore';
import { CameraView } from './CameraView';
import { DEFAULT_STALE_MS } from './imageAge';
import type { SnapshotMeta } from './snapshot';
import './camera.css';

export interface CameraPanelProps {
  robotId: string;
  /** Teleop view: one big camera, every frame (no server throttle). */
  large?: boolean;
  /** Receives the PNG of the frame on screen; default: download it. */
  onSnapshot?: (blob: Blob, meta: SnapshotMeta) => void;
  /** Age above which the picture is marked STALE, ms (default 1000). */
  staleMs?: number;
}

const TOPIC_REFRESH_MS = 10_000;

function useLink(robotId: string): RobotLink | undefined {
  const [link, setLink] = useState(() => getLink(robotId));
  useEffect(() => {
    setLink(getLink(robotId));
    return onLinksChanged(() => setLink(getLink(robotId)));
  }, [robotId]);
  return link;
}

/** Looks up the robot's camera topics now and then (rosapi), into the camera store. */
type Refresh = () => void;

function useCameraTopicDiscovery(robotId: string, link: RobotLink | undefined): Refresh {
  const setTopics = useCameraStore((s) => s.setTopics);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!link) return;
    let live = true;
    const load = () => {
      if (link.status().state !== 'connected') return;
      link.introspect().then(
        (i) => live && setTopics(robotId, { topics: cameraTopics(i.topics), loaded: true }),
        (e: unknown) =>
          live &&
          setTopics(robotId, {
            topics: useCameraStore.getState().byRobot[robotId]?.topics ?? [],
            loaded: true,
            error: e instanceof Error ? e.message : String(e),
          }),
      );
    };
    load();
    const offStatus = link.onStatus((s) => s.state === 'connected' && load());
    const timer = setInterval(load, TOPIC_REFRESH_MS);
    return () => {
      live = false;
      offStatus();
      clearInterval(timer);
    };
  }, [robotId, link, setTopics, nonce]);
  return useCallback(() => setNonce((n) => n + 1), []);
}

export function CameraPanel({ robotId, large = false, onSnapshot, staleMs = DEFAULT_STALE_MS }: CameraPanelProps) {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  const link = useLink(robotId);
  const refresh = useCameraTopicDiscovery(robotId, link);
  const state = useCameraStore((s) => s.byRobot[robotId]);
  const chosenNames = useCameraStore((s) => s.chosen[robotId]);
  const toggle = useCameraStore((s) => s.toggle);
  const topics = state?.topics ?? [];
  const chosen = chosenCameras(robotId, {
    byRobot: { [robotId]: state ?? { topics: [], loaded: false } },
    chosen: { [robotId]: chosenNames },
  });
  const shown = large ? chosen.slice(0, 1) : chosen;
  const name = shownRobotName(robots, robotId);

  return (
    <section
      className={`camera-panel${large ? ' camera-panel-large' : ''}`}
      data-testid="camera-panel"
      aria-label={t('camera.for', { name })}
    >
      {!link ? (
        <p className="muted">{t('camera.noLink')}</p>
      ) : (
        <>
          <div className="camera-chips">
            {topics.map((tp) => {
              const on = chosen.some((c) => c.name === tp.name);
              return (
                <button
                  key={tp.name}
                  className={`camera-chip${on ? ' on' : ''}`}
                  aria-pressed={on}
                  title={t('camera.toggle', { topic: tp.name })}
                  data-testid="camera-chip"
                  onClick={() => toggle(robotId, tp.name)}
                >
                  <RobotText text={tp.name} />
                </button>
              );
            })}
            <button className="icon-button" title={t('camera.refresh')} aria-label={t('camera.refresh')} onClick={refresh}>
              ↻
            </button>
          </div>
          {state?.error && <p className="form-error">{t('camera.introspectFailed', { reason: state.error })}</p>}
          {state?.loaded && topics.length === 0 && !state.error && <p className="muted">{t('camera.none')}</p>}
          <div className="camera-views">
            {shown.map((tp) => (
              <CameraView
                key={`${robotId}|${tp.name}`}
                link={link}
                robotId={robotId}
                robotName={name}
                topic={tp.name}
                type={tp.type}
                large={large}
                staleMs={staleMs}
                onSnapshot={onSnapshot}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
