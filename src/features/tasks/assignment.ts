// Turns what the operator chose (a template, a robot, a target, parameters) into a new queued task, or says
// in plain words why it cannot be assigned.
import type { AssignInput, Result } from './taskEngineTypes';
import { createTask, validTarget, type Task, type TaskTarget } from './taskModel';
import type { TaskTemplate } from './templates';

/** Templates without a target still carry one (the task record always has a target). */
const NO_TARGET: TaskTarget = { kind: 'pose', x: 0, y: 0, yaw: 0, frame: 'map' };

export function newAssignedTask(tpl: TaskTemplate, input: AssignInput, order: number, at: number): Result<Task> {
  if (!input.robotId) return { ok: false, error: 'Choose a robot first.' };
  let target = input.target;
  if (tpl.target === 'none') target ??= NO_TARGET;
  if (!target) return { ok: false, error: `"${tpl.name}" needs a target: choose a place.` };
  const bad = tpl.target === 'none' ? null : validTarget(target);
  if (bad) return { ok: false, error: `Cannot assign "${tpl.name}": ${bad}.` };
  const params: Record<string, string | number | boolean> = {};
  for (const p of tpl.params ?? []) params[p.key] = p.default;
  Object.assign(params, input.params ?? {});
  const task = createTask({
    robotId: input.robotId,
    templateId: tpl.id,
    target,
    params,
    assignedBy: input.assignedBy ?? 'operator',
    order,
    at,
    retryOf: input.retryOf,
  });
  return { ok: true, value: task };
}
