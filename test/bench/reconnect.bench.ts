// Robot return to live data: the simulated robot's rosbridge is stopped, kept down, started again on the
// same port, 20 times; each time the link's first /joint_states message after "listening again" is timed.
import { outage, returnRig, untilGood } from '../support/robotReturn';

export interface ReconnectResult {
  restarts: number;
  outagesMs: number[];
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  attemptsPerSecond: number;
  stableMs: number;
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export async function runReconnectBench(restarts = 20): Promise<ReconnectResult> {
  // A connection counts as good after 10 s up with data; 1.5 s here so 20 restarts take ~1.5 min, not 4.
  const stableMs = 1500;
  const warn = console.warn;
  console.warn = () => {};
  const rig = await returnRig({ backoff: { stableMs } });
  const outagesMs = [1000, 2000, 3000, 5000];
  const times: number[] = [];
  const rates: number[] = [];
  try {
    await untilGood(rig, stableMs + 200);
    for (let i = 0; i < restarts; i++) {
      const f = await outage(rig, outagesMs[i % outagesMs.length]);
      times.push(f.toDataMs);
      rates.push(f.attemptsPerSecond);
      await untilGood(rig, stableMs + 200);
    }
  } finally {
    await rig.close();
    console.warn = warn;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    restarts,
    outagesMs,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    maxMs: sorted[sorted.length - 1],
    attemptsPerSecond: rates.reduce((a, b) => a + b, 0) / rates.length,
    stableMs,
  };
}
