// One evidence ring per robot, fed by the robot's message tap, plus its /diagnostics feed; follows the fleet.
import { getLink } from '../../fleet';
import { useFleetStore } from '../../fleet';
import type { MessageTap, TapDetail } from './incidentServiceTypes';
import { DEFAULT_RING_BYTES, estimateBytes, MessageRing, type MessageRingOptions, type RingMessage } from './messageRing';

export interface RecorderDeps {
  tapFor(robotId: string): MessageTap;
  /** /diagnostics feed (default: subscribe on the robot's link). */
  subscribeDiagnostics?(robotId: string, cb: (msg: unknown, receivedAt: number) => void): () => void;
  ring?: MessageRingOptions;
  /** This robot's byte budget (site profile), else ring.maxBytes or the default. */
  ringBytesFor?(robotId: string): number | undefined;
  onDiagnostics(robotId: string, msg: unknown, receivedAt: number): void;
}

/**
 * The ring's record of one tapped message: per message one object and nothing else. Frame bytes stand for its
 * size (no walk over the message); a binary ROS 1 payload is kept as it came, to go into the clip unchanged.
 */
export function tapRecord(topic: string, type: string, msg: unknown, receivedAt: number, d: TapDetail | undefined): RingMessage {
  if (!d) return { topic, type, msg, receivedAt, bytes: estimateBytes(msg) };
  const rec: RingMessage = { topic, type, msg, receivedAt, bytes: d.bytes > 0 ? d.bytes : estimateBytes(msg) };
  if (d.direction === 'out') rec.sent = true;
  if (d.raw && d.rawEncoding === 'ros1') rec.raw = d.raw;
  return rec;
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
    const ring = new MessageRing({ ...this.deps.ring, maxBytes: this.budgetOf(robotId) });
    const off: (() => void)[] = [];
    try {
      off.push(this.deps.tapFor(robotId).onMessage((topic, type, msg, at, d) => ring.add(tapRecord(topic, type, msg, at, d))));
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

  /** Re-reads each ring's byte budget (the site profile changed). */
  applyBudgets(): void {
    for (const [id, r] of this.rings) r.ring.setMaxBytes(this.budgetOf(id) ?? DEFAULT_RING_BYTES);
  }

  private budgetOf(robotId: string): number | undefined {
    let b: number | undefined;
    try {
      b = this.deps.ringBytesFor?.(robotId);
    } catch {
      b = undefined;
    }
    return b !== undefined && Number.isFinite(b) && b > 0 ? b : this.deps.ring?.maxBytes;
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
