// Compile-time check that the scene runtime fits SceneTaskPaths (so wiring is one line), plus a smoke import.
import { describe, expect, it } from 'vitest';
import type { SceneRuntime } from '../../../src/scene/sceneRuntime';
import { SceneTaskPaths, type TaskPathScene } from '../../../src/features/tasks/TaskPathLayer';

describe('SceneTaskPaths', () => {
  it('accepts the scene runtime', () => {
    const fits = (rt: SceneRuntime): TaskPathScene => rt;
    expect(typeof fits).toBe('function');
    expect(typeof SceneTaskPaths).toBe('function');
  });
});
