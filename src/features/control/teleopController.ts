// Teleop's timing and safety rules, free of DOM and React so they can be tested with fake timers:
// - motion goes out at a steady rate (20 Hz) only while some input holds its deadman and motion is allowed
//   (this console holds control, the link is up);
// - the first command goes out at once on press (latency), later ones on the tick;
// - letting go, losing focus/visibility or the link, or losing control sends one zero twist at once and stops;
// - an input that must keep reporting (gamepad polling) expires if it falls silent;
// - speed is capped by the robot's /robot/max_speed (if known), the console's hard cap and the slider.
import { ZERO_TWIST, twist, type Twist } from '../../contracts';

export type InputSource = 'keyboard' | 'gamepad' | 'joystick';

/** Normalised command from one input: both in -1..1. linear + = forward, angular + = turn left. */
export interface AxisCommand {
  linear: number;
  angular: number;
}

export type HaltReason = 'release' | 'blur' | 'hidden' | 'link' | 'stall' | 'control' | 'estop' | 'expired' | 'dispose';

export interface TeleopSnapshot {
  /** Publishing now. */
  active: boolean;
  /** Some input holds its deadman (even if motion is not allowed). */
  deadman: boolean;
  sources: InputSource[];
  allowed: boolean;
  /** Caps in force, m/s and rad/s. */
  linearCap: number;
  angularCap: number;
  lastHalt?: HaltReason;
}

export interface TeleopControllerOptions {
  publish(t: Twist): void;
  rateHz?: number;
  /** The console's own top speed, m/s, used when the robot states none. Default 0.5. */
  defaultMaxLinear?: number;
  /** Top turn rate at full slider, rad/s. Default 1.0. */
  maxAngular?: number;
  /** An input of these kinds is dropped if it has not reported for this long, ms. Default gamepad 250. */
  sourceTtlMs?: Partial<Record<InputSource, number>>;
  now?: () => number;
  /** Told when the snapshot changes (press, release, allowed, caps) — never per tick. */
  onChange?(s: TeleopSnapshot): void;
}

const clamp = (v: number, lo: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0);

export class TeleopController {
  private readonly o: TeleopControllerOptions;
  private readonly now: () => number;
  private readonly periodMs: number;
  private readonly inputs = new Map<InputSource, { cmd: AxisCommand; at: number }>();
  /** Inputs that were held when motion was halted: they must let go before they drive again (a fresh press). */
  private readonly mustRelease = new Set<InputSource>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private allowed = false;
  private paramMax: number | null = null;
  private fraction = 0.5;
  private lastHalt: HaltReason | undefined;
  private snap: TeleopSnapshot;

  constructor(o: TeleopControllerOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.periodMs = 1000 / (o.rateHz ?? 20);
    this.snap = this.makeSnapshot();
  }

  /** An input's current command, or null when it lets go of its deadman. */
  setInput(source: InputSource, cmd: AxisCommand | null): void {
    if (!cmd) this.mustRelease.delete(source);
    else if (this.mustRelease.has(source)) return this.emit();
    if (cmd) this.inputs.set(source, { cmd: { linear: clamp(cmd.linear, -1, 1), angular: clamp(cmd.angular, -1, 1) }, at: this.now() });
    else this.inputs.delete(source);
    this.update(cmd ? undefined : 'release');
  }

  /**
   * Whether motion may go out at all (holding control, link connected and not stalled). Turning it off halts at
   * once, and inputs held then need a fresh press once motion is allowed again.
   */
  setAllowed(allowed: boolean): void {
    if (this.allowed === allowed) return;
    this.allowed = allowed;
    if (!allowed) for (const src of this.inputs.keys()) this.mustRelease.add(src);
    if (!allowed) this.inputs.clear();
    // Only a stop that actually happens here is "control"; an earlier halt (link, blur) keeps its reason.
    this.update(allowed || !this.timer ? undefined : 'control');
  }

  /**
   * Drops every input and, if moving, sends the zero twist now. For blur, hidden page, link loss or stall, e-stop.
   * An input still held must be let go and pressed again before it drives (nothing resumes by itself).
   */
  halt(reason: HaltReason): void {
    for (const src of this.inputs.keys()) this.mustRelease.add(src);
    this.inputs.clear();
    this.update(reason);
  }

  /** The robot's own limit from /robot/max_speed; null or non-positive when it has none. */
  setRobotMaxSpeed(v: number | null): void {
    this.paramMax = typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
    this.emit();
  }

