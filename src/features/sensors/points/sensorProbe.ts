// Read-only test instrumentation for the sensor layers (window.__sensors), like window.__scene.
import type { PointsLayerCore } from './pointsLayerCore';

/**
 * Read-only test instrumentation (like window.__scene): e2e specs read the newest scan's points in the fixed
 * frame to check that the scan outlines the site's walls. Nothing in the app reads it.
 */
interface SensorProbe {
  points(kind: 'scan' | 'cloud', robotId: string, topic?: string): number[];
}

const probes = new Map<string, PointsLayerCore>();

type Unregister = () => void;

export function registerSensorProbe(kind: 'scan' | 'cloud', robotId: string, topic: string, core: PointsLayerCore): Unregister {
  const key = `${kind}|${robotId}|${topic}`;
  probes.set(key, core);
  const w = globalThis as { __sensors?: SensorProbe };
  w.__sensors ??= {
    points: (k, id, tp) => {
      for (const [key2, c] of probes) {
        const [k2, id2, tp2] = key2.split('|');
        if (k2 === k && id2 === id && (tp === undefined || tp === tp2)) return c.newestFixedPoints();
      }
      return [];
    },
  };
  return () => {
    if (probes.get(key) === core) probes.delete(key);
  };
}
