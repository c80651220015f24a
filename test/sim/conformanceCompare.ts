// The generic half of the conformance test (test/sim/conformance.test.ts): recorded and simulated frames as
// messages (fragments reassembled, PNG and CBOR decoded), and the structural comparison of the two.
import { expect } from 'vitest';
import type { SimRobot } from '../../src/sim/fleet';
import { decodeSimCbor, decodeSimPng, normLog, recordedFrames, shapeDiff, type Scenario, type SimFrame } from './replay';

export interface Message {
  op: string;
  topic?: string;
  id?: unknown;
  value: Record<string, unknown>;
  t: number;
  via: 'json' | 'fragment' | 'png' | 'cbor';
  fragments?: Array<Record<string, unknown>>;
  raw?: string[];
  png?: { width: number; height: number; len: number };
}

/** Recorded s2c frames of a connection as messages (fragments reassembled, PNG/CBOR decoded). */
function recordedMessages(sc: Scenario, conn: number): Message[] {
  const out: Message[] = [];
  let frags: Array<Record<string, unknown>> = [];
  for (const l of recordedFrames(sc, conn)) {
    if (l.type === 'binary') {
      const v = l.decoded_cbor as Record<string, unknown>;
      out.push({ op: v.op as string, topic: v.topic as string, value: v, t: l.t_ms, via: 'cbor' });
      continue;
    }
    const f = l.frame as Record<string, unknown>;
    if (f.op === 'fragment') {
      frags.push(f);
      if (frags.length === Math.floor(f.total as number)) {
        const v = JSON.parse(frags.map((x) => x.data).join('')) as Record<string, unknown>;
        out.push({ op: v.op as string, topic: v.topic as string, id: v.id, value: v, t: l.t_ms, via: 'fragment', fragments: frags });
        frags = [];
      }
    } else if (f.op === 'png') {
      const v = l.decoded_png as Record<string, unknown>;
      const d = decodeSimPng(f.data as string);
      out.push({
        op: v.op as string,
        topic: v.topic as string,
        value: v,
        t: l.t_ms,
        via: 'png',
        png: { width: d.width, height: d.height, len: Buffer.byteLength(d.text) },
      });
    } else out.push({ op: f.op as string, topic: f.topic as string, id: f.id, value: f, t: l.t_ms, via: 'json' });
  }
  return out;
}

function simMessages(frames: SimFrame[]): Message[] {
  const out: Message[] = [];
  let frags: Array<Record<string, unknown>> = [];
  let raws: string[] = [];
  for (const fr of frames) {
    if (fr.binary) {
      const v = decodeSimCbor(fr.bytes!) as Record<string, unknown>;
      out.push({ op: v.op as string, topic: v.topic as string, value: v, t: fr.t, via: 'cbor' });
      continue;
    }
    const f = JSON.parse(fr.text!) as Record<string, unknown>;
    if (f.op === 'fragment') {
      frags.push(f);
      raws.push(fr.text!);
      if (frags.length === Math.floor(f.total as number)) {
        const v = JSON.parse(frags.map((x) => x.data).join('')) as Record<string, unknown>;
        out.push({
          op: v.op as string,
          topic: v.topic as string,
          id: v.id,
          value: v,
          t: fr.t,
          via: 'fragment',
          fragments: frags,
          raw: raws,
        });
        frags = [];
        raws = [];
      }
    } else if (f.op === 'png') {
      const d = decodeSimPng(f.data as string);
      const v = JSON.parse(d.text) as Record<string, unknown>;
      out.push({
        op: v.op as string,
        topic: v.topic as string,
        value: v,
        t: fr.t,
        via: 'png',
        png: { width: d.width, height: d.height, len: Buffer.byteLength(d.text) },
      });
    } else out.push({ op: f.op as string, topic: f.topic as string, id: f.id, value: f, t: fr.t, via: 'json' });
  }
  expect(frags, 'no dangling fragments').toEqual([]);
  return out;
}

