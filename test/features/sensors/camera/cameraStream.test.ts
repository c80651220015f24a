import { describe, expect, it } from 'vitest';
import { CameraStream } from '../../../../src/features/sensors/camera/cameraStream';
import type { DecodeResult, ImageDecoder } from '../../../../src/features/sensors/camera/imageDecoder';
import { FakeLink } from '../../../support/fakeLink';

const TOPIC = '/camera/image_raw/compressed';
const TYPE = 'sensor_msgs/CompressedImage';

/** A decoder the test completes by hand, to play a slow decoder. */
function manualDecoder() {
  const calls: { msg: { n: number }; resolve: (r: DecodeResult) => void }[] = [];
  const decode: ImageDecoder = (_t, msg) => new Promise((resolve) => calls.push({ msg: msg as { n: number }, resolve }));
  const ok = (n: number): DecodeResult => ({ ok: true, frame: { width: n, height: 1, source: {} as ImageData } });
  return { decode, calls, ok };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function msg(n: number) {
  return { n, header: { stamp: { secs: 100, nsecs: n * 1e6 }, frame_id: 'cam' }, format: 'jpeg', data: new Uint8Array(0) };
}

describe('camera stream', () => {
  it('subscribes with queue_length 1, the given throttle and CBOR', () => {
    const link = new FakeLink();
    const s = new CameraStream(link, TOPIC, TYPE, { throttleRate: 100, schedule: () => 0 });
    expect(link.subscriptions[0].opts).toEqual({ type: TYPE, throttleRate: 100, queueLength: 1, compression: 'cbor' });
    s.close();
    expect(link.subscriptions[0].active).toBe(false);
  });

  it('newest wins while the decoder is busy; drops are counted', async () => {
    const link = new FakeLink();
    const d = manualDecoder();
    const frames: number[] = [];
    const scheduled: (() => void)[] = [];
    const s = new CameraStream(link, TOPIC, TYPE, { decode: d.decode, schedule: (cb) => scheduled.push(cb) });
    s.setSink((f) => frames.push(f.width));
    link.emit(TOPIC, msg(1));
    link.emit(TOPIC, msg(2)); // waits
    link.emit(TOPIC, msg(3)); // replaces 2
    link.emit(TOPIC, msg(4)); // replaces 3
    expect(d.calls.map((c) => c.msg.n)).toEqual([1]);
    d.calls[0].resolve(d.ok(1));
    await tick();
    expect(d.calls.map((c) => c.msg.n)).toEqual([1, 4]);
    d.calls[1].resolve(d.ok(4));
    await tick();
    // two decoded frames before the screen refreshed: only the newest is drawn
    expect(scheduled.length).toBe(1);
    scheduled[0]();
    expect(frames).toEqual([4]);
    const st = s.stats();
    expect(st.received).toBe(4);
    expect(st.shown).toBe(1);
    expect(st.dropped).toBe(3); // 2 and 3 before decoding, 1 before drawing
    expect(st.current?.stampMs).toBe(100_004);
    expect(st.current?.frameId).toBe('cam');
  });

  it('a bad frame reports an error and keeps the last good frame on screen', async () => {
    const link = new FakeLink();
    const d = manualDecoder();
    const scheduled: (() => void)[] = [];
    const s = new CameraStream(link, TOPIC, TYPE, { decode: d.decode, schedule: (cb) => scheduled.push(cb) });
    const frames: number[] = [];
    s.setSink((f) => frames.push(f.width));
    link.emit(TOPIC, msg(1));
    d.calls[0].resolve(d.ok(7));
    await tick();
    scheduled.shift()!();
    link.emit(TOPIC, msg(2));
    d.calls[1].resolve({ ok: false, error: { code: 'corrupt', params: { format: 'jpeg' } } });
    await tick();
    expect(scheduled.length).toBe(0);
    expect(frames).toEqual([7]);
    expect(s.stats().error?.code).toBe('corrupt');
    expect(s.stats().current?.width).toBe(7);
    link.emit(TOPIC, msg(3));
    d.calls[2].resolve(d.ok(8));
    await tick();
    scheduled.shift()!();
    expect(s.stats().error).toBeUndefined();
  });

  it('a decoder that throws is reported like a corrupt frame, and the stream keeps going', async () => {
    const link = new FakeLink();
    let n = 0;
    const s = new CameraStream(link, TOPIC, TYPE, {
      schedule: (cb) => cb(),
      decode: async () => {
        if (n++ === 0) throw new Error('boom');
        return { ok: true, frame: { width: 3, height: 1, source: {} as ImageData } };
      },
    });
    link.emit(TOPIC, msg(1));
    await tick();
    expect(s.stats().error?.code).toBe('corrupt');
    link.emit(TOPIC, msg(2));
    await tick();
    expect(s.stats().error).toBeUndefined();
    expect(s.stats().shown).toBe(1);
  });

  it('messages after close are ignored', async () => {
    const link = new FakeLink();
    const d = manualDecoder();
    const s = new CameraStream(link, TOPIC, TYPE, { decode: d.decode, schedule: () => 0 });
    s.close();
    s.onMessage(msg(1), Date.now());
    expect(d.calls.length).toBe(0);
  });
});
