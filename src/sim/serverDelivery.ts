// How the simulated rosbridge sends to its clients: per-subscription throttle_rate and queue_length, encoding
// per subscription (JSON, CBOR, PNG, cbor-raw), and the connection-wide fragment_size, as rosbridge 0.11.17 does.
import { CborStringArrayBug, fragmentText } from './encoding';
import { encodeFor, type Conn, type ConnSub } from './protocol';
import type { ServerLog } from './serverLog';

/** A stalled client: frames beyond this much unsent data are dropped, as a full socket would drop them. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export class ServerDelivery {
  constructor(private readonly log: ServerLog) {}

  /** Sends `msg` to one subscription now, later (throttled, queued) or not at all (queue_length 0 while throttled). */
  deliver(s: ConnSub, msg: object): void {
    if (s.throttle <= 0) {
      this.send(s, msg);
      return;
    }
    const now = Date.now();
    if (now - s.lastSent >= s.throttle && s.pending.length === 0) {
      this.send(s, msg);
      return;
    }
    if (s.queue <= 0) return;
    s.pending.push(msg);
    if (s.pending.length > s.queue) s.pending.shift();
    if (!s.timer) this.scheduleFlush(s);
  }

  /** Sends text or binary to the client, in fragments when it asked for them. */
  sendRaw(c: Conn, data: string | Uint8Array): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    if (c.ws.bufferedAmount > MAX_BUFFERED) return;
    if (typeof data === 'string' && c.fragmentSize !== undefined && data.length > c.fragmentSize) {
      if (!(c.fragmentSize >= 1)) {
        // rosbridge: ZeroDivisionError for 0, an empty range for negative sizes
        this.log.client(c.id, undefined, 'ERROR', `fragment_size ${c.fragmentSize}: message not sent`);
        return;
      }
      const frags = fragmentText(data, c.fragmentSize);
      this.log.client(c.id, undefined, 'INFO', `sending ${frags.length} parts [fragment size: ${c.fragmentSize}; expected duration: ~0s]`);
      for (const f of frags) c.ws.send(f);
      return;
    }
    c.ws.send(data);
  }

  private scheduleFlush(s: ConnSub): void {
    const wait = Math.max(0, s.lastSent + s.throttle - Date.now());
    s.timer = setTimeout(() => {
      s.timer = undefined;
      const m = s.pending.shift();
      if (m) this.send(s, m);
      if (s.pending.length) this.scheduleFlush(s);
    }, wait);
  }

  private send(s: ConnSub, msg: object): void {
    s.lastSent = Date.now();
    const enc = encodeFor(s.topic.name, s.topic.type, s.compression, msg);
    if (enc === undefined) return;
    if (enc instanceof Error) {
      const text = enc instanceof CborStringArrayBug ? enc.message : String(enc.message);
      this.log.bridge('ERROR', `Exception calling subscribe callback: ${text}`);
      return;
    }
    this.sendRaw(s.conn, enc);
  }
}
