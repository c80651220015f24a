// The camera panel of one robot: the cameras found on it (chips to choose several), one view per chosen camera.
// Frames go straight from CameraStream to the canvas; React re-renders only the overlay, at 4 Hz.
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatNumber, useLocale, useT, type MessageKey } from '../../../i18n';
import type { RobotLink } from '../../../ros';
import { getLink, onLinksChanged } from '../../../fleet';
import { useFleetStore } from '../../../fleet';
import { CameraStream, type FrameSink } from './cameraStream';
import { cameraTopics, chosenCameras, useCameraStore } from './cameraStore';
import { DEFAULT_STALE_MS, imageAge } from './imageAge';
import type { ImageErrorCode } from './rawImage';
import { canvasToPng, downloadSnapshot, type SnapshotMeta } from './snapshot';
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

const ERROR_KEYS: Record<ImageErrorCode, MessageKey> = {
  'bad-size': 'camera.error.bad-size',
  'bad-step': 'camera.error.bad-step',
  'bad-dimensions': 'camera.error.bad-dimensions',
  'too-large': 'camera.error.too-large',
  'unknown-encoding': 'camera.error.unknown-encoding',
  'unknown-format': 'camera.error.unknown-format',
  corrupt: 'camera.error.corrupt',
  'no-data': 'camera.error.no-data',
};

/** Side panel: at most 10 frames/s per camera from the server; teleop (large): every frame. */
const SMALL_THROTTLE_MS = 100;
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
  const robot = useFleetStore((s) => s.robots.find((r) => r.id === robotId));
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
  const name = robot?.name ?? robotId;

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
                  {tp.name}
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

interface ViewProps {
  link: RobotLink;
  robotId: string;
  robotName: string;
  topic: string;
  type: string;
  large: boolean;
  staleMs: number;
  onSnapshot?: (blob: Blob, meta: SnapshotMeta) => void;
}

interface Overlay {
  hasFrame: boolean;
  ageText: string;
  fromArrival: boolean;
  stale: boolean;
  fps: string;
  rx: string;
  dropped: number;
  /** Raw figures for diagnostics and tests (data- attributes). */
  rxHz: number;
  fpsNum: number;
  decodeMs: number;
  error?: { code: ImageErrorCode; params: Record<string, string | number> };
}

function sameOverlay(a: Overlay, b: Overlay): boolean {
  return (
    a.hasFrame === b.hasFrame &&
    a.ageText === b.ageText &&
    a.fromArrival === b.fromArrival &&
    a.stale === b.stale &&
    a.fps === b.fps &&
    a.rx === b.rx &&
    a.dropped === b.dropped &&
    a.rxHz === b.rxHz &&
    a.fpsNum === b.fpsNum &&
    a.decodeMs === b.decodeMs &&
    a.error?.code === b.error?.code &&
    JSON.stringify(a.error?.params) === JSON.stringify(b.error?.params)
  );
}

function canvasPainter(canvas: HTMLCanvasElement): FrameSink {
  const ctx = canvas.getContext('2d');
  return (frame) => {
    if (!ctx) return;
    if (canvas.width !== frame.width) canvas.width = frame.width;
    if (canvas.height !== frame.height) canvas.height = frame.height;
    if (frame.source instanceof ImageData) ctx.putImageData(frame.source, 0, 0);
    else ctx.drawImage(frame.source, 0, 0);
  };
}

