// The goal tool's rules: heading along the drag, which cells ask first, which templates can carry a goal, and
// that a clicked goal becomes a pose task in the robot's map frame (or waits for the confirmation naming the cell).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dragYaw, navigationTemplates, riskyCell } from '../../../src/features/goals';
import { requestGoal, sendGoal } from '../../../src/features/goals/goalSend';
import { useGoalStore } from '../../../src/features/goals/goalStore';
import { DEFAULT_TEMPLATES } from '../../../src/features/tasks/templates';
import * as tasks from '../../../src/features/tasks';
import type { SceneRuntime } from '../../../src/scene';

describe('goal rules', () => {
  it('heading follows the press-drag; a click heads along x', () => {
    expect(dragYaw({ x: 1, y: 1 }, { x: 1, y: 3 })).toBeCloseTo(Math.PI / 2);
    expect(dragYaw({ x: 1, y: 1 }, { x: 0, y: 1 })).toBeCloseTo(Math.PI);
    expect(dragYaw({ x: 1, y: 1 }, { x: 1.05, y: 1.05 })).toBe(0);
    expect(dragYaw({ x: 1, y: 1 }, null)).toBe(0);
  });

  it('occupied and unknown (or off the map) ask first; free and not known do not', () => {
    expect(riskyCell({ state: 'occupied', value: 100, col: 0, row: 0 })).toBe('occupied');
    expect(riskyCell({ state: 'unknown', value: -1, col: 0, row: 0 })).toBe('unknown');
    expect(riskyCell({ state: 'outside', value: null, col: -1, row: 0 })).toBe('unknown');
    expect(riskyCell({ state: 'free', value: 0, col: 0, row: 0 })).toBeUndefined();
    expect(riskyCell(null)).toBeUndefined();
  });

  it('navigation templates: move_base, simple goal and ROS 2 Navigate, not the dock or the service', () => {
    expect(navigationTemplates(DEFAULT_TEMPLATES).map((t) => t.id)).toEqual(['go-to-place', 'go-to-place-simple', 'navigate-ros2']);
  });
});

describe('requestGoal', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    useGoalStore.setState({ active: false, pending: undefined, message: undefined, templateId: undefined });
  });

  function fakeEngine() {
    const assign = vi.fn((input: tasks.Task | object) => ({ ok: true as const, value: input as tasks.Task }));
    vi.spyOn(tasks, 'getTaskEngine').mockReturnValue({ assign } as unknown as ReturnType<typeof tasks.getTaskEngine>);
    tasks.useTaskStore.setState({ templates: [...DEFAULT_TEMPLATES] });
    return assign;
  }

  function runtime(state: 'free' | 'occupied' | 'unknown'): SceneRuntime {
    return {
      toRobotMap: (_id: string, x: number, y: number, yaw: number) => ({ x: x - 10, y, yaw, frame: 'map' }),
      cellAt: vi.fn(() => ({ state, value: 0, col: 0, row: 0 })),
    } as unknown as SceneRuntime;
  }

  it('a free point becomes a pose task in the robot’s map frame with the chosen template', () => {
    const assign = fakeEngine();
    useGoalStore.setState({ active: true, templateId: 'navigate-ros2' });
    const rt = runtime('free');
    requestGoal(rt, 'r1', 12, 3, 1);
    expect(rt.cellAt).toHaveBeenCalledWith('r1', 'map', 2, 3);
    expect(assign).toHaveBeenCalledWith({
      robotId: 'r1',
      templateId: 'navigate-ros2',
      target: { kind: 'pose', x: 2, y: 3, yaw: 1, frame: 'map' },
    });
    expect(useGoalStore.getState()).toMatchObject({ active: false, message: { ok: true } });
  });

  it('a point in an obstacle waits for the confirmation that names the cell, then goes', () => {
    const assign = fakeEngine();
    requestGoal(runtime('occupied'), 'r1', 10, 0, 0);
    expect(assign).not.toHaveBeenCalled();
    const pending = useGoalStore.getState().pending!;
    expect(pending).toMatchObject({ robotId: 'r1', x: 0, cell: 'occupied' });
    sendGoal(pending);
    expect(assign).toHaveBeenCalledWith(expect.objectContaining({ templateId: 'go-to-place' }));
    expect(useGoalStore.getState().pending).toBeUndefined();
  });
});
