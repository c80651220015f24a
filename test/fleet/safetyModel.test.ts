import { describe, expect, it } from 'vitest';
import { applySafety, motionBlocked, UNKNOWN_SAFETY, type SafetyEvent, type SafetyView } from '../../src/fleet/safetyModel';
import type { SafetyRecord } from '../../src/contracts';

const rec = (r: Partial<SafetyRecord> & Pick<SafetyRecord, 'decision'>): SafetyEvent => ({
  kind: 'record',
  record: { id: 'e1', operator: 'Ana', at: 1000, console: 'c-ana', ...r },
});
const run = (...events: SafetyEvent[]): SafetyView => events.reduce(applySafety, UNKNOWN_SAFETY);

describe('safety model: what the robot confirmed', () => {
  it('a robot that says nothing is unknown, and unknown alone does not block motion', () => {
    expect(UNKNOWN_SAFETY.phase).toBe('unknown');
    expect(motionBlocked(UNKNOWN_SAFETY)).toBe(false);
  });

  it('an e-stop asked for but not answered is a pending stop, not "stopped", and blocks motion', () => {
    const v = run({ kind: 'topic', msg: { state: 'running', at: 500 } }, rec({ decision: 'estop' }));
    expect(v.phase).toBe('running');
    expect(v.pendingStop).toMatchObject({ by: 'Ana', console: 'c-ana' });
    expect(motionBlocked(v)).toBe(true);
  });

  it('the robot topic saying stopped makes it stopped, naming who asked (from the record) and what confirmed it', () => {
    const v = run(rec({ decision: 'estop' }), { kind: 'topic', msg: { state: 'stopped', at: 1001 } });
    expect(v).toMatchObject({ phase: 'stopped', stoppedBy: 'Ana', stoppedFrom: 'c-ana', confirmedBy: 'topic', robotStates: true });
    expect(motionBlocked(v)).toBe(true);
  });

  it('the robot’s own word on who stopped it wins', () => {
    const v = run(rec({ decision: 'estop' }), { kind: 'topic', msg: { state: 'stopped', at: 1001, by: 'robot', reason: 'bumper' } });
    expect(v).toMatchObject({ stoppedBy: 'robot', reason: 'bumper' });
  });

  it('a stock robot (no topic) is stopped on the service’s confirmation relayed in the record', () => {
    const v = run(rec({ decision: 'estop' }), rec({ decision: 'estop', confirmed: true }));
    expect(v).toMatchObject({ phase: 'stopped', confirmedBy: 'service', stoppedBy: 'Ana', robotStates: false });
  });

  it('a refused stop stays visible with the robot’s words and keeps blocking motion', () => {
    const v = run(rec({ decision: 'estop' }), rec({ decision: 'estop', confirmed: false, message: 'motor driver fault' }));
    expect(v.phase).toBe('unknown');
    expect(v.pendingStop?.error).toBe('motor driver fault');
    expect(motionBlocked(v)).toBe(true);
  });

  it('re-enable: re-enabling (blocked) until the robot says running, then running', () => {
    const stopped = run(rec({ decision: 'estop' }), { kind: 'topic', msg: { state: 'stopped', at: 1001 } });
    const asking = applySafety(stopped, rec({ id: 'n1', decision: 'enable', operator: 'Bo', at: 2000 }));
    expect(asking).toMatchObject({ phase: 'reenabling', reenableBy: 'Bo' });
    expect(motionBlocked(asking)).toBe(true);
    // The service answered but a robot that states its safety has not said "running" yet: still re-enabling.
    const answered = applySafety(asking, rec({ id: 'n1', decision: 'enable', confirmed: true, at: 2000 }));
    expect(answered.phase).toBe('reenabling');
    const running = applySafety(answered, { kind: 'topic', msg: { state: 'running', at: 2001 } });
    expect(running.phase).toBe('running');
    expect(motionBlocked(running)).toBe(false);
  });

  it('a stock robot runs again on the service’s confirmation', () => {
    const v = run(
      rec({ decision: 'estop', confirmed: true }),
      rec({ id: 'n', decision: 'enable' }),
      rec({ id: 'n', decision: 'enable', confirmed: true }),
    );
    expect(v.phase).toBe('running');
    expect(motionBlocked(v)).toBe(false);
  });

  it('a failed re-enable leaves the robot stopped with the robot’s answer verbatim', () => {
    const v = run(
      rec({ decision: 'estop', confirmed: true }),
      rec({ id: 'n', decision: 'enable' }),
      rec({ id: 'n', decision: 'enable', confirmed: false, message: 'E42: safety relay open' }),
    );
    expect(v).toMatchObject({ phase: 'stopped', enableError: 'E42: safety relay open' });
  });

  it('losing the link keeps a stop shown; a running robot becomes unknown', () => {
    const stopped = run(rec({ decision: 'estop', confirmed: true }));
    expect(applySafety(stopped, { kind: 'link-lost' }).phase).toBe('stopped');
    const running = run({ kind: 'topic', msg: { state: 'running', at: 1 } });
    expect(applySafety(running, { kind: 'link-lost' }).phase).toBe('unknown');
  });
});
