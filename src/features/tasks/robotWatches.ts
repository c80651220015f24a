// Follows each robot's link for the task engine: which link object the robot has now, and whether it is
// connected. Tells the engine when a link object is replaced, when a connection is lost and when it is back.
import type { LinkStatus, RobotLink } from '../../ros';

export interface RobotWatchEvents {
  getLink(robotId: string): RobotLink | undefined;
  /** The robot's link object changed (or went away): anything holding the old one must let go. */
  linkReplaced(robotId: string): void;
  lost(robotId: string, status: LinkStatus): void;
  connected(robotId: string): void;
}

interface RobotWatch {
  link?: RobotLink;
  off?: () => void;
  connected: boolean;
}

export class RobotWatches {
  private watches = new Map<string, RobotWatch>();

  constructor(private readonly events: RobotWatchEvents) {}

  robots(): IterableIterator<string> {
    return this.watches.keys();
  }

  isConnected(robotId: string): boolean {
    return this.watches.get(robotId)?.connected ?? false;
  }

  /** Starts (or refreshes) watching the robot's current link object. */
  attach(robotId: string): void {
    const link = this.events.getLink(robotId);
    const w = this.watches.get(robotId) ?? { connected: false };
    this.watches.set(robotId, w);
    if (w.link === link) return;
    w.off?.();
    this.events.linkReplaced(robotId);
    w.link = link;
    w.connected = false;
    if (!link) {
      this.onStatus(robotId, { state: 'closed', url: '', attempt: 0, reason: 'robot removed from the fleet' });
      return;
    }
    w.off = link.onStatus((s) => this.onStatus(robotId, s));
    this.onStatus(robotId, link.status());
  }

  dispose(): void {
    for (const w of this.watches.values()) w.off?.();
    this.watches.clear();
  }

  private onStatus(robotId: string, s: LinkStatus): void {
    const w = this.watches.get(robotId);
    if (!w) return;
    const was = w.connected;
    w.connected = s.state === 'connected';
    if (was && !w.connected) this.events.lost(robotId, s);
    else if (!was && w.connected) this.events.connected(robotId);
  }
}
