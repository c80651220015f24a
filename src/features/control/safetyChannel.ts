// One robot's safety talk as seen from this console: the robot's latched `<ns>/operator/safety` state and the
// consoles' `estop`/`enable` records on `<ns>/operator/response` (src/contracts/safetyProtocol.ts). What it
// hears goes into the fleet's safety store; `send` publishes this console's records and applies them here at
// once (the echo from the robot is recognised and not applied twice).
import type { Publisher, RobotLink, SubscribeOptions } from '../../ros';
import type { SafetyEvent } from '../../fleet';
import {
  STRING_TYPE,
  operatorTopics,
  parseSafetyRecord,
  parseSafetyState,
  safetyTopic,
  toStringMsg,
  type SafetyRecord,
} from '../../contracts';

export interface SafetyChannelOptions {
  robotId: string;
  link: RobotLink;
  ns?: string;
  apply(e: SafetyEvent): void;
}

const SEEN_MAX = 200;

function quiet(queueLength: number): SubscribeOptions {
  return { type: STRING_TYPE, queueLength, expectSilence: true };
}

function key(r: SafetyRecord): string {
  return `${r.id}|${r.confirmed === undefined ? '?' : String(r.confirmed)}`;
}

export class SafetyChannel {
  readonly robotId: string;
  private readonly pub: Publisher<{ data: string }>;
  private readonly offs: (() => void)[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly o: SafetyChannelOptions) {
    this.robotId = o.robotId;
    const t = operatorTopics(o.ns ?? '');
    this.pub = o.link.advertise(t.response, STRING_TYPE, { queueSize: 10 });
    this.offs.push(
      o.link.subscribe(safetyTopic(o.ns ?? ''), quiet(1), (m) => {
        const msg = parseSafetyState(m);
        if (msg) o.apply({ kind: 'topic', msg });
      }),
      o.link.subscribe(t.response, quiet(10), (m) => {
        const r = parseSafetyRecord(m);
        if (r) this.take(r);
      }),
      o.link.onStatus((s) => {
        if (s.state !== 'connected') o.apply({ kind: 'link-lost' });
      }),
    );
  }

  /** Publishes this console's record and applies it at once. */
  send(r: SafetyRecord): void {
    this.take(r);
    this.pub.publish(toStringMsg(r));
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.offs.length = 0;
    this.pub.unadvertise();
  }

  private take(r: SafetyRecord): void {
    const k = key(r);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    if (this.seen.size > SEEN_MAX) this.seen.delete(this.seen.values().next().value as string);
    this.o.apply({ kind: 'record', record: r });
  }
}
