// Two link rules for motion, free of DOM and React:
// - StallWatch: a link that stays open but from which nothing arrives for STALL_MS while driving is down for
//   motion (a frozen proxy, a stalled Wi-Fi): the console stops driving and says so. Only a link that was lively
//   (two frames less than STALL_MS apart) can stall, so a robot that is quiet by nature is not flagged.
// - zeroOnReconnect: after a reconnect while this console held control, the first thing sent is one zero twist.
import type { RobotLink } from '../../ros';

/** Nothing from the robot for this long while driving stops driving, ms. Faster than a robot's own watchdog. */
export const STALL_MS = 500;

export class StallWatch {
  private prev = 0;
  private lively = false;

  constructor(
    private readonly lastReceivedAt: () => number,
    private readonly now: () => number = Date.now,
    private readonly stallMs = STALL_MS,
  ) {}

  /** Call often (every 100 ms): true while the link is stalled. */
  stalled(): boolean {
    const last = this.lastReceivedAt();
    if (last !== this.prev) {
      if (this.prev > 0 && last - this.prev < this.stallMs) this.lively = true;
      this.prev = last;
    }
    return this.lively && last > 0 && this.now() - last > this.stallMs;
  }
}

/**
 * Sends one zero twist (`sendZero`) the moment the link is connected again if this console held control when it
 * was lost (or holds it now). Register it before anything else listens to the link's status, so the zero twist
 * is the first message out. Returns the stop function.
 */
export function zeroOnReconnect(link: RobotLink, holdsControl: () => boolean, sendZero: () => void): () => void {
  let up = link.status().state === 'connected';
  let heldAtLoss = false;
  return link.onStatus((s) => {
    const nowUp = s.state === 'connected';
    if (up && !nowUp) heldAtLoss = holdsControl();
    if (!up && nowUp && (heldAtLoss || holdsControl())) sendZero();
    up = nowUp;
  });
}
