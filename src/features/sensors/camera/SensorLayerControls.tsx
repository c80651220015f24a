// DOM controls for the 3D sensor layers (mount next to the scene's layer list, outside the canvas): a toggle
// and a decay time per layer kind, and one status line per layer (points shown, the cap when it bites, errors).
import { formatNumber, useLocale, useT, type MessageKey } from '../../../i18n';
import { useSensorLayerStore, type SensorKind } from '../points/sensorLayerStore';

const KINDS: readonly { kind: SensorKind; label: MessageKey }[] = [
  { kind: 'scan', label: 'sensors.scan' },
  { kind: 'cloud', label: 'sensors.cloud' },
];

const CLOUD_ERRORS: Record<string, MessageKey> = {
  'no-xyz': 'sensors.error.no-xyz',
  'bad-field': 'sensors.error.bad-field',
  'bad-size': 'sensors.error.bad-size',
  'bad-layout': 'sensors.error.bad-layout',
};

export function SensorLayerControls({ robotId }: { robotId?: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const settings = useSensorLayerStore((s) => s.settings);
  const setSettings = useSensorLayerStore((s) => s.set);
  const status = useSensorLayerStore((s) => s.status);
  const lines = Object.values(status).filter((s) => !robotId || s.robotId === robotId);
  const n = (v: number) => formatNumber(locale, v, 0);
  return (
    <div className="sensor-layer-controls" data-testid="sensor-layer-controls">
      {KINDS.map(({ kind, label }) => (
        <div key={kind} className="sensor-layer-row">
          <label>
            <input
              type="checkbox"
              checked={settings[kind].visible}
              data-testid={`sensor-toggle-${kind}`}
              onChange={(e) => setSettings(kind, { visible: e.target.checked })}
            />
            {t(label)}
          </label>
          <label>
            {t('sensors.decay')}
            <input
              type="number"
              min={0}
              max={60}
              step={0.5}
              value={settings[kind].decaySec}
              style={{ width: 56 }}
              onChange={(e) => setSettings(kind, { decaySec: Math.max(0, Math.min(60, Number(e.target.value) || 0)) })}
            />
          </label>
        </div>
      ))}
      {lines.map((s) => (
        <p key={`${s.robotId}|${s.topic}`} className="sensor-layer-status mono" data-testid={`sensor-status-${s.kind}`}>
          <span>{s.topic}</span>{' '}
          {s.capped
            ? t('sensors.capped', { shown: n(s.points), total: n(s.total), cap: n(s.cap) })
            : t('sensors.points', { n: n(s.points) })}
          {(s.thinnedBy ?? 1) > 1 && (
            <span className="muted" data-testid="sensor-thinned">
              {' '}
              {t('sensors.thinned', { n: s.thinnedBy ?? 1 })}
            </span>
          )}
          {s.error && <span className="form-error"> {t(CLOUD_ERRORS[s.error.code] ?? 'sensors.error.bad-layout', s.error.params)}</span>}
          {s.noTransform && <span className="muted"> {t('sensors.noTransform', { frame: s.noTransform })}</span>}
        </p>
      ))}
    </div>
  );
}
