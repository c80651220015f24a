import { describe, expect, it } from 'vitest';
import { recordsFrom } from '../../../src/features/operations/serviceRecords';
import { serviceFigures } from '../../../src/features/operations/serviceFigures';
import type { Task } from '../../../src/features/tasks/taskModel';
import type { AuditEntry } from '../../../src/features/control/auditRepo';

const task = (id: string, state: Task['state'], endedAt: number): Task =>
  ({
    id,
    robotId: 'r1',
    templateId: 'go',
    target: { kind: 'pose', x: 0, y: 0, yaw: 0, frame: 'map' },
    params: {},
    assignedBy: 'ana',
    assignedAt: 0,
    order: 0,
    state,
    history: [
      { at: 0, state: 'queued' },
      { at: endedAt, state },
    ],
    progress: {},
  }) as Task;

const audit = (at: number, kind: AuditEntry['kind'], data: Record<string, unknown>): AuditEntry => ({
  at,
  robotId: 'r1',
  kind,
  person: 'ana',
  data,
});

describe('service records from the durable stores', () => {
  it('turns ended tasks, control changes, approvals and e-stops into what the figures count', () => {
    const records = recordsFrom({
      modes: [{ robotId: 'r1', at: 0, mode: 'autonomous' }],
      tasks: [task('a', 'succeeded', 100), task('b', 'failed', 200), task('c', 'active', 300)],
      audit: [
        audit(400, 'request', { kind: 'takeover' }),
        audit(500, 'approve', { kind: 'takeover' }),
        audit(510, 'control', { holder: 'ana' }),
        audit(900, 'control', { holder: '' }),
        audit(950, 'estop', {}),
        audit(960, 'approve', { kind: 'help' }),
      ],
      incidents: [
        { robotId: 'r1', at: 700, category: null, severity: 'major', labelState: 'labelled' },
        // I then Esc: a draft kept for later is not an incident yet
        { robotId: 'r1', at: 710, category: null, severity: null, labelState: 'draft' },
      ],
      observed: [{ start: 0, end: 1000 }],
    });
    expect(records.tasks).toEqual([
      { robotId: 'r1', endedAt: 100, outcome: 'succeeded' },
      { robotId: 'r1', endedAt: 200, outcome: 'failed' },
    ]);
    expect(records.takeovers).toEqual([{ robotId: 'r1', start: 510, end: 900 }]);
    expect(records.interventions.map((i) => i.kind)).toEqual(['takeover', 'estop', 'help']);
    const f = serviceFigures(records, 'r1', 0, 1000);
    expect(f).toMatchObject({ takeovers: 1, meanTakeoverMs: 390, estops: 1, interventions: 3, successRate: 0.5 });
    expect(f.incidentsByCategory).toEqual({ unlabelled: 1 });
  });
});
