// One evidence ring per robot, fed by the robot's message tap, plus its /diagnostics feed; follows the fleet.
import { getLink } from '../../fleet';
import { useFleetStore } from '../../fleet';
import type { MessageTap } from './incidentServiceTypes';
import { MessageRing, type MessageRingOptions } from './messageRing';

export interface RecorderDeps {
  tapFor(robotId: string): MessageTap;
  /** /diagnostics feed (default: subscribe on the robot's link). */
  subscribeDiagnostics?(robotId: string, cb: (msg: unknown, receivedAt: number) => void): () => void;
  ring?: MessageRingOptions;
  onDiagnostics(robotId: string, msg: unknown, receivedAt: number): void;
}

export class RobotRecorders {
  private rings = new Map<string, { ring: MessageRing; off: (() => void)[] }>();
  private offFleet: (() => void) | undefined;

  constructor(private readonly deps: RecorderDeps) {}

  ring(robotId: string): MessageRing | undefined {
    return this.rings.get(robotId)?.ring;
  }

  watch(robotId: string): void {
    if (this.rings.has(robotId)) return;
    const ring = new MessageRing(this.deps.ring);
    const off: (() => void)[] = [];
    try {
      off.push(this.deps.tapFor(robotId).onMessage((topic, type, msg, receivedAt) => ring.push(topic, type, msg, receivedAt)));
    } catch (err) {
      console.warn('[incidents] no message tap for', robotId, err);
    }
    const onDiag = (msg: unknown, receivedAt: number) => this.deps.onDiagnostics(robotId, msg, receivedAt);
    try {
      if (this.deps.subscribeDiagnostics) off.push(this.deps.subscribeDiagnostics(robotId, onDiag));
      else {
        const link = getLink(robotId);
        if (link) off.push(link.subscribe('/diagnostics', { type: 'diagnostic_msgs/DiagnosticArray' }, onDiag));
      }
    } catch (err) {
      console.warn('[incidents] /diagnostics not watched for', robotId, err);
    }
    this.rings.set(robotId, { ring, off });
  }

  unwatch(robotId: string): void {
    const r = this.rings.get(robotId);
    if (!r) return;
    for (const f of r.off) f();
    this.rings.delete(robotId);
  }

  /** Watches exactly the fleet store's robots from now on. */
  followFleet(): void {
    const sync = () => {
      const ids = new Set(useFleetStore.getState().robots.map((r) => r.id));
      for (const id of ids) this.watch(id);
      for (const id of [...this.rings.keys()]) if (!ids.has(id)) this.unwatch(id);
    };
    sync();
    this.offFleet = useFleetStore.subscribe((s, prev) => {
      if (s.robots !== prev.robots) sync();
    });
  }

  stop(): void {
    this.offFleet?.();
    this.offFleet = undefined;
    for (const id of [...this.rings.keys()]) this.unwatch(id);
  }
}
