// From a point on the map to a queued task: check the robot's own grid at the goal (a goal in an obstacle or in
// unknown space waits for a confirmation that names the cell), then assign it with the chosen navigation template.

import { translate, useLocale, formatNumber } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import type { CellLookup, SceneRuntime } from '../../scene';
import { flushTaskStore, getTaskEngine, useTaskStore, type TaskTemplate } from '../tasks';
import { goalDrag, dragYaw, useGoalStore, type MapGoal } from './goalStore';

/** Templates that drive a robot to a pose: a target, and not one fixed place. */
export function navigationTemplates(templates: readonly TaskTemplate[]): TaskTemplate[] {
  return templates.filter((t) => t.target !== 'none' && !t.fixedPlace);
}

/** A cell a goal should not go to without asking: its state, or undefined when it is free (or not known). */
export function riskyCell(cell: CellLookup | null): 'occupied' | 'unknown' | undefined {
  if (!cell) return undefined;
  if (cell.state === 'occupied') return 'occupied';
  if (cell.state === 'unknown' || cell.state === 'outside') return 'unknown';
  return undefined;
}

function text(key: Parameters<typeof translate>[1], vars: Record<string, string | number> = {}): string {
  return translate(useLocale.getState().locale, key, vars);
}

function where(g: MapGoal): string {
  const l = useLocale.getState().locale;
  return `(${formatNumber(l, g.x, 2)}, ${formatNumber(l, g.y, 2)})`;
}

/** Sends the goal now with the tool's template (or the first navigation template); says how it went. */
export function sendGoal(goal: MapGoal): boolean {
  const store = useGoalStore.getState();
  const templates = navigationTemplates(useTaskStore.getState().templates);
  const tpl = templates.find((t) => t.id === store.templateId) ?? templates[0];
  const engine = getTaskEngine();
  store.setPending(undefined);
  if (!tpl || !engine) {
    store.say({ ok: false, text: text('goals.noTemplate') });
    return false;
  }
  const target = { kind: 'pose' as const, x: goal.x, y: goal.y, yaw: goal.yaw, frame: goal.frame };
  const r = engine.assign({ robotId: goal.robotId, templateId: tpl.id, target });
  flushTaskStore();
  const robot = shownRobotName(useFleetStore.getState().robots, goal.robotId);
  store.say(r.ok ? { ok: true, text: text('goals.sent', { robot, at: where(goal) }) } : { ok: false, text: r.error });
  if (r.ok) store.setActive(false);
  return r.ok;
}

/** A goal clicked at a fixed-frame point with a heading: into the robot's map frame, checked, then sent or held. */
export function requestGoal(rt: SceneRuntime, robotId: string, x: number, y: number, yaw: number): void {
  const goal: MapGoal = { robotId, ...rt.toRobotMap(robotId, x, y, yaw) };
  const risky = riskyCell(rt.cellAt(robotId, goal.frame, goal.x, goal.y));
  if (risky) useGoalStore.getState().setPending({ ...goal, cell: risky });
  else sendGoal(goal);
}

/** The end of a press-drag: the goal at the press point, heading along the drag. */
export function finishDrag(rt: SceneRuntime): void {
  const { robotId, start, end } = goalDrag;
  goalDrag.start = goalDrag.end = null;
  if (!robotId || !start) return;
  requestGoal(rt, robotId, start.x, start.y, dragYaw(start, end));
}

/** Words for a pending goal's confirmation. */
export function pendingText(robotId: string, goal: MapGoal & { cell: 'occupied' | 'unknown' }): string {
  const robot = shownRobotName(useFleetStore.getState().robots, robotId);
  return text(goal.cell === 'occupied' ? 'goals.confirmOccupied' : 'goals.confirmUnknown', { robot, at: where(goal) });
}
