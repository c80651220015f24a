// Read-only test instrumentation for the sensor layers (window.__sensors), like window.__scene.
import type { PointsLayerCore } from './pointsLayerCore';

/**
 * Read-only test instrumentation (like window.__scene): e2e specs read the newest scan's points in the fixed
 * frame to check that the scan outlines the site's walls. Nothing in the app reads it.
 */
interface SensorProbe {
  points(kind: 'scan' | 'cloud', robotId: string, topic?: string): number[];
  /** Points the layer drew in its last frame and the stride it thinned them by (1: all). */
  drawn(kind: 'scan' | 'cloud', robotId: string, topic?: string): { points: number; stride: number } | null;
}

const probes = new Map<string, PointsLayerCore>();

type Unregister = () => void;

export function registerSensorProbe(kind: 'scan' | 'cloud', robotId: string, topic: string, core: PointsLayerCore): Unregister {
  const key = `${kind}|${robotId}|${topic}`;
  probes.set(key, core);
  const w = globalThis as { __sensors?: SensorProbe };
  const find = (k: string, id: string, tp?: string): PointsLayerCore | undefined => {
    for (const [key2, c] of probes) {
      const [k2, id2, tp2] = key2.split('|');
      if (k2 === k && id2 === id && (tp === undefined || tp === tp2)) return c;
    }
    return undefined;
  };
  w.__sensors ??= {
    points: (k, id, tp) => find(k, id, tp)?.newestFixedPoints() ?? [],
    drawn: (k, id, tp) => {
      const c = find(k, id, tp);
      return c ? { points: c.drawnPoints, stride: c.stride } : null;
    },
  };
  return () => {
    if (probes.get(key) === core) probes.delete(key);
  };
}
