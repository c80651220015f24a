// Binds one TeleopController to the robot being teleoperated: its /cmd_vel publisher, its link state and whether
// this console holds its control. Lives outside React so driving does not depend on which panel tab is open.
// DOM inputs (keyboard, gamepad, focus/visibility) are attached once with attachTeleopInputs().
import type { RobotLink } from '../../ros';
import { getLink, motionBlocked, safetyOf, useSafetyStore } from '../../fleet';
import { robotConfig } from './robotConfig';
import { useTakeoverStore } from './takeoverStore';
import { cmdVelPublisher } from './cmdVel';
import {
  GAMEPAD_DEADMAN_BUTTON,
  MOTION_KEYS,
  TeleopController,
  gamepadToCommand,
  keysToCommand,
  type AxisCommand,
  type HaltReason,
} from './teleopController';
import { useTeleopStore } from './teleopStore';
import { StallWatch } from './linkGuard';
import { isTypingTarget } from '../../ui';

interface Session {
  robotId: string;
  link: RobotLink;
  controller: TeleopController;
  offs: (() => void)[];
  /** The robot is (or may be) e-stopped: no motion, and a fresh press is needed once it runs again. */
  safetyBlocked?: boolean;
  stalled: boolean;
}

let session: Session | undefined;

function refreshAllowed(s: Session): void {
  const connected = s.link.status().state === 'connected';
  const mine = useTakeoverStore.getState().control[s.robotId]?.mine === true;
  const blocked = motionBlocked(safetyOf(s.robotId));
  if (!connected) s.controller.halt('link');
  // Stopped, or leaving the stop: drop every input, so motion after a re-enable needs a fresh press.
  if (blocked || s.safetyBlocked) s.controller.halt('estop');
  s.safetyBlocked = blocked;
  s.controller.setAllowed(connected && mine && !blocked && !s.stalled);
}

/** Watches the link for a stall (STALL_MS without data): halts, blocks motion until it is healthy again. */
function watchStall(s: Session): () => void {
  const last = s.link.lastReceivedAt?.bind(s.link);
  if (!last) return () => {};
  const watch = new StallWatch(last);
  const timer = setInterval(() => {
    const stalled = s.link.status().state === 'connected' && watch.stalled();
    if (stalled === s.stalled) return;
    s.stalled = stalled;
    if (stalled) s.controller.halt('stall');
    refreshAllowed(s);
    useTeleopStore.setState({ stalled });
  }, 100);
  return () => clearInterval(timer);
}

/** Makes `robotId` the robot teleop drives (one at a time). Motion still needs control and a live link. */
export function activateTeleop(robotId: string, linkOverride?: RobotLink): TeleopController | undefined {
  if (session?.robotId === robotId) return session.controller;
  deactivateTeleop();
  const link = linkOverride ?? getLink(robotId);
  if (!link) return undefined;
  const cfg = robotConfig(robotId);
  const pub = cmdVelPublisher(link, cfg.cmdVelTopic);
  const controller = new TeleopController({
    publish: (t) => pub.publish(t),
    onChange: (snapshot) => useTeleopStore.setState({ snapshot }),
  });
  controller.setSpeedFraction(useTeleopStore.getState().speedFraction);
  const s: Session = { robotId, link, controller, offs: [], stalled: false };
  session = s;
  s.offs.push(
    watchStall(s),
    link.onStatus(() => refreshAllowed(s)),
    useTakeoverStore.subscribe((st, prev) => {
      if (st.control[robotId] !== prev.control[robotId]) refreshAllowed(s);
    }),
    useSafetyStore.subscribe((st, prev) => {
      if (st.views[robotId] !== prev.views[robotId]) refreshAllowed(s);
    }),
    useTeleopStore.subscribe((st, prev) => {
      if (st.speedFraction !== prev.speedFraction) controller.setSpeedFraction(st.speedFraction);
    }),
  );
  useTeleopStore.setState({ robotId, snapshot: controller.snapshot(), robotMaxSpeed: undefined, stalled: false });
  link
    .getParam<number>(cfg.maxSpeedParam)
    .then((v) => {
      if (session !== s) return;
      const max = typeof v === 'number' && v > 0 ? v : undefined;
      controller.setRobotMaxSpeed(max ?? null);
      useTeleopStore.setState({ robotMaxSpeed: max });
    })
    .catch(() => {
      // No param: the console's default cap stays.
    });
  refreshAllowed(s);
  return controller;
}