  /** Slider position 0..1 of the top speed. */
  setSpeedFraction(f: number): void {
    this.fraction = clamp(f, 0, 1);
    this.emit();
  }

  snapshot(): TeleopSnapshot {
    return this.snap;
  }

  dispose(): void {
    this.halt('dispose');
  }

  /** Top linear speed at full slider: the robot's limit when known, else the console default. */
  maxLinear(): number {
    return this.paramMax ?? this.o.defaultMaxLinear ?? 0.5;
  }

  private command(): Twist {
    let lin = 0;
    let ang = 0;
    for (const { cmd } of this.inputs.values()) {
      lin += cmd.linear;
      ang += cmd.angular;
    }
    const s = this.snap;
    return twist(clamp(lin, -1, 1) * s.linearCap, clamp(ang, -1, 1) * s.angularCap);
  }

  private expire(): boolean {
    const ttl = { gamepad: 250, ...this.o.sourceTtlMs };
    const t = this.now();
    let dropped = false;
    for (const [src, v] of this.inputs) {
      const limit = ttl[src];
      if (limit !== undefined && t - v.at > limit) {
        this.inputs.delete(src);
        dropped = true;
      }
    }
    return dropped;
  }

  private tick = (): void => {
    if (this.expire()) {
      this.update('expired');
      if (!this.timer) return;
    }
    this.o.publish(this.command());
  };

  private update(reason: HaltReason | undefined): void {
    const shouldRun = this.allowed && this.inputs.size > 0;
    if (shouldRun && !this.timer) {
      this.lastHalt = undefined;
      this.timer = setInterval(this.tick, this.periodMs);
      this.o.publish(this.command());
      this.emit();
    } else if (!shouldRun && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.lastHalt = reason ?? 'release';
      this.o.publish(ZERO_TWIST);
      this.emit();
    } else {
      if (reason && !shouldRun && reason !== 'release') this.lastHalt = reason;
      this.emit();
    }
  }

  private makeSnapshot(): TeleopSnapshot {
    return {
      active: this.timer !== undefined,
      deadman: this.inputs.size > 0,
      sources: [...this.inputs.keys()].sort(),
      allowed: this.allowed,
      linearCap: this.maxLinear() * this.fraction,
      angularCap: (this.o.maxAngular ?? 1.0) * this.fraction,
      lastHalt: this.lastHalt,
    };
  }

  private emit(): void {
    const next = this.makeSnapshot();
    const p = this.snap;
    if (
      p.active === next.active &&
      p.deadman === next.deadman &&
      p.allowed === next.allowed &&
      p.linearCap === next.linearCap &&
      p.angularCap === next.angularCap &&
      p.lastHalt === next.lastHalt &&
      p.sources.join() === next.sources.join()
    )
      return;
    this.snap = next;
    this.o.onChange?.(next);
  }
}

/** W/A/S/D and arrow keys held (KeyboardEvent.code) → command; null when no motion key is held. */
export function keysToCommand(held: ReadonlySet<string>): AxisCommand | null {
  const f = held.has('KeyW') || held.has('ArrowUp');
  const b = held.has('KeyS') || held.has('ArrowDown');
  const l = held.has('KeyA') || held.has('ArrowLeft');
  const r = held.has('KeyD') || held.has('ArrowRight');
  if (!f && !b && !l && !r) return null;
  return { linear: (f ? 1 : 0) - (b ? 1 : 0), angular: (l ? 1 : 0) - (r ? 1 : 0) };
}

export const MOTION_KEYS: ReadonlySet<string> = new Set([
  'KeyW',
  'KeyA',
  'KeyS',
  'KeyD',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
]);

export interface GamepadLike {
  buttons: readonly { pressed: boolean; value?: number }[];
  axes: readonly number[];
}

/** Default deadman: left shoulder (standard mapping button 4). Left stick Y drives, right stick X turns. */
export const GAMEPAD_DEADMAN_BUTTON = 4;

export function gamepadToCommand(gp: GamepadLike, deadmanButton = GAMEPAD_DEADMAN_BUTTON, deadzone = 0.12): AxisCommand | null {
  if (!gp.buttons[deadmanButton]?.pressed) return null;
  const dz = (v: number | undefined): number => (v === undefined || Math.abs(v) < deadzone ? 0 : v);
  return { linear: -dz(gp.axes[1]), angular: -dz(gp.axes[2] ?? gp.axes[0]) };
}
