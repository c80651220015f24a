// The DOM wiring of teleop with a stand-in window: held keys drive, key-up / blur / hidden page stop at once
// (zero twist, then silence), keys typed into a text field do nothing, a gamepad needs its deadman button.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeLink, FakeRobot } from '../../support/fakeLink';

vi.mock('../../../src/ros/robotLink', () => ({ createRobotLink: (url: string) => new FakeLink(url) }));
const { activateTeleop, attachTeleopInputs, deactivateTeleop } = await import('../../../src/features/control/teleopManager');
const { useTakeoverStore } = await import('../../../src/features/control/takeoverStore');

const ROBOT = 'ws://robot:9090';

function fakeWindow() {
  const win = new EventTarget() as EventTarget & Record<string, unknown>;
  const doc = new EventTarget() as EventTarget & { visibilityState: string };
  doc.visibilityState = 'visible';
  const pads: unknown[] = [];
  let rafCb: (() => void) | undefined;
  Object.assign(win, {
    document: doc,
    navigator: { getGamepads: () => pads },
    requestAnimationFrame: (cb: () => void) => {
      rafCb = cb;
      return 1;
    },
    cancelAnimationFrame: () => {
      rafCb = undefined;
    },
  });
  const key = (type: 'keydown' | 'keyup', code: string, target?: unknown) => {
    const e = new Event(type, { cancelable: true }) as Event & Record<string, unknown>;
    Object.assign(e, { code, ctrlKey: false, altKey: false, metaKey: false });
    if (target) Object.defineProperty(e, 'target', { value: target });
    win.dispatchEvent(e);
  };
  return { win: win as unknown as Window, doc, pads, key, frame: () => rafCb?.() };
}

const isZero = (m: unknown) => {
  const t = m as { linear: { x: number }; angular: { z: number } };
  return t.linear.x === 0 && t.angular.z === 0;
};

describe('teleop inputs', () => {
  let robot: FakeRobot;
  let w: ReturnType<typeof fakeWindow>;
  let detach: () => void;
  const twists = () => robot.log.filter((l) => l.topic === '/cmd_vel');

  beforeEach(() => {
    vi.useFakeTimers();
    robot = new FakeRobot();
    useTakeoverStore.setState({ control: { [ROBOT]: { holder: 'Li Wei', since: 0, console: 'c', mine: true } } });
    activateTeleop(ROBOT, robot.link(ROBOT));
    w = fakeWindow();
    detach = attachTeleopInputs(w.win);
  });
  afterEach(() => {
    detach();
    deactivateTeleop();
    vi.useRealTimers();
  });

  it('hold W drives at 20 Hz; key-up sends a zero twist at once and then nothing', () => {
    w.key('keydown', 'KeyW');
    w.key('keydown', 'KeyW'); // auto-repeat changes nothing
    vi.advanceTimersByTime(500);
    expect(twists().length).toBe(11);
    expect(twists().every((t) => (t.msg as { linear: { x: number } }).linear.x > 0)).toBe(true);
    w.key('keyup', 'KeyW');
    expect(isZero(twists().at(-1)!.msg)).toBe(true);
    const n = twists().length;
    vi.advanceTimersByTime(1000);
    expect(twists()).toHaveLength(n);
  });

  it.each([
    ['window blur', (x: ReturnType<typeof fakeWindow>) => x.win.dispatchEvent(new Event('blur'))],
    [
      'page hidden',
      (x: ReturnType<typeof fakeWindow>) => {
        x.doc.visibilityState = 'hidden';
        x.doc.dispatchEvent(new Event('visibilitychange'));
      },
    ],
  ])('%s stops at once, even with the key still down', (_name, trigger) => {
    w.key('keydown', 'ArrowUp');
    vi.advanceTimersByTime(120);
    trigger(w);
    expect(isZero(twists().at(-1)!.msg)).toBe(true);
    const n = twists().length;
    vi.advanceTimersByTime(1000);
    expect(twists()).toHaveLength(n);
    w.key('keyup', 'ArrowUp'); // the late key-up sends nothing more
    expect(twists()).toHaveLength(n);
  });

  it('keys typed into a text field do not drive', () => {
    w.key('keydown', 'KeyW', { tagName: 'INPUT' });
    vi.advanceTimersByTime(200);
    expect(twists()).toHaveLength(0);
  });

  it('a gamepad drives only while its deadman button is held', () => {
    const buttons = Array.from({ length: 8 }, () => ({ pressed: false }));
    w.pads.push({ connected: true, id: 'pad', buttons, axes: [0, -1, 0, 0] });
    w.frame();
    vi.advanceTimersByTime(100);
    expect(twists()).toHaveLength(0);
    buttons[4] = { pressed: true };
    w.frame();
    vi.advanceTimersByTime(100);
    expect(twists().length).toBeGreaterThan(0);
    buttons[4] = { pressed: false };
    w.frame();
    expect(isZero(twists().at(-1)!.msg)).toBe(true);
  });
});
