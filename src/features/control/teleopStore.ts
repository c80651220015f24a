// What the teleop panel shows: which robot teleop drives, the controller's state (deadman, publishing, caps),
// the speed slider (remembered), whether a gamepad is present. Updated on changes, not per tick.
import { create } from 'zustand';
import type { TeleopSnapshot } from './teleopController';

const SPEED_KEY = 'operator-console.teleopSpeed';

function loadSpeed(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(SPEED_KEY));
    return Number.isFinite(v) && v > 0 && v <= 1 ? v : 0.5;
  } catch {
    return 0.5;
  }
}

interface TeleopState {
  robotId?: string;
  snapshot?: TeleopSnapshot;
  speedFraction: number;
  /** The robot's /robot/max_speed, m/s; undefined when it has none or it is not known yet. */
  robotMaxSpeed?: number;
  gamepad?: string;
  /** Nothing arrived from the robot for STALL_MS while teleop was on: motion is blocked until it is healthy. */
  stalled?: boolean;
  setSpeedFraction(f: number): void;
}

export const useTeleopStore = create<TeleopState>((set) => ({
  speedFraction: loadSpeed(),
  setSpeedFraction(f) {
    try {
      globalThis.localStorage?.setItem(SPEED_KEY, String(f));
    } catch {
      // not remembered
    }
    set({ speedFraction: f });
  },
}));