function compareServiceValues(service: string, rec: unknown, sim: unknown): void {
  const name = service.replace(/^\//, '');
  const r = rec as Record<string, unknown[]>;
  const s = sim as Record<string, unknown[]>;
  switch (name) {
    case 'rosapi/topics': {
      expect(s.topics!.length).toBe(s.types!.length);
      r.topics!.forEach((t, i) => {
        const j = s.topics!.indexOf(t);
        expect(j, `topic ${String(t)} listed`).toBeGreaterThanOrEqual(0);
        expect(s.types![j]).toBe(r.types![i]);
      });
      return;
    }
    case 'rosapi/services':
      expect(s.services).toEqual(expect.arrayContaining(r.services!));
      return;
    case 'rosapi/nodes':
      expect([...s.nodes!].sort()).toEqual([...r.nodes!].sort());
      return;
    case 'rosapi/get_param_names':
      expect(s.names).toEqual(expect.arrayContaining(r.names!));
      return;
    case 'rosapi/message_details':
      expect(sim).toEqual(rec);
      return;
    case 'rosapi/get_param': {
      const rv = JSON.parse((rec as { value: string }).value) as unknown;
      const sv = JSON.parse((sim as { value: string }).value) as unknown;
      expect(typeof sv).toBe(typeof rv);
      expect(sv === null).toBe(rv === null);
      return;
    }
    case 'robot/reset_odometry':
    case 'robot/set_enabled':
      expect(sim).toEqual(rec);
      return;
    default:
      expect(shapeDiff(rec, sim)).toEqual([]);
  }
}

export interface Scope {
  /** Topics the simulator does not provide (yet): it must stay silent on them. */
  outOfScope?: string[];
  /** Recorded log lines (normalised, regex) not reproduced. */
  logExclude?: RegExp[];
  /** Adapts a recorded client frame to the simulated robot's world before it is sent. */
  rewrite?: (frame: Record<string, unknown>, robot: SimRobot) => Record<string, unknown>;
}

/** The generic comparison described at the top of conformance.test.ts; returns messages for scenario-specific checks. */
export function compare(
  sc: Scenario,
  sim: Map<number, SimFrame[]>,
  robot: SimRobot,
  scope: Scope = {},
): Map<number, { rec: Message[]; sim: Message[] }> {
  const conns = [...new Set(sc.lines.filter((l) => l.dir !== 'note').map((l) => l.conn))];
  const result = new Map<number, { rec: Message[]; sim: Message[] }>();
  const oos = new Set(scope.outOfScope ?? []);
  for (const conn of conns) {
    const frames = sim.get(conn) ?? [];
    const recOps = new Set(recordedFrames(sc, conn).map((l) => (l.type === 'binary' ? 'binary' : (l.frame as { op: string }).op)));
    for (const f of frames) {
      const op = f.binary ? 'binary' : (JSON.parse(f.text!) as { op: string }).op;
      if (!f.binary) expect(f.text!, 'JSON text uses \\/ escapes like the real server').not.toMatch(/(?<!\\)\//);
      expect(op).not.toBe('status');
      expect(recOps.has(op), `${sc.name} conn ${conn}: the real server never sent op "${op}" here`).toBe(true);
      if (op === 'fragment') {
        const fr = JSON.parse(f.text!) as Record<string, unknown>;
        expect(fr.id).toBe(0);
        expect(typeof fr.total).toBe('number');
        expect(Object.keys(fr)).toEqual(['op', 'id', 'data', 'num', 'total']);
      }
    }
    const rec = recordedMessages(sc, conn).filter((m) => !(m.topic && oos.has(m.topic)));
    const got = simMessages(frames);
    expect(
      got.filter((m) => m.topic && oos.has(m.topic)),
      'silent on out-of-scope topics',
    ).toEqual([]);
    // service responses: same ids, order, service, result, values
    const rs = rec.filter((m) => m.op === 'service_response');
    const ss = got.filter((m) => m.op === 'service_response');
    expect(ss.map((m) => m.id)).toEqual(rs.map((m) => m.id));
    rs.forEach((r, i) => {
      const s = ss[i]!;
      expect(Object.keys(s.value)).toEqual(Object.keys(r.value));
      expect(s.value.service).toBe(r.value.service);
      expect(s.value.result).toBe(r.value.result);
      expect(typeof s.value.values).toBe(typeof r.value.values);
      if (typeof r.value.values === 'string') expect(s.value.values).toBe(r.value.values);
      else compareServiceValues(r.value.service as string, r.value.values, s.value.values);
    });
    // published topics and message shapes
    const topics = (ms: Message[]): string[] =>
      [...new Set(ms.filter((m) => m.op === 'publish').map((m) => `${m.topic} via ${m.via}`))].sort();
    expect(topics(got), `${sc.name} conn ${conn} topics`).toEqual(topics(rec));
    for (const r of rec.filter((m) => m.op === 'publish')) {
      for (const s of got.filter((m) => m.topic === r.topic && m.via === r.via).slice(0, 3)) {
        expect(shapeDiff(r.value, s.value, '$', r.via === 'cbor'), `${sc.name} ${r.topic}`).toEqual([]);
      }
    }
    result.set(conn, { rec, sim: got });
  }
  // server log
  const bridge = (lines: readonly string[]): string[] => lines.filter((l) => l.startsWith('[rosbridge_websocket]')).map(normLog);
  // lines about out-of-scope topics differ by design (the real topics existed, so typeless subscribes worked)
  const aboutOos = (l: string): boolean => [...oos].some((t) => l.includes(`${t} `) || l.endsWith(t));
  const recLog = bridge(sc.log).filter((l) => !(scope.logExclude ?? []).some((re) => re.test(l)) && !aboutOos(l));
  const simLog = bridge(robot.serverLog).filter((l) => !aboutOos(l));
  const volatile = (l: string): boolean => l.includes('Exception calling subscribe callback') || l.includes('sending N parts');
  expect(
    simLog.filter((l) => !volatile(l)),
    `${sc.name} server log`,
  ).toEqual(recLog.filter((l) => !volatile(l)));
  for (const probe of ['Exception calling subscribe callback', 'sending N parts']) {
    expect(
      simLog.some((l) => l.includes(probe)),
      `${sc.name}: log has "${probe}"`,
    ).toBe(recLog.some((l) => l.includes(probe)));
  }
  return result;
}