/** Stops driving (zero twist if moving) and forgets the robot. */
export function deactivateTeleop(reason: HaltReason = 'control'): void {
  if (!session) return;
  const s = session;
  session = undefined;
  s.controller.halt(reason);
  for (const off of s.offs) off();
  useTeleopStore.setState({ robotId: undefined, snapshot: undefined, robotMaxSpeed: undefined });
}

/** Halts motion now without leaving teleop (e-stop, blur, ...). */
export function haltTeleop(reason: HaltReason, robotId?: string): void {
  if (session && (robotId === undefined || session.robotId === robotId)) session.controller.halt(reason);
}

export function teleopRobotId(): string | undefined {
  return session?.robotId;
}

/** For the on-screen joystick: its command while pressed, null on release. */
export function setJoystickInput(cmd: AxisCommand | null): void {
  session?.controller.setInput('joystick', cmd);
}

/**
 * Keyboard (hold W/A/S/D or arrows; letting go is the deadman), gamepad (hold the left shoulder button),
 * and the safety nets: window blur and a hidden page halt at once. Returns the detach function.
 */
export function attachTeleopInputs(win: Window = window): () => void {
  const held = new Set<string>();
  const pushKeys = (): void => session?.controller.setInput('keyboard', keysToCommand(held));
  const onDown = (e: KeyboardEvent): void => {
    if (!MOTION_KEYS.has(e.code) || e.ctrlKey || e.altKey || e.metaKey || isTypingTarget(e.target)) return;
    if (!session) return;
    e.preventDefault();
    if (held.has(e.code)) return; // auto-repeat
    held.add(e.code);
    pushKeys();
  };
  const onUp = (e: KeyboardEvent): void => {
    if (!held.delete(e.code)) return;
    pushKeys();
  };
  const haltAll = (reason: HaltReason): void => {
    held.clear();
    session?.controller.halt(reason);
    // No key is held any more as far as this window knows: the next keydown is a fresh press.
    session?.controller.setInput('keyboard', null);
  };
  const onBlur = (): void => haltAll('blur');
  const onVisibility = (): void => {
    if (win.document.visibilityState !== 'visible') haltAll('hidden');
  };
  win.addEventListener('keydown', onDown);
  win.addEventListener('keyup', onUp);
  win.addEventListener('blur', onBlur);
  win.addEventListener('pagehide', onBlur);
  win.document.addEventListener('visibilitychange', onVisibility);

  // Gamepads are polled; while the page is hidden rAF stops and the controller's gamepad ttl halts motion.
  let raf = 0;
  let lastName: string | undefined;
  const poll = (): void => {
    raf = win.requestAnimationFrame(poll);
    const pads = win.navigator.getGamepads?.() ?? [];
    const gp = [...pads].find((p): p is Gamepad => !!p && p.connected);
    const name = gp?.id;
    if (name !== lastName) {
      lastName = name;
      useTeleopStore.setState({ gamepad: name });
    }
    if (!session) return;
    const cmd = gp ? gamepadToCommand(gp, GAMEPAD_DEADMAN_BUTTON) : null;
    if (cmd || session.controller.snapshot().sources.includes('gamepad')) session.controller.setInput('gamepad', cmd);
  };
  raf = win.requestAnimationFrame(poll);

  return () => {
    win.cancelAnimationFrame(raf);
    win.removeEventListener('keydown', onDown);
    win.removeEventListener('keyup', onUp);
    win.removeEventListener('blur', onBlur);
    win.removeEventListener('pagehide', onBlur);
    win.document.removeEventListener('visibilitychange', onVisibility);
    haltAll('dispose');
  };
}

/** The live controller, for tests and the bench. */
export function getTeleopControllerForTests(): TeleopController | undefined {
  return session?.controller;
}
