import { describe, expect, it } from 'vitest';
import { attachSafetyBridge, type SafetyRobotLike } from '../../src/sim/safetyBridge';
import type { ServiceImpl } from '../../src/sim/serviceCalls';
import { parseSafetyState, toStringMsg } from '../../src/contracts';

function fakeRobot() {
  const latched = new Map<string, object>();
  const local = new Map<string, ((m: Record<string, unknown>) => void)[]>();
  const hooks: ((nowMs: number, dt: number) => { v: number; w: number } | null | void)[] = [];
  const robot: SafetyRobotLike & { send(topic: string, m: object): void; latched: Map<string, object>; drive(): unknown } = {
    enabled: true,
    latched,
    graph: {
      services: new Map<string, ServiceImpl>(),
      advertise: () => () => {},
      subscribeLocal: (name, _type, _node, cb) => local.set(name, [...(local.get(name) ?? []), cb]),
      publishLatched: (name, msg) => latched.set(name, msg),
    },
    addTickHook(fn) {
      hooks.push(fn);
      return () => hooks.splice(hooks.indexOf(fn), 1);
    },
    send: (topic, m) => (local.get(topic) ?? []).forEach((cb) => cb(m as Record<string, unknown>)),
    drive: () => hooks.map((h) => h(0, 0)).find((d) => d) ?? null,
  };
  robot.graph.services.set('/robot/set_enabled', {
    type: 'std_srvs/SetBool',
    node: '/robot',
    handler: (req) => {
      robot.enabled = req.data === true;
      return { success: true, message: robot.enabled ? 'enabled' : 'disabled' };
    },
  });
  return robot;
}
const call = (r: ReturnType<typeof fakeRobot>, data: boolean) => r.graph.services.get('/robot/set_enabled')!.handler({ data });
const state = (r: ReturnType<typeof fakeRobot>) => parseSafetyState(r.latched.get('/operator/safety'));

describe('sim safety bridge', () => {
  it('states running, then stopped naming the e-stop record’s person and console, then running again', () => {
    const r = fakeRobot();
    const b = attachSafetyBridge(r);
    expect(state(r)?.state).toBe('running');
    r.send('/operator/response', toStringMsg({ id: 'e1', decision: 'estop', operator: 'Ana', at: Date.now(), console: 'c-ana' }));
    expect(call(r, false)).toMatchObject({ success: true });
    expect(state(r)).toMatchObject({ state: 'stopped', by: 'Ana', console: 'c-ana' });
    call(r, true);
    expect(state(r)?.state).toBe('running');
    b.stop();
  });

  it('after an e-stop it keeps still once re-enabled until a person drives it or sends a goal', () => {
    const r = fakeRobot();
    const b = attachSafetyBridge(r);
    expect(r.drive()).toBeNull();
    call(r, false);
    call(r, true);
    expect(b.holding()).toBe(true);
    expect(r.drive()).toEqual({ v: 0, w: 0 });
    r.send('/cmd_vel', { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    expect(b.holding()).toBe(true); // a zero twist is not a person driving
    r.send('/move_base/goal', {});
    expect(b.holding()).toBe(false);
    expect(r.drive()).toBeNull();
  });

  it('as a stock robot it publishes no safety topic but still honours the service', () => {
    const r = fakeRobot();
    attachSafetyBridge(r, { stateTopic: false });
    call(r, false);
    expect(r.latched.size).toBe(0);
    expect(r.enabled).toBe(false);
  });
});
