// The hub's service figures (SQL, GET /api/figures) equal the console's own computation (serviceFigures on
// recordsFrom) over the same records, from three consoles, one batch pushed twice and one incident pushed by
// two consoles, on PGlite and on a real PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecordWire, ModeSpan, PushRecord } from '../../src/contracts/records';
import { siteFiguresSchema } from '../../src/contracts';
import type { AuditEntry } from '../../src/features/control/auditRepo';
import { recordsFrom, type IncidentLike } from '../../src/features/operations/serviceRecords';
import { serviceFigures } from '../../src/features/operations/serviceFigures';
import type { Task } from '../../src/features/tasks/taskModel';
import { backends } from './support/backends';
import { auditRecord, incidentRecord, modeRecord, taskChange, taskRecord } from './support/records';
import { startTestHub, type TestHub } from './support/testHub';

const H = 3_600_000;
const DAY = 86_400_000;
const S = 10 * DAY;
const E = S + 8 * H;

type Rec<K extends PushRecord['kind']> = Extract<PushRecord, { kind: K }>;

const mode = (id: string, robotId: string, start: number, end: number | null, m: ModeSpan['mode']) =>
  modeRecord(robotId, start, end, m, id);
const audit = (id: string, robotId: string, at: number, kind: AuditRecordWire['kind'], data: Record<string, unknown> = {}) =>
  auditRecord({ id, robotId, at, kind, data });
function endedTask(id: string, robotId: string, at: number, state: Task['state'], endedAt: number): Rec<'task'> {
  const t = taskRecord(id, robotId, at);
  return {
    kind: 'task',
    record: {
      ...t.record,
      state,
      history: [
        { at, state: 'queued' },
        { at: endedAt, state },
      ],
    },
  };
}
function incident(id: string, robotId: string, at: number, labelState: string, category: string | null, severity: string | null) {
  const i = incidentRecord(id, robotId, at);
  return { kind: 'incident', record: { ...i.record, labelState, category, severity } } as Rec<'incident'>;
}

// Console a (operator): modes of r1 and r2, tasks. r1's idle span ends before anyone else watches: a gap.
const canceledLater = taskRecord('task-r2-cancel', 'r2', S + 1 * H);
const consoleA: PushRecord[] = [
  mode('m-r1-idle', 'r1', S - 2 * H, S + 0.25 * H, 'idle'),
  mode('m-r1-auto', 'r1', S + 1 * H, S + 3 * H, 'autonomous'),
  mode('m-r1-teleop', 'r1', S + 3 * H, S + 3.5 * H, 'teleop'),
  mode('m-r1-auto2', 'r1', S + 3.5 * H, null, 'autonomous'),
  mode('m-r2-auto', 'r2', S + 0.5 * H, S + 2 * H, 'autonomous'),
  mode('m-r2-disc', 'r2', S + 2 * H, S + 2.5 * H, 'disconnected'),
  endedTask('task-r1-ok', 'r1', S + 1 * H, 'succeeded', S + 2 * H),
  endedTask('task-r1-fail', 'r1', S + 2 * H, 'failed', S + 2.5 * H),
  endedTask('task-r3-before', 'r3', S - 3 * H, 'succeeded', S - 1 * H),
  endedTask('task-r3-rejected', 'r3', S + 6 * H, 'rejected', S + 6.5 * H),
  canceledLater,
  taskChange('task-r2-cancel', 1, 'canceled', S + 1.5 * H, 'chg-r2-cancel'),
  incident('inc-r1-collision', 'r1', S + 3.2 * H, 'labelled', 'collision', 'minor'),
];
// Console b (lead): r2 and r3, and r1 seen a moment later than console a saw it. Pushed twice.
const consoleB: PushRecord[] = [
  mode('m-b-r1-auto', 'r1', S + 1 * H + 250, null, 'autonomous'),
  mode('m-r2-idle', 'r2', S + 4 * H, S + 6 * H, 'idle'),
  mode('m-r3-auto', 'r3', S + 5 * H, S + 7 * H, 'autonomous'),
  audit('a-r3-help', 'r3', S + 6 * H, 'approve', { kind: 'help' }),
  incident('inc-r2-draft', 'r2', S + 2.1 * H, 'draft', null, null),
  incident('inc-r3-major', 'r3', S + 6.2 * H, 'labelled', null, 'major'),
];
// Console c (admin): the takeover audit, and console a's incident again (same id).
const consoleC: PushRecord[] = [
  audit('a-before', 'r1', S - 2 * H, 'approve', { kind: 'takeover' }),
  audit('a-r1-approve', 'r1', S + 3 * H - 1000, 'approve', { kind: 'takeover' }),
  audit('a-r1-control', 'r1', S + 3 * H, 'control', { holder: 'lead' }),
  audit('a-r1-control-again', 'r1', S + 3.2 * H, 'control', { holder: 'lead' }),
  audit('a-r1-release', 'r1', S + 3.5 * H, 'control', { holder: '' }),
  audit('a-r2-estop', 'r2', S + 2 * H, 'estop', { reason: 'button' }),
  audit('a-r3-control', 'r3', S + 7.5 * H, 'control', { holder: 'admin' }),
  consoleA[consoleA.length - 1]!,
];

