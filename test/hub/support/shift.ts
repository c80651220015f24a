// A shift of records from three consoles and ten robots. Events a robot makes (its requests, control
// changes, mode changes) are seen by every console and carry ids derived from the robot's own, so each is
// pushed three times and must be stored once; what a person does (tasks, approvals, incidents) is pushed
// by the console where it was done.
import type { PushRecord, TaskStateName } from '../../../src/contracts/records';
import { incidentRecord, taskRecord } from './records';
import { SITE } from './testHub';

export const ROBOTS = Array.from({ length: 10 }, (_, i) => `ws://robot-${i}:9090`);
const MIN = 60_000;

export interface ShiftPlan {
  /** Records per console, in the order that console writes them. */
  perConsole: PushRecord[][];
  expected: { audit: number; tasks: number; modes: number; incidents: number; edits: number; succeededByRobot: Record<string, number> };
}

interface RobotShift {
  robotId: string;
  ri: number;
  start: number;
  /** Pushes a record every console sees (robot-made, with an id derived from the robot's own). */
  everyone: (r: PushRecord) => void;
  /** The records of the console where the person acted. */
  owner: PushRecord[];
}

function robotModes({ robotId, start, everyone }: RobotShift): number {
  const modes = ['autonomous', 'idle', 'teleop'] as const;
  for (let k = 0; k < 12; k++) {
    const s = start + k * 40 * MIN;
    const id = `${robotId}:mode:${s}`;
    const mode = modes[k % 3]!;
    everyone({ kind: 'mode', record: { site: SITE, id, robotId, mode, start: s, end: null } });
    everyone({ kind: 'mode', record: { site: SITE, id, robotId, mode, start: s, end: s + 40 * MIN } });
  }
  return 12;
}

function robotTakeovers({ robotId, ri, start, everyone, owner }: RobotShift): number {
  const audit = (id: string, at: number, kind: string, person: string, data: Record<string, unknown>): PushRecord =>
    ({ kind: 'audit', record: { site: SITE, id, at, robotId, kind, person, data } }) as PushRecord;
  for (let k = 0; k < 5; k++) {
    const at = start + (k * 90 + ri) * MIN;
    everyone(audit(`${robotId}:request:${k}`, at, 'request', `robot-${ri}`, { kind: 'takeover', reason: 'blocked' }));
    owner.push(audit(`approve-${ri}-${k}`, at + 1000, 'approve', 'operator', { kind: 'takeover' }));
    everyone(audit(`${robotId}:control:${at + 2000}`, at + 2000, 'control', 'operator', { holder: 'operator' }));
    everyone(audit(`${robotId}:control:${at + 600_000}`, at + 600_000, 'control', 'operator', { holder: '' }));
  }
  return 5 * 4;
}

function robotTasks({ robotId, ri, start, owner }: RobotShift): number {
  let succeeded = 0;
  for (let k = 0; k < 6; k++) {
    const at = start + (k * 70 + ri) * MIN;
    const t = taskRecord(`task-${ri}-${k}`, robotId, at);
    owner.push(t);
    const end: TaskStateName = k % 3 === 2 ? 'failed' : 'succeeded';
    if (end === 'succeeded') succeeded++;
    (['dispatched', 'active', end] as const).forEach((to, v) => {
      owner.push({
        kind: 'taskChange',
        record: { site: SITE, id: `chg-${ri}-${k}-${v}`, taskId: t.record.id, baseVersion: v + 1, at: at + (v + 1) * 1000, to },
      });
    });
    owner.push({
      kind: 'taskProgress',
      record: { site: SITE, id: `prog-${ri}-${k}`, taskId: t.record.id, progress: { at: at + 1500, distance: 2.5 } },
    });
  }
  return succeeded;
}

function robotIncident({ robotId, ri, start, owner }: RobotShift): number {
  const inc = incidentRecord(`inc-shift-${ri}`, robotId, start + ri * MIN);
  owner.push(inc);
  const edit = (id: string, at: number, set: Record<string, unknown>): PushRecord =>
    ({ kind: 'incidentEdit', record: { site: SITE, id, incidentId: inc.record.id, at, set } }) as PushRecord;
  owner.push(edit(`edit-${ri}-label`, start + ri * MIN + 5000, { category: 'path blocked', severity: 'minor', labelState: 'labelled' }));
  owner.push(edit(`edit-${ri}-clip`, start + ri * MIN + 6000, { clipState: 'complete', clipBlobId: `${inc.record.id}/clip.mcap` }));
  return 2;
}

export function planShift(start: number, consoles = 3): ShiftPlan {
  const perConsole: PushRecord[][] = Array.from({ length: consoles }, () => []);
  const everyone = (r: PushRecord) => perConsole.forEach((list) => list.push(r));
  const succeededByRobot: Record<string, number> = {};
  let audit = 0;
  let edits = 0;
  ROBOTS.forEach((robotId, ri) => {
    const r: RobotShift = { robotId, ri, start, everyone, owner: perConsole[ri % consoles]! };
    robotModes(r);
    audit += robotTakeovers(r);
    succeededByRobot[robotId] = robotTasks(r);
    edits += robotIncident(r);
  });
  return {
    perConsole,
    expected: { audit, tasks: ROBOTS.length * 6, modes: ROBOTS.length * 12, incidents: ROBOTS.length, edits, succeededByRobot },
  };
}

/** Splits a list into batches of random sizes (what a console writes between two sync runs). */
export function chunks<T>(xs: T[], max: number, random: () => number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length;) {
    const n = 1 + Math.floor(random() * max);
    out.push(xs.slice(i, i + n));
    i += n;
  }
  return out;
}

/** A small deterministic random source, so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
