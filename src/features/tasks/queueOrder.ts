// Reordering a robot's queued tasks. Tasks keep the order numbers (slots) the queue already has; only which
// task sits in which slot changes, so tasks on the robot and finished ones are never renumbered.
import type { Task } from './taskModel';

/** The queued ids with `taskId` swapped one place up (-1) or down (+1); undefined at either end. */
export function swappedIds(queued: readonly Task[], taskId: string, delta: -1 | 1): string[] | undefined {
  const i = queued.findIndex((t) => t.id === taskId);
  const j = i + delta;
  if (j < 0 || j >= queued.length) return undefined;
  const ids = queued.map((t) => t.id);
  [ids[i], ids[j]] = [ids[j], ids[i]];
  return ids;
}

/** The tasks whose order changes when the queue is put in `orderedIds` order (unlisted ones keep their place after). */
export function reorderedTasks(queued: readonly Task[], orderedIds: readonly string[]): Task[] {
  const slots = queued.map((t) => t.order).sort((a, b) => a - b);
  const listed = orderedIds.map((id) => queued.find((t) => t.id === id)).filter((t): t is Task => !!t);
  const rest = queued.filter((t) => !orderedIds.includes(t.id));
  const changed: Task[] = [];
  [...listed, ...rest].forEach((t, k) => {
    if (t.order !== slots[k]) changed.push({ ...t, order: slots[k] });
  });
  return changed;
}
