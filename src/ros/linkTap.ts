import type { RosbridgeFrame } from './frameDecoder';
import type { TapEvent } from './types';

/** Ops a tap reports as "sent by the console" (subscribe, advertise and the like are not messages). */
const OUT_OPS = new Set(['publish', 'call_service', 'send_action_goal', 'cancel_action_goal']);
/** Goal ids and services whose type is remembered for the tap (results that never come must not grow it). */
const MAX_REMEMBERED = 1000;

type TypeOf = (topic: string) => string | undefined;

function remember(map: Map<string, string>, key: string, value: string): void {
  if (map.size >= MAX_REMEMBERED && !map.has(key)) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/**
 * The link's tap: every decoded message in and every message out, to listeners such as an evidence ring.
 * While nobody listens the link does not call it at all (one boolean test per frame).
 */
export class LinkTap {
  private readonly listeners = new Set<(e: TapEvent) => void>();
  private readonly advertised = new Map<string, string>();
  private readonly actionTypes = new Map<string, string>();
  private readonly serviceTypes = new Map<string, string>();

  constructor(
    /** The type a subscribed topic has. */
    private readonly subscribedType: TypeOf,
    /** Called when the first listener comes and the last one goes. */
    private readonly activeChanged: (on: boolean) => void,
  ) {}

  get active(): boolean {
    return this.listeners.size > 0;
  }

  add(cb: (e: TapEvent) => void): () => void {
    this.listeners.add(cb);
    if (this.listeners.size === 1) this.activeChanged(true);
    return () => {
      if (this.listeners.delete(cb) && this.listeners.size === 0) this.activeChanged(false);
    };
  }

  /** Every outgoing frame passes here (also while nobody listens: advertised types must be known later). */
  noteOutgoing(frame: Record<string, unknown>): void {
    const op = frame.op;
    if (op === 'advertise' && typeof frame.topic === 'string' && typeof frame.type === 'string')
      this.advertised.set(frame.topic, frame.type);
    if (!this.active || typeof op !== 'string' || !OUT_OPS.has(op)) return;
    let topic: string | undefined;
    let type: string | undefined;
    let msg: unknown;
    if (op === 'publish') {
      topic = frame.topic as string;
      type = this.advertised.get(topic);
      msg = frame.msg;
    } else if (op === 'call_service') {
      topic = frame.service as string;
      type = typeof frame.type === 'string' ? frame.type : this.serviceTypes.get(topic);
      msg = frame.args;
    } else {
      topic = frame.action as string;
      if (op === 'send_action_goal') {
        type = typeof frame.action_type === 'string' ? frame.action_type : undefined;
        if (type && typeof frame.id === 'string') this.rememberAction(frame.id, type);
        msg = frame.args;
      } else {
        type = typeof frame.id === 'string' ? this.actionTypes.get(frame.id) : undefined;
        msg = { id: frame.id };
      }
    }
    const text = JSON.stringify(msg ?? null);
    this.emit({ direction: 'out', op, topic, type, at: Date.now(), msg, bytes: text === undefined ? 0 : text.length });
  }

  incoming(frame: RosbridgeFrame, at: number, bytes: number, raw: Uint8Array | undefined, rawEncoding: 'ros1' | 'cbor' | undefined): void {
    const op = frame.op;
    let topic: string | undefined;
    let type: string | undefined;
    let msg: unknown;
    if (op === 'publish') {
      topic = frame.topic as string;
      type = this.subscribedType(topic);
      msg = frame.msg;
    } else if (op === 'service_response') {
      topic = typeof frame.service === 'string' ? frame.service : undefined;
      type = topic === undefined ? undefined : this.serviceTypes.get(topic);
      msg = frame.values;
    } else if (op === 'action_feedback' || op === 'action_result') {
      topic = typeof frame.action === 'string' ? frame.action : undefined;
      const id = typeof frame.id === 'string' ? frame.id : undefined;
      type = id ? this.actionTypes.get(id) : undefined;
      if (op === 'action_result' && id) this.actionTypes.delete(id);
      msg = op === 'action_result' ? { status: frame.status, result: frame.result, values: frame.values } : frame.values;
    } else {
      msg = frame;
    }
    const e: TapEvent = { direction: 'in', op, topic, type, at, msg, bytes };
    if (raw) {
      e.raw = raw;
      e.rawEncoding = rawEncoding;
    }
    this.emit(e);
  }

  /** roslib's call_service frames carry no type: the link says which type it called a service with. */
  serviceType(service: string, type: string): void {
    if (this.serviceTypes.get(service) === type) return;
    remember(this.serviceTypes, service, type);
  }

  private rememberAction(id: string, type: string): void {
    remember(this.actionTypes, id, type);
  }

  private emit(e: TapEvent): void {
    for (const cb of this.listeners) {
      try {
        cb(e);
      } catch (err) {
        console.error('robot link: a tap listener threw', err);
      }
    }
  }
}
