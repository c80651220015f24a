// Records as a console would make them, for the hub tests.
import { randomUUID } from 'node:crypto';
import type { AuditRecordWire, ModeSpan, PushRecord, TaskChange } from '../../../src/contracts/records';
import { SITE } from './testHub';

export function taskRecord(id = `task-${randomUUID()}`, robotId = 'ws://robot-1:9090', at = 1_000): Extract<PushRecord, { kind: 'task' }> {
  return {
    kind: 'task',
    record: {
      site: SITE,
      id,
      robotId,
      templateId: 'go-to-place',
      target: { kind: 'place', placeKey: 'ws2', name: 'Workstation 2', x: 1, y: 2, yaw: 0, frame: 'map' },
      params: { speed: 0.5 },
      assignedBy: 'operator',
      assignedAt: at,
      order: 1,
      state: 'queued',
      history: [{ at, state: 'queued' }],
      progress: {},
    },
  };
}

export function taskChange(
  taskId: string,
  baseVersion: number,
  to: TaskChange['to'],
  at = 2_000,
  id = `chg-${randomUUID()}`,
): Extract<PushRecord, { kind: 'taskChange' }> {
  return { kind: 'taskChange', record: { site: SITE, id, taskId, baseVersion, at, ...(to ? { to } : {}) } };
}

export function auditRecord(over: Partial<AuditRecordWire> = {}): Extract<PushRecord, { kind: 'audit' }> {
  return {
    kind: 'audit',
    record: {
      site: SITE,
      id: `aud-${randomUUID()}`,
      at: 5_000,
      robotId: 'ws://robot-1:9090',
      kind: 'request',
      person: 'robot-1',
      data: {},
      ...over,
    },
  };
}

export function modeRecord(
  robotId: string,
  start: number,
  end: number | null,
  mode: ModeSpan['mode'] = 'autonomous',
  id = `mode-${randomUUID()}`,
): Extract<PushRecord, { kind: 'mode' }> {
  return { kind: 'mode', record: { site: SITE, id, robotId, mode, start, end } };
}

export function incidentRecord(
  id = `inc-${randomUUID().slice(0, 8)}`,
  robotId = 'ws://robot-1:9090',
  at = 7_000,
): Extract<PushRecord, { kind: 'incident' }> {
  return {
    kind: 'incident',
    record: {
      site: SITE,
      id,
      at,
      createdAt: at,
      updatedAt: at,
      robotId,
      robotName: 'robot-1',
      person: 'operator',
      source: 'manual',
      category: null,
      severity: null,
      tags: [],
      note: '',
      pose: null,
      task: null,
      controlMode: 'autonomous',
      labelState: 'draft',
      reviewed: false,
      clipState: 'pending',
    },
  };
}
