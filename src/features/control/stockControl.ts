// Who arbitrates control of one robot: the robot itself (something publishes `<ns>/operator/control`) or, for a
// stock robot that does not, the consoles among themselves (LeaseArbiter on `<ns>/operator/lease`).
// Detection asks rosapi who publishes the control topic on every connection; when rosapi cannot say, a robot
// that has not sent its latched control state within DETECT_FALLBACK_MS is taken as not arbitrating. A control
// message from the robot always wins: the robot is then the authority.
import type { Publisher, RobotLink } from '../../ros';
import { STRING_TYPE, leaseTopic, operatorTopics, parseLease, toStringMsg, type LeaseMessage } from '../../contracts';
import { LeaseArbiter, type ArbiterChange, type ArbiterView } from './leaseArbiter';

export type Arbitration = 'unknown' | 'robot' | 'consoles';

/** When rosapi cannot say who publishes the control topic: this long without a control message means "consoles". */
export const DETECT_FALLBACK_MS = 5000;

export interface StockControlOptions {
  link: RobotLink;
  ns?: string;
  consoleId: string;
  operator(): string;
  now?: () => number;
  onArbitration(a: Arbitration): void;
  onLease(view: ArbiterView, change: ArbiterChange, by?: LeaseMessage): void;
  /** Lease timings for tests. */
  arbiter?: { leaseMs?: number; renewMs?: number; staleMs?: number; claimWindowMs?: number };
}

/** Asks rosapi for the publishers of `topic`: [] nobody, undefined when rosapi cannot say. */
async function publishersOf(link: RobotLink, topic: string): Promise<string[] | undefined> {
  try {
    const v = await link.callService<{ publishers?: unknown }>('/rosapi/publishers', 'rosapi/Publishers', { topic }, 5000);
    return Array.isArray(v?.publishers) ? v.publishers.filter((p): p is string => typeof p === 'string') : undefined;
  } catch {
    return undefined;
  }
}

export class StockControl {
  private mode: Arbitration = 'unknown';
  private arbiterInst: LeaseArbiter | undefined;
  private readonly pub: Publisher<{ data: string }>;
  private readonly offs: (() => void)[] = [];
  private fallback: ReturnType<typeof setTimeout> | undefined;
  private detectRun = 0;
  private robotSpoke = false;
  private disposed = false;

  constructor(private readonly o: StockControlOptions) {
    const topic = leaseTopic(o.ns ?? '');
    this.pub = o.link.advertise(topic, STRING_TYPE, { queueSize: 1 });
    this.offs.push(
      o.link.subscribe(topic, { type: STRING_TYPE, queueLength: 10, expectSilence: true }, (m) => {
        const l = parseLease(m);
        if (l) this.arbiterInst?.receive(l);
      }),
    );
    let wasUp = o.link.status().state === 'connected';
    this.offs.push(
      o.link.onStatus((s) => {
        const up = s.state === 'connected';
        if (up && !wasUp) this.detect();
        wasUp = up;
      }),
    );
    if (wasUp) this.detect();
  }

  arbitration(): Arbitration {
    return this.mode;
  }

  arbiter(): LeaseArbiter | undefined {
    return this.mode === 'consoles' ? this.arbiterInst : undefined;
  }

  /** The robot published its control state: it arbitrates. */
  robotControlSeen(): void {
    this.robotSpoke = true;
    this.set('robot');
  }

  dispose(): void {
    this.disposed = true;
    if (this.fallback) clearTimeout(this.fallback);
    for (const off of this.offs) off();
    this.arbiterInst?.dispose();
    this.pub.unadvertise();
  }

  private detect(): void {
    const run = ++this.detectRun;
    if (this.fallback) clearTimeout(this.fallback);
    const controlTopic = operatorTopics(this.o.ns ?? '').control;
    void publishersOf(this.o.link, controlTopic).then((pubs) => {
      if (this.disposed || run !== this.detectRun) return;
      if (pubs === undefined) {
        this.fallback = setTimeout(() => {
          if (!this.robotSpoke && !this.disposed) this.set('consoles');
        }, DETECT_FALLBACK_MS);
        return;
      }
      this.set(pubs.length > 0 || this.robotSpoke ? 'robot' : 'consoles');
    });
  }

  private set(mode: Arbitration): void {
    if (this.mode === mode) return;
    this.mode = mode;
    if (mode === 'consoles' && !this.arbiterInst) {
      const link = this.o.link;
      const now = this.o.now ?? Date.now;
      this.arbiterInst = new LeaseArbiter({
        consoleId: this.o.consoleId,
        operator: this.o.operator,
        now,
        robotNow: () => now() + (link.status().clockOffsetMs ?? 0),
        publish: (m) => {
          if (link.status().state !== 'connected') return false;
          return (this.pub.publish as (x: { data: string }) => unknown)(toStringMsg(m)) !== false;
        },
        onChange: (v, c, by) => this.o.onLease(v, c, by),
        ...this.o.arbiter,
      });
    }
    if (mode === 'robot' && this.arbiterInst) {
      this.arbiterInst.release();
      this.arbiterInst.dispose();
      this.arbiterInst = undefined;
    }
    this.o.onArbitration(mode);
  }
}
