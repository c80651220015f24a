// One camera topic of one robot, outside React: subscription -> decoder (one at a time) -> screen (once per
// animation frame). Two newest-wins slots sit in between, so a camera faster than the decoder or the screen
// costs dropped frames, never a backlog: the picture shown is always the newest one that could be decoded.
// React only reads stats() a few times per second for the overlay.
import type { Compression, RobotLink } from '../../../ros';
import { stampToMs, type StampLike } from './imageAge';
import { decodeImageMessage, isCompressedType, releaseFrame, type DecodedFrame, type ImageDecoder } from './imageDecoder';
import { NewestWins, RateMeter } from './newestWins';
import type { ImageError } from './rawImage';

export interface CameraStreamOptions {
  /** rosbridge throttle_rate (ms). 0 = every frame the link can carry. */
  throttleRate?: number;
  /** rosbridge queue_length: 1 so the server drops old frames for a slow link instead of queueing them. */
  queueLength?: number;
  /** CBOR carries image bytes as binary (JSON would base64 them, +33% and a string to decode). */
  compression?: Compression;
  decode?: ImageDecoder;
  /** Screen-refresh scheduler (requestAnimationFrame); injectable for tests. */
  schedule?: (cb: () => void) => unknown;
  now?: () => number;
}

export interface ShownFrame {
  width: number;
  height: number;
  /** Robot-clock epoch ms from header.stamp, undefined when unstamped. */
  stampMs?: number;
  /** Console epoch ms when the message arrived. */
  receivedAt: number;
  frameId?: string;
}

export interface CameraStreamStats {
  received: number;
  /** Frames put on screen. */
  shown: number;
  /** Frames skipped because a newer one arrived first (before decoding or before the screen refreshed). */
  dropped: number;
  /** Messages arriving per second. */
  rxHz: number;
  /** Frames drawn per second. */
  fps: number;
  /** The frame on screen (the last good one), if any. */
  current?: ShownFrame;
  /** The last decode failure, cleared by the next good frame. */
  error?: ImageError;
  /** Mean decode time of the last frames, ms. */
  decodeMs: number;
}

/** Where decoded frames go; the panel's canvas in the app, a spy in tests. */
export type FrameSink = (frame: DecodedFrame, meta: ShownFrame) => void;

interface Pending {
  msg: unknown;
  receivedAt: number;
}

interface Ready {
  frame: DecodedFrame;
  meta: ShownFrame;
}

export class CameraStream {
  private readonly decode: ImageDecoder;
  private readonly schedule: (cb: () => void) => unknown;
  private readonly now: () => number;
  private readonly toDecode = new NewestWins<Pending>();
  private readonly toDraw = new NewestWins<Ready>((r) => releaseFrame(r.frame));
  private readonly rx = new RateMeter();
  private readonly drawn = new RateMeter();
  private decoding = false;
  private drawScheduled = false;
  private closed = false;
  private unsubscribe: () => void;
  private sink: FrameSink | null = null;
  private received = 0;
  private shown = 0;
  private current?: ShownFrame;
  private error?: ImageError;
  private decodeMsAvg = 0;
  private hiddenDrops = 0;

  constructor(
    link: RobotLink,
    readonly topic: string,
    readonly type: string,
    opts: CameraStreamOptions = {},
  ) {
    this.decode = opts.decode ?? decodeImageMessage;
    this.schedule = opts.schedule ?? ((cb) => requestAnimationFrame(cb));
    this.now = opts.now ?? Date.now;
    this.unsubscribe = link.subscribe(
      topic,
      {
        type,
        throttleRate: opts.throttleRate ?? 0,
        queueLength: opts.queueLength ?? 1,
        compression: opts.compression ?? 'cbor',
      },
      (msg, receivedAt) => this.onMessage(msg, receivedAt),
    );
  }

  /** Attach (or detach with null) the drawing target. Without one, frames are still counted but not drawn. */
  setSink(sink: FrameSink | null): void {
    this.sink = sink;
  }

  onMessage(msg: unknown, receivedAt: number): void {
    if (this.closed) return;
    this.received++;
    this.rx.tick(receivedAt);
    // Hidden window or tab: nobody sees the picture, so do not spend CPU decoding it (counted as dropped).
    if (typeof document !== 'undefined' && document.hidden) {
      this.hiddenDrops++;
      return;
    }
    this.toDecode.put({ msg, receivedAt });
    if (!this.decoding) void this.pump();
  }

  private async pump(): Promise<void> {
    this.decoding = true;
    try {
      for (let p = this.toDecode.take(); p && !this.closed; p = this.toDecode.take()) {
        const t0 = performance.now();
        let r: Awaited<ReturnType<ImageDecoder>>;
        try {
          r = await this.decode(this.type, p.msg);
        } catch (err) {
          r = { ok: false, error: { code: 'corrupt', params: { detail: err instanceof Error ? err.message : String(err) } } };
        }
        this.decodeMsAvg = this.decodeMsAvg * 0.8 + (performance.now() - t0) * 0.2;
        if (this.closed) {
          if (r.ok) releaseFrame(r.frame);
          break;
        }
        if (!r.ok) {
          this.error = r.error;
          continue;
        }
        const header = (p.msg as { header?: { stamp?: StampLike; frame_id?: unknown } }).header;
        this.toDraw.put({
          frame: r.frame,
          meta: {
            width: r.frame.width,
            height: r.frame.height,
            stampMs: stampToMs(header?.stamp),
            receivedAt: p.receivedAt,
            frameId: typeof header?.frame_id === 'string' ? header.frame_id : undefined,
          },
        });
        this.requestDraw();
      }
    } finally {
      this.decoding = false;
    }
  }

  private requestDraw(): void {
    if (this.drawScheduled) return;
    this.drawScheduled = true;
    this.schedule(() => {
      this.drawScheduled = false;
      this.drawNow();
    });
  }

  /** Puts the newest decoded frame on screen (called once per animation frame). */
  drawNow(): void {
    const r = this.toDraw.take();
    if (!r || this.closed) {
      if (r) releaseFrame(r.frame);
      return;
    }
    try {
      this.sink?.(r.frame, r.meta);
    } finally {
      releaseFrame(r.frame);
    }
    this.current = r.meta;
    this.error = undefined;
    this.shown++;
    this.drawn.tick(this.now());
  }

  stats(): CameraStreamStats {
    const now = this.now();
    return {
      received: this.received,
      shown: this.shown,
      dropped: this.toDecode.dropped + this.toDraw.dropped + this.hiddenDrops,
      rxHz: this.rx.rate(now),
      fps: this.drawn.rate(now),
      current: this.current,
      error: this.error,
      decodeMs: this.decodeMsAvg,
    };
  }

  get compressed(): boolean {
    return isCompressedType(this.type);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.toDecode.clear();
    this.toDraw.clear();
    this.sink = null;
  }
}