function CameraView({ link, robotId, robotName, topic, type, large, staleMs, onSnapshot }: ViewProps) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const streamRef = useRef<CameraStream | null>(null);
  const [overlay, setOverlay] = useState<Overlay>({
    hasFrame: false,
    ageText: '',
    fromArrival: false,
    stale: false,
    fps: '',
    rx: '',
    dropped: 0,
    rxHz: 0,
    fpsNum: 0,
    decodeMs: 0,
  });

  useEffect(() => {
    const stream = new CameraStream(link, topic, type, { throttleRate: large ? 0 : SMALL_THROTTLE_MS });
    streamRef.current = stream;
    if (canvasRef.current) stream.setSink(canvasPainter(canvasRef.current));
    return () => {
      stream.close();
      streamRef.current = null;
    };
  }, [link, topic, type, large]);

  useEffect(() => {
    const update = () => {
      const s = streamRef.current?.stats();
      if (!s) return;
      const cur = s.current;
      const now = Date.now();
      const age = cur
        ? imageAge({ now, stampMs: cur.stampMs, receivedAt: cur.receivedAt, clockOffsetMs: link.status().clockOffsetMs, staleMs })
        : undefined;
      const next: Overlay = {
        hasFrame: !!cur,
        ageText: age ? formatNumber(locale, age.ageMs / 1000, age.ageMs < 10_000 ? 2 : 0) : '',
        fromArrival: age?.fromArrival ?? false,
        stale: age?.stale ?? false,
        fps: formatNumber(locale, s.fps, 1),
        rx: formatNumber(locale, s.rxHz, 1),
        dropped: s.dropped,
        rxHz: Math.round(s.rxHz * 10) / 10,
        fpsNum: Math.round(s.fps * 10) / 10,
        decodeMs: Math.round(s.decodeMs),
        error: s.error as Overlay['error'],
      };
      setOverlay((prev) => (sameOverlay(prev, next) ? prev : next));
    };
    update();
    const timer = setInterval(update, 250);
    return () => clearInterval(timer);
  }, [link, locale, staleMs]);

  const snapshot = async () => {
    const canvas = canvasRef.current;
    const s = streamRef.current?.stats();
    if (!canvas || !s?.current) return;
    const blob = await canvasToPng(canvas);
    if (!blob) return;
    const now = Date.now();
    const age = imageAge({
      now,
      stampMs: s.current.stampMs,
      receivedAt: s.current.receivedAt,
      clockOffsetMs: link.status().clockOffsetMs,
      staleMs,
    });
    const meta: SnapshotMeta = {
      robotId,
      robotName,
      topic,
      frameId: s.current.frameId,
      stampMs: s.current.stampMs,
      receivedAt: s.current.receivedAt,
      takenAt: now,
      width: s.current.width,
      height: s.current.height,
      ageMs: age.ageMs,
      stale: age.stale,
    };
    (onSnapshot ?? downloadSnapshot)(blob, meta);
  };

  const staleSeconds = formatNumber(locale, staleMs / 1000, 1);
  return (
    <figure
      className={`camera-view${overlay.stale ? ' stale' : ''}${large ? ' large' : ''}`}
      data-testid="camera-view"
      data-topic={topic}
      data-stale={overlay.stale ? 'true' : 'false'}
      data-rx-hz={overlay.rxHz}
      data-fps={overlay.fpsNum}
      data-dropped={overlay.dropped}
      data-decode-ms={overlay.decodeMs}
    >
      <canvas ref={canvasRef} className="camera-canvas" data-testid="camera-canvas" width={320} height={240} />
      <figcaption className="camera-overlay">
        <span className="camera-robot">{robotName}</span>
        <span className="camera-topic mono">{topic}</span>
        {overlay.hasFrame ? (
          <span className="camera-age" data-testid="camera-age">
            {overlay.fromArrival ? t('camera.ageNoStamp', { s: overlay.ageText }) : t('camera.age', { s: overlay.ageText })}
          </span>
        ) : (
          <span className="camera-waiting">{t('camera.waiting')}</span>
        )}
        <span className="camera-fps" data-testid="camera-fps" title={t('camera.rx', { hz: overlay.rx })}>
          {t('camera.fps', { fps: overlay.fps })}
        </span>
        {overlay.dropped > 0 && <span className="camera-dropped muted">{t('camera.dropped', { n: overlay.dropped })}</span>}
        {overlay.stale && (
          <strong className="camera-stale" data-testid="camera-stale" title={t('camera.staleTitle', { s: staleSeconds })}>
            {t('camera.stale')}
          </strong>
        )}
      </figcaption>
      {overlay.error && (
        <p className="camera-error" role="status" data-testid="camera-error">
          {t(ERROR_KEYS[overlay.error.code] ?? 'camera.error.corrupt', overlay.error.params)}
        </p>
      )}
      <button
        className="camera-snapshot"
        data-testid="camera-snapshot"
        title={t('camera.snapshotTitle')}
        disabled={!overlay.hasFrame}
        onClick={() => void snapshot()}
      >
        {t('camera.snapshot')}
      </button>
    </figure>
  );
}
