// How old the picture on screen is, in the robot's clock. A camera image shown without its age can mislead
// the person driving: an image older than the threshold is marked STALE.

export const DEFAULT_STALE_MS = 1000;

export interface StampLike {
  secs?: number;
  nsecs?: number;
  /** ROS 2 spelling, accepted defensively. */
  sec?: number;
  nanosec?: number;
}

/** header.stamp -> epoch ms, or undefined when missing or zero (a publisher that does not stamp). */
export function stampToMs(stamp: StampLike | undefined | null): number | undefined {
  if (!stamp || typeof stamp !== 'object') return undefined;
  const s = typeof stamp.secs === 'number' ? stamp.secs : stamp.sec;
  const ns = typeof stamp.nsecs === 'number' ? stamp.nsecs : stamp.nanosec;
  if (typeof s !== 'number' || !Number.isFinite(s)) return undefined;
  const ms = s * 1000 + (typeof ns === 'number' && Number.isFinite(ns) ? ns / 1e6 : 0);
  return ms > 0 ? ms : undefined;
}

export interface AgeInput {
  /** Console epoch ms now. */
  now: number;
  /** Stamp of the frame on screen, robot epoch ms (undefined: not stamped). */
  stampMs?: number;
  /** Console epoch ms when that frame arrived. */
  receivedAt: number;
  /** link.status().clockOffsetMs: robot clock minus console clock. */
  clockOffsetMs?: number;
  staleMs?: number;
}

export interface Age {
  ageMs: number;
  stale: boolean;
  /** true when the age comes from the arrival time because the image carried no stamp. */
  fromArrival: boolean;
}

/**
 * Age = robot's now - stamp, with robot's now = console now + clock offset. Without a stamp, the time since
 * arrival stands in (a lower bound of the true age). A negative age (clock estimate off) is reported as 0.
 */
export function imageAge(a: AgeInput): Age {
  const limit = a.staleMs ?? DEFAULT_STALE_MS;
  let ageMs: number;
  let fromArrival = false;
  if (a.stampMs !== undefined) {
    ageMs = a.now + (a.clockOffsetMs ?? 0) - a.stampMs;
  } else {
    ageMs = a.now - a.receivedAt;
    fromArrival = true;
  }
  // Even a freshly stamped image is stale once nothing new has arrived for longer than the limit.
  const silent = a.now - a.receivedAt;
  ageMs = Math.max(0, ageMs);
  return { ageMs, stale: ageMs > limit || silent > limit, fromArrival };
}
