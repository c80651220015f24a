// The shared record schemas against the console's own definitions, so the two cannot drift apart unnoticed.
import { describe, expect, it } from 'vitest';
import {
  AUDIT_KINDS,
  PERMISSIONS,
  ROLES,
  TASK_STATES,
  TASK_TRANSITIONS,
  can,
  incidentBodySchema,
  pushRequestSchema,
  taskBodySchema,
} from '../../src/contracts/records';
import { canTransition, createTask, type TaskState } from '../../src/features/tasks/taskModel';
import { incidentSchema } from '../../src/features/incidents/types';
import { AUDIT_KINDS as CONSOLE_AUDIT_KINDS } from '../../src/features/control/auditRepo';

describe('record contracts', () => {
  it("has the console's task state machine", () => {
    for (const from of TASK_STATES)
      for (const to of TASK_STATES)
        expect(TASK_TRANSITIONS[from].includes(to), `${from} -> ${to}`).toBe(canTransition(from as TaskState, to as TaskState));
  });

  it("takes a console's task and incident as they are, plus their site", () => {
    const task = createTask({
      robotId: 'ws://a:9090',
      templateId: 'go-to-place',
      target: { kind: 'pose', x: 1, y: 2, yaw: 0, frame: 'map' },
      assignedBy: 'ana',
      order: 1,
      at: 5,
    });
    expect(taskBodySchema.parse({ ...task, site: 's1' })).toEqual({ ...task, site: 's1' });
    expect(Object.keys(incidentBodySchema.shape).sort()).toEqual([...Object.keys(incidentSchema.shape), 'site'].sort());
    expect(() => taskBodySchema.parse(task)).toThrow(/site/);
  });

  it('knows every audit kind the console writes', () => {
    expect(AUDIT_KINDS).toEqual(expect.arrayContaining([...CONSOLE_AUDIT_KINDS]));
  });

  it('gives every permission to admins and nothing but reading and e-stop to viewers', () => {
    for (const p of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect(can('admin', p)).toBe(true);
    expect((Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((p) => can('viewer', p)).sort()).toEqual([
      'audit.estop',
      'read',
    ]);
    expect(ROLES).toEqual(['viewer', 'operator', 'lead', 'trainer', 'admin']);
  });

  it('refuses a push of no records, too many, or of an unknown kind', () => {
    expect(pushRequestSchema.safeParse({ consoleId: 'c', records: [] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ consoleId: 'c', records: [{ kind: 'robotDance', record: {} }] }).success).toBe(false);
  });
});
