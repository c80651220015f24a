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

/** The layer of that kind on that robot (on that topic, when given). */
function find(kind: string, robotId: string, topic?: string): PointsLayerCore | undefined {
  for (const [key, c] of probes) {
    const [k, id, tp] = key.split('|');
    if (k === kind && id === robotId && (topic === undefined || topic === tp)) return c;
  }
  return undefined;
}

export function registerSensorProbe(kind: 'scan' | 'cloud', robotId: string, topic: string, core: PointsLayerCore): Unregister {
  const key = `${kind}|${robotId}|${topic}`;
  probes.set(key, core);
  const w = globalThis as { __sensors?: SensorProbe };
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
