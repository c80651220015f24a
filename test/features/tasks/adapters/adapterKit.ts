// What the adapter tests share: a built-in template per adapter, a task to dispatch, and a host recording updates.
import type { AdapterUpdate } from '../../../../src/features/tasks/adapters/adapter';
import { createTask, type Task } from '../../../../src/features/tasks/taskModel';
import { DEFAULT_TEMPLATES, type TemplateOf } from '../../../../src/features/tasks/templates';

export const tpl = <K extends TemplateOf<'actionlib'>['adapter'] | 'simpleGoal' | 'ros2Action' | 'service'>(k: K, id?: string) =>
  DEFAULT_TEMPLATES.find((t) => t.adapter === k && (!id || t.id === id)) as TemplateOf<K>;

export function task(goalId?: string): Task {
  return {
    ...createTask({
      robotId: 'ws://a:9090',
      templateId: 'go-to-place',
      target: { kind: 'place', placeKey: 'ws2', name: 'Workstation 2', x: 0.3, y: 0.1, yaw: 0, frame: 'map' },
      assignedBy: 'op',
      order: 1,
      at: 0,
    }),
    goalId,
  };
}

export function host() {
  const updates: AdapterUpdate[] = [];
  const notes: string[] = [];
  return {
    updates,
    notes,
    h: { update: (u: AdapterUpdate) => updates.push(u), note: (t: string) => notes.push(t), now: () => Date.now() },
  };
}
