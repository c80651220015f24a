// Keeps a robot's description current: reads the /robot_description parameter (ROS 1; rosapi get_param) when the
// feed starts, again after every reconnect, and every REFRESH_MS while connected (a parameter has no change
// notification); and listens to the /robot_description topic (std_msgs/String, latched by ROS 2's
// robot_state_publisher). Every text that arrives is handed on; the receiver ignores repeats.

import type { LinkStatus, RobotLink } from '../ros';

export const ROBOT_DESCRIPTION = '/robot_description';
/** How often the parameter is read again while connected. */
export const REFRESH_MS = 30_000;

export type DescriptionLink = Pick<RobotLink, 'subscribe' | 'getParam'> & Partial<Pick<RobotLink, 'onStatus'>>;

export interface DescriptionSink {
  /** A description text (possibly the same as before). */
  text(urdf: string): void;
  /** Why none could be read (no parameter, not a string, the call failed). */
  missing(reason: string): void;
}

export class DescriptionReader {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private offs: (() => void)[] = [];
  private disposed = false;
  private wasConnected = false;
  private inFlight = false;

  constructor(
    private readonly link: DescriptionLink,
    private readonly sink: DescriptionSink,
  ) {}

  start(): void {
    this.offs.push(
      this.link.subscribe<{ data?: unknown }>(ROBOT_DESCRIPTION, { type: 'std_msgs/String', expectSilence: true }, (msg) => {
        if (typeof msg?.data === 'string' && msg.data) this.sink.text(msg.data);
      }),
    );
    if (this.link.onStatus) this.offs.push(this.link.onStatus((s) => this.onStatus(s)));
    void this.read(0);
  }

  private onStatus(s: LinkStatus): void {
    const connected = s.state === 'connected';
    if (connected && !this.wasConnected) this.readSoon(0);
    this.wasConnected = connected;
  }

  private readSoon(attempt: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.read(attempt);
  }

  private async read(attempt: number): Promise<void> {
    if (this.disposed || this.inFlight) return;
    this.inFlight = true;
    let next: number;
    try {
      const v = await this.link.getParam<unknown>(ROBOT_DESCRIPTION);
      if (this.disposed) return;
      if (typeof v === 'string' && v.trim()) {
        this.sink.text(v);
        next = REFRESH_MS;
      } else {
        this.sink.missing(v === null ? 'no /robot_description' : '/robot_description is not a text');
        next = backoff(attempt);
      }
    } catch (err) {
      if (this.disposed) return;
      this.sink.missing(err instanceof Error ? err.message : String(err));
      next = backoff(attempt);
    } finally {
      this.inFlight = false;
    }
    // The link may not be connected yet, or the robot may set the param later: keep asking.
    this.timer = setTimeout(() => void this.read(next === REFRESH_MS ? 0 : attempt + 1), next);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const off of this.offs) off();
    this.offs = [];
  }
}

function backoff(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.min(attempt, 4));
}
