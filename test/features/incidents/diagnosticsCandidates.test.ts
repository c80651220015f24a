import { describe, expect, it } from 'vitest';
import { Deduper, diagnosticsCandidates } from '../../../src/features/incidents/diagnosticsCandidates';

const arr = (...status: { level: number; name: string; message?: string }[]) => ({
  header: { seq: 0, stamp: { secs: 0, nsecs: 0 }, frame_id: '' },
  status: status.map((s) => ({ hardware_id: 'hw', values: [], message: '', ...s })),
});

describe('diagnostics candidates', () => {
  it('takes WARN, ERROR and STALE, not OK', () => {
    const c = diagnosticsCandidates(
      'r1',
      arr({ level: 0, name: 'ok' }, { level: 1, name: 'a', message: 'warm' }, { level: 2, name: 'b' }, { level: 3, name: 'c' }),
      5,
    );
    expect(c.map((x) => x.title)).toEqual(['WARN a: warm', 'ERROR b', 'STALE c']);
    expect(c[1]!.suggestedSeverity).toBe('major');
    expect(diagnosticsCandidates('r1', { nonsense: true }, 1)).toEqual([]);
  });

  it('dedupes by robot + name + level within the window', () => {
    const d = new Deduper(10_000);
    const raised: string[] = [];
    const feed = (robot: string, at: number, level: number) => {
      for (const c of diagnosticsCandidates(robot, arr({ level, name: 'motor' }), at))
        if (!d.seen(c.dedupeKey!, at)) raised.push(`${robot}@${at}:${level}`);
    };
    for (let t = 0; t <= 30_000; t += 1000) feed('r1', t, 1); // 1 Hz for 30 s: one episode
    feed('r1', 30_500, 2); // escalates: new level
    feed('r2', 31_000, 1); // another robot
    feed('r1', 45_000, 1); // quiet for 15 s > window: new episode
    expect(raised).toEqual(['r1@0:1', 'r1@30500:2', 'r2@31000:1', 'r1@45000:1']);
  });
});
