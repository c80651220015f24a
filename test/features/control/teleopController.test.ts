import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeleopController, gamepadToCommand, keysToCommand, type TeleopSnapshot } from '../../../src/features/control/teleopController';
import type { Twist } from '../../../src/contracts/operatorProtocol';

interface Sent {
  at: number;
  t: Twist;
}

function setup(opts: Partial<ConstructorParameters<typeof TeleopController>[0]> = {}) {
  const sent: Sent[] = [];
  const changes: TeleopSnapshot[] = [];
  const c = new TeleopController({ publish: (t) => sent.push({ at: Date.now(), t }), onChange: (s) => changes.push(s), ...opts });
  return { c, sent, changes };
}

const isZero = (t: Twist) =>
  t.linear.x === 0 && t.linear.y === 0 && t.linear.z === 0 && t.angular.x === 0 && t.angular.y === 0 && t.angular.z === 0;

describe('teleop controller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('publishes at once on press, then at 20 Hz only while the deadman is held', () => {
    const { c, sent } = setup();
    c.setAllowed(true);
    expect(sent).toHaveLength(0);
    c.setInput('keyboard', { linear: 1, angular: 0 });
    expect(sent).toHaveLength(1);
    expect(c.snapshot()).toMatchObject({ active: true, deadman: true, allowed: true, sources: ['keyboard'] });
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(21);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at);
    expect(new Set(gaps)).toEqual(new Set([50]));
    expect(sent.every((s) => s.t.linear.x > 0)).toBe(true);
  });

  it('release: a zero twist within 250 ms and nothing after', () => {
    const { c, sent } = setup();
    c.setAllowed(true);
    c.setInput('keyboard', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(120);
    const releasedAt = Date.now();
    c.setInput('keyboard', null);
    const last = sent.at(-1)!;
    expect(isZero(last.t)).toBe(true);
    expect(last.at - releasedAt).toBeLessThanOrEqual(250);
    const n = sent.length;
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(n);
    expect(c.snapshot()).toMatchObject({ active: false, deadman: false, lastHalt: 'release' });
  });

  it.each(['blur', 'hidden', 'link'] as const)('%s: zero twist at once and silence after', (reason) => {
    const { c, sent } = setup();
    c.setAllowed(true);
    c.setInput('joystick', { linear: 0.5, angular: 0.5 });
    c.setInput('keyboard', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(333);
    const at = Date.now();
    c.halt(reason);
    expect(isZero(sent.at(-1)!.t)).toBe(true);
    expect(sent.at(-1)!.at - at).toBeLessThanOrEqual(250);
    const n = sent.length;
    vi.advanceTimersByTime(3000);
    expect(sent).toHaveLength(n);
    expect(c.snapshot()).toMatchObject({ active: false, deadman: false, lastHalt: reason });
    // The key still "held" before the halt does not restart motion, even when it reports again; letting go
    // and pressing again (a fresh press) does.
    c.setInput('keyboard', { linear: 1, angular: 0 });
    c.setInput('joystick', { linear: 0.5, angular: 0 });
    expect(sent).toHaveLength(n);
    c.setInput('keyboard', null);
    c.setInput('keyboard', { linear: 1, angular: 0 });
    expect(sent).toHaveLength(n + 1);
  });

  it('stall: motion not allowed while the link is stalled; after it recovers a held key sends nothing until pressed again', () => {
    const { c, sent } = setup();
    c.setAllowed(true);
    c.setInput('keyboard', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(200);
    c.halt('stall');
    c.setAllowed(false);
    const n = sent.length;
    expect(isZero(sent.at(-1)!.t)).toBe(true);
    c.setInput('keyboard', { linear: 1, angular: 0.5 }); // another key joins the held one during the stall
    c.setAllowed(true); // link healthy again
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(n);
    expect(c.snapshot()).toMatchObject({ active: false, lastHalt: 'stall' });
    c.setInput('keyboard', null);
    c.setInput('keyboard', { linear: 1, angular: 0 });
    expect(sent).toHaveLength(n + 1);
    expect(c.snapshot().active).toBe(true);
  });

  it('link loss through setAllowed(false) stops too, and nothing goes out while not allowed', () => {
    const { c, sent } = setup();
    c.setInput('keyboard', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(0); // deadman held but no control: nothing
    expect(c.snapshot()).toMatchObject({ deadman: true, active: false });
    c.setAllowed(true);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(100);
    c.setAllowed(false);
    expect(isZero(sent.at(-1)!.t)).toBe(true);
    const n = sent.length;
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(n);
  });

  it('a gamepad that stops reporting expires: zero within 250 ms of its ttl', () => {
    const { c, sent } = setup();
    c.setAllowed(true);
    c.setInput('gamepad', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(240);
    expect(sent.at(-1)!.t.linear.x).toBeGreaterThan(0);
    vi.advanceTimersByTime(100);
    expect(isZero(sent.at(-1)!.t)).toBe(true);
    const n = sent.length;
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(n);
    expect(c.snapshot().lastHalt).toBe('expired');
  });

  it('caps speed by the robot param and the slider', () => {
    const { c, sent } = setup({ defaultMaxLinear: 0.5, maxAngular: 1 });
    c.setAllowed(true);
    c.setSpeedFraction(1);
    c.setInput('keyboard', { linear: 1, angular: -1 });
    expect(sent.at(-1)!.t.linear.x).toBeCloseTo(0.5);
    expect(sent.at(-1)!.t.angular.z).toBeCloseTo(-1);
    c.setRobotMaxSpeed(0.3);
    vi.advanceTimersByTime(50);
    expect(sent.at(-1)!.t.linear.x).toBeCloseTo(0.3);
    c.setSpeedFraction(0.5);
    vi.advanceTimersByTime(50);
    expect(sent.at(-1)!.t.linear.x).toBeCloseTo(0.15);
    expect(sent.at(-1)!.t.angular.z).toBeCloseTo(-0.5);
    c.setInput('keyboard', { linear: 7, angular: 0 }); // out-of-range input is clamped
    vi.advanceTimersByTime(50);
    expect(sent.at(-1)!.t.linear.x).toBeCloseTo(0.15);
    c.setRobotMaxSpeed(null);
    expect(c.snapshot().linearCap).toBeCloseTo(0.25);
  });

  it('tells the UI about changes, not about ticks', () => {
    const { c, changes } = setup();
    c.setAllowed(true);
    c.setInput('keyboard', { linear: 1, angular: 0 });
    const n = changes.length;
    vi.advanceTimersByTime(2000);
    expect(changes).toHaveLength(n);
  });
});

describe('input mapping', () => {
  it('maps held keys, with release as the deadman', () => {
    expect(keysToCommand(new Set())).toBeNull();
    expect(keysToCommand(new Set(['KeyW']))).toEqual({ linear: 1, angular: 0 });
    expect(keysToCommand(new Set(['ArrowDown', 'ArrowRight']))).toEqual({ linear: -1, angular: -1 });
    expect(keysToCommand(new Set(['KeyA']))).toEqual({ linear: 0, angular: 1 });
    expect(keysToCommand(new Set(['KeyQ']))).toBeNull();
  });

  it('reads a gamepad only while its deadman button is held', () => {
    const buttons = Array.from({ length: 8 }, () => ({ pressed: false }));
    expect(gamepadToCommand({ buttons, axes: [0, -1, 0, 0] })).toBeNull();
    buttons[4] = { pressed: true };
    expect(gamepadToCommand({ buttons, axes: [0, -1, 0.05, 0] })).toEqual({ linear: 1, angular: -0 });
    expect(gamepadToCommand({ buttons, axes: [0, 0, -0.8, 0] })?.angular).toBeCloseTo(0.8);
  });
});
