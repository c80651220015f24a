// The inspector for a clicked place or object: name, namespace/id, type, pose, frame and publishing robot.

import { useSceneText } from '../../scene';
import { RobotText, TEXT_LIMITS } from '../../ui';

export interface InspectedObject {
  key: string;
  name: string;
  ns: string;
  id: number;
  type: string;
  frame: string;
  robotId: string;
  robotName: string;
  x: number;
  y: number;
  z: number;
  yaw: number;
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');

export function PlaceInspector({
  object,
  onClose,
  onFlyTo,
}: {
  object: InspectedObject | null;
  onClose: () => void;
  onFlyTo: (o: InspectedObject) => void;
}) {
  const t = useSceneText();
  if (!object) return null;
  const yawDeg = (object.yaw * 180) / Math.PI;
  return (
    <section className="scene-card scene-inspector" data-testid="place-inspector" aria-label={t('scene.inspector')}>
      <header>
        <h3 data-testid="inspector-name">
          <RobotText text={object.name} max={TEXT_LIMITS.text} />
        </h3>
        <button type="button" onClick={onClose} aria-label={t('scene.close')} data-testid="inspector-close">
          ×
        </button>
      </header>
      <dl>
        <dt>{t('scene.ns')}</dt>
        <dd className="mono" data-testid="inspector-ns">
          <RobotText text={object.ns || '""'} max={TEXT_LIMITS.name} /> / {object.id}
        </dd>
        <dt>{t('scene.type')}</dt>
        <dd className="mono" data-testid="inspector-type">
          {object.type}
        </dd>
        <dt>{t('scene.pose')}</dt>
        <dd className="mono" data-testid="inspector-pose">
          x {f2(object.x)} y {f2(object.y)} z {f2(object.z)} · {f2(yawDeg)}°
        </dd>
        <dt>{t('scene.frame')}</dt>
        <dd className="mono" data-testid="inspector-frame">
          <RobotText text={object.frame} max={TEXT_LIMITS.name} />
        </dd>
        <dt>{t('scene.robot')}</dt>
        <dd data-testid="inspector-robot">
          <RobotText text={object.robotName} />
        </dd>
      </dl>
      <button type="button" onClick={() => onFlyTo(object)} data-testid="inspector-fly">
        {t('scene.flyTo')}
      </button>
    </section>
  );
}
