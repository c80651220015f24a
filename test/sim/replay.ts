// Helpers for the conformance tests (conformance/): load a recorded rosbridge scenario, replay its client frames
// against a simulated robot with the recorded timing, and compare shapes of JSON / CBOR values.
import WebSocket from 'ws';
import { decode as cborDecode } from 'cbor-x';
import { decode as pngDecode } from 'fast-png';

import { loadServerLog, loadTranscript, type TranscriptLine } from '../fixtures/transcript';

export interface Scenario {
  name: string;
  lines: TranscriptLine[];
  log: string[];
}

/** A recorded scenario by name ("06-compression-png"): its transcript and the real server's log. */
export function loadScenario(name: string): Scenario {
  return { name, lines: loadTranscript(name), log: loadServerLog(name) };
}

export interface SimFrame {
  t: number;
  binary: boolean;
  text?: string;
  bytes?: Uint8Array;
}

/** Replays c2s frames per connection at their recorded times; returns what the simulated server sent. */
/** `rewrite` may adapt a recorded client frame to the simulated world (e.g. goal positions on its map). */
export async function replay(
  sc: Scenario,
  url: string,
  tailMs = 300,
  rewrite?: (frame: Record<string, unknown>) => Record<string, unknown>,
): Promise<Map<number, SimFrame[]>> {
  const out = new Map<number, SimFrame[]>();
  const sockets = new Map<number, WebSocket>();
  const t0 = performance.now();
  const at = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms - (performance.now() - t0))));
  const open = async (conn: number): Promise<WebSocket> => {
    let ws = sockets.get(conn);
    if (ws) return ws;
    ws = new WebSocket(url);
    sockets.set(conn, ws);
    const frames: SimFrame[] = [];
    out.set(conn, frames);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const t = performance.now() - t0;
      frames.push(isBinary ? { t, binary: true, bytes: new Uint8Array(data) } : { t, binary: false, text: data.toString('utf8') });
    });
    await new Promise<void>((resolve, reject) => {
      ws!.once('open', () => resolve());
      ws!.once('error', reject);
    });
    return ws;
  };
  let end = 0;
  for (const l of sc.lines) {
    if (l.dir === 'event' && l.event === 'client-open') {
      await at(l.t_ms);
      await open(l.conn);
    }
    if (l.dir === 'event' && l.event === 'client-close') end = Math.max(end, l.t_ms);
    if (l.dir !== 'c2s') continue;
    await at(l.t_ms);
    const ws = await open(l.conn);
    if (l.type === 'binary') ws.send(Buffer.from(l.frame as string, 'base64'));
    else
      ws.send(
        l.json === false
          ? (l.frame as string)
          : JSON.stringify(rewrite ? rewrite(structuredClone(l.frame as Record<string, unknown>)) : l.frame),
      );
  }
  await at(end);
  for (const ws of sockets.values()) ws.close();
  await new Promise((r) => setTimeout(r, tailMs));
  return out;
}

/** Recorded s2c frames of one connection, with the decoded payload (JSON / CBOR / PNG) the README describes. */
export function recordedFrames(sc: Scenario, conn: number): TranscriptLine[] {
  return sc.lines.filter((l) => l.dir === 's2c' && l.conn === conn);
}

export function decodeSimPng(b64: string): { text: string; width: number; height: number } {
  const img = pngDecode(Buffer.from(b64, 'base64'));
  const bytes = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return { text: bytes.toString('utf8').replace(/\n+$/, ''), width: img.width, height: img.height };
}

export function decodeSimCbor(bytes: Uint8Array): unknown {
  return cborDecode(bytes);
}

/** The kind of a value for structural comparison; recorded CBOR markers map onto the same kinds. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : 'number';
  if (typeof v === 'string') return v === 'NaN' ? 'NaN?' : 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  if (ArrayBuffer.isView(v)) return `typed:${v instanceof Uint8Array ? 'Uint8Array' : v.constructor.name}`;
  if (typeof v === 'object' && v !== null && '$typedArray' in v) return `typed:${(v as { $typedArray: string }).$typedArray}`;
  return 'object';
}

/**
 * Differences between the shape of a recorded value and a simulated one: same object keys, same kinds
 * (number/string/bool/null/array/object/typed array kind, NaN), recursively; array elements are compared with
 * the recorded first element (lengths may differ: a humanoid has more joints than the recorded robot).
 * In recorded CBOR, NaN is the string "NaN": it matches a real NaN.
 */
export function shapeDiff(rec: unknown, sim: unknown, at = '$', cbor = false): string[] {
  let rk = kindOf(rec);
  const sk = kindOf(sim);
  if (rk === 'NaN?') rk = cbor ? 'NaN' : 'string';
  if (rk !== sk) return [`${at}: recorded ${rk}, simulated ${sk}`];
  if (rk === 'object') {
    const r = rec as Record<string, unknown>;
    const s = sim as Record<string, unknown>;
    const rkeys = Object.keys(r).sort().join(',');
    const skeys = Object.keys(s).sort().join(',');
    if (rkeys !== skeys) return [`${at}: keys recorded {${rkeys}} simulated {${skeys}}`];
    return Object.keys(r).flatMap((k) => shapeDiff(r[k], s[k], `${at}.${k}`, cbor));
  }
  if (rk === 'array') {
    const r = rec as unknown[];
    const s = sim as unknown[];
    if (r.length === 0 || s.length === 0) return [];
    return s.slice(0, 50).flatMap((x, i) => shapeDiff(r[Math.min(i, r.length - 1)], x, `${at}[${i}]`, cbor));
  }
  return [];
}

/** Message text of a log line (after "]: " or the twisted "[-] "), with client numbers and run-specific numbers normalised. */
export function normLog(line: string): string {
  let m = line.replace(/^\[[a-z_]+\] (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+0000 \[-\] )?/, '');
  const i = m.indexOf(']: ');
  if (m.startsWith('[') && i >= 0) m = m.slice(0, m.indexOf(']') + 1) + ' ' + m.slice(i + 3);
  return m
    .replace(/\[Client \d+\]/g, '[Client N]')
    .replace(/sending \d+ parts/, 'sending N parts')
    .replace(/\[duration: [^\]]+\]/, '[duration: D]');
}
