// The live channel: one WebSocket to the hub that delivers every feed entry after our cursor as it is
// committed. It reconnects with backoff; a reconnect resumes from the cursor, so nothing is missed.
import { liveServerMessageSchema, type FeedEntry } from '../contracts';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { Clock } from './clock';

/** The part of the browser's WebSocket (and the `ws` package's) that this uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface LiveHandlers {
  token(): string | undefined;
  cursor(): number;
  onReady(head: number): void;
  onChanges(entries: FeedEntry[], head: number): void;
  onUnauthenticated(message: string): void;
  onConnected(connected: boolean, why?: string): void;
}

export function liveUrl(hubUrl: string): string {
  return `${hubUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/api/live`;
}

export class LiveConnection {
  private ws?: WebSocketLike;
  private timer: unknown;
  private attempt = 0;
  private running = false;

  constructor(
    private readonly url: string,
    private readonly Ctor: WebSocketCtor,
    private readonly clock: Clock,
    private readonly backoff: BackoffOptions,
    private readonly h: LiveHandlers,
  ) {}

  private isReady = false;

  get connected(): boolean {
    return this.ws?.readyState === 1;
  }

  /** Connected and greeted: every entry after the cursor arrives here without pulling. */
  get ready(): boolean {
    return this.isReady && this.connected;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const ws = this.ws;
    this.ws = undefined;
    this.isReady = false;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      try {
        ws.close(1000, 'console stopping');
      } catch {
        // already closed
      }
      this.h.onConnected(false, 'stopped');
    }
  }

  private open(): void {
    if (!this.running) return;
    const token = this.h.token();
    if (!token) return;
    let ws: WebSocketLike;
    try {
      ws = new this.Ctor(this.url);
    } catch (err) {
      this.retry(err instanceof Error ? err.message : String(err));
      return;
    }
    this.ws = ws;
    let ready = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token, cursor: this.h.cursor() }));
    ws.onerror = () => {};
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = liveServerMessageSchema.parse(JSON.parse(String(ev.data)));
      } catch {
        return; // a message this console does not understand changes nothing it shows
      }
      if (msg.type === 'ready') {
        ready = true;
        this.isReady = true;
        this.attempt = 0;
        this.h.onConnected(true);
        this.h.onReady(msg.head);
      } else if (msg.type === 'changes') this.h.onChanges(msg.entries, msg.head);
      else if (msg.code === 401) this.h.onUnauthenticated(msg.message);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.isReady = false;
      if (ready) this.h.onConnected(false, ev.reason || `closed (${ev.code})`);
      if (ev.code === 4401) return; // the session ended; signing in again restarts the channel
      this.retry(ev.reason || `closed (${ev.code})`);
    };
  }

  private retry(_why: string): void {
    if (!this.running) return;
    const wait = backoffDelay(this.attempt++, this.backoff);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.open();
    }, wait);
  }
}