/** What a console holding every record once (by id, as it keeps the hub's records) computes. */
function consoleFigures(records: readonly PushRecord[], from: number, to: number) {
  const byId = <K extends PushRecord['kind']>(kind: K): Rec<K>['record'][] => {
    const mine = records.filter((r): r is Rec<K> => r.kind === kind).map((r) => r.record as Rec<K>['record']);
    return [...new Map(mine.map((r) => [r.id, r])).values()];
  };
  const spans = byId('mode').sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  const changes = byId('taskChange');
  const tasks = byId('task').map((t) => {
    const history = [...t.history];
    let state = t.state;
    for (const c of changes.filter((c) => c.taskId === t.id && c.to)) {
      history.push({ at: c.at, state: c.to! });
      state = c.to!;
    }
    return { ...t, state, history } as Task;
  });
  const auditEntries = byId('audit')
    .filter((a) => a.at >= from - DAY && a.at <= to)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)) as unknown as AuditEntry[];
  const incidents = byId('incident').filter((i) => i.at >= from && i.at <= to) as unknown as IncidentLike[];
  const recs = recordsFrom({
    modes: spans.map((s) => ({ robotId: s.robotId, at: s.start, mode: s.mode })),
    observed: spans.map((s) => ({ start: s.start, end: s.end ?? to })),
    tasks,
    audit: auditEntries,
    incidents,
  });
  return ['r1', 'r2', 'r3'].map((id) => serviceFigures(recs, id, from, to));
}

describe.each(backends())('site figures in SQL on $name', (backend) => {
  let t: TestHub;
  const push = async (role: 'operator' | 'lead' | 'admin', consoleId: string, records: PushRecord[]) => {
    const r = await t.call('POST', '/api/push', { token: await t.login(role), body: { consoleId, records } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body as { results: { status: string; message?: string }[] }).results.map((x) => x.status);
  };

  beforeAll(async () => {
    t = await startTestHub(await backend.fresh());
    expect(await push('operator', 'console-a', consoleA)).toEqual(consoleA.map(() => 'applied'));
    expect(await push('lead', 'console-b', consoleB)).toEqual(consoleB.map(() => 'applied'));
    expect(await push('lead', 'console-b', consoleB)).toEqual(consoleB.map(() => 'duplicate'));
    const c = await push('admin', 'console-c', consoleC);
    expect(c).toEqual([...consoleC.slice(1).map(() => 'applied'), 'duplicate']);
  }, 60_000);
  afterAll(() => t?.close(), 30_000);

  const figures = async (from: number, to: number) => {
    const r = await t.call('GET', `/api/figures?from=${from}&to=${to}`, { token: await t.login('viewer') });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return siteFiguresSchema.parse(r.body);
  };

  it('equals the console computation over the same records, per robot', async () => {
    const hub = await figures(S, E);
    const mine = consoleFigures([...consoleA, ...consoleB, ...consoleB, ...consoleC], S, E);
    expect(hub.robots).toEqual(mine);
    expect(hub).toMatchObject({ from: S, to: E, site: 'plant-1' });
    expect(hub.computedAt).toBeGreaterThan(E);
  });

  it('counts what happened once: the gap, the duplicate incident, the takeover held twice, the estop', async () => {
    const [r1, r2, r3] = (await figures(S, E)).robots;
    expect(r1!.ms).toEqual({ autonomous: 6.5 * H, teleop: 0.5 * H, idle: 0.5 * H + 0.25 * H, disconnected: 0, unobserved: 0.25 * H });
    expect(r1!.incidentsByCategory).toEqual({ collision: 1 });
    expect(r1!).toMatchObject({ takeovers: 1, meanTakeoverMs: 0.5 * H, interventions: 1, tasks: { succeeded: 1, failed: 1 } });
    expect(r2!).toMatchObject({ estops: 1, tasks: { canceled: 1 }, incidentsBySeverity: {} });
    expect(r2!.ms.disconnected).toBe(2 * H);
    expect(r3!).toMatchObject({ takeovers: 1, meanTakeoverMs: 0.5 * H, tasks: { succeeded: 0, rejected: 1 } });
    expect(r3!.incidentsByCategory).toEqual({ unlabelled: 1 });
  });

  it('equals the console computation for a window inside the shift, and a running one is clipped to now', async () => {
    const from = S + 2.2 * H;
    const to = S + 5.5 * H;
    expect((await figures(from, to)).robots).toEqual(consoleFigures([...consoleA, ...consoleB, ...consoleC], from, to));
    const before = Date.now();
    const running = await figures(before - 2 * H, before + 10 * H);
    expect(running.to).toBe(running.computedAt);
    expect(running.to).toBeGreaterThanOrEqual(before);
    expect(running.to).toBeLessThanOrEqual(Date.now());
    // r1's span is still open: the hub counts it observed up to now, not up to the asked end.
    expect(running.robots.find((r) => r.robotId === 'r1')!.ms.autonomous).toBe(running.to - running.from);
  });

  it('refuses a bad window (400), a missing session (401), and writes nothing', async () => {
    const viewer = await t.login('viewer');
    for (const q of ['', '?from=5&to=5', '?from=abc&to=9', '?from=-1&to=9', `?from=0&to=${40 * DAY}`]) {
      const r = await t.call('GET', `/api/figures${q}`, { token: viewer });
      expect(r.status, q).toBe(400);
      expect(r.body.error).toBe('invalid');
    }
    expect((await t.call('GET', `/api/figures?from=${S}&to=${E}`)).status).toBe(401);
  });
});
