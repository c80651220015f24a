// The task writer keeps a task "dirty" until its batch is in the table: while a batch is being written, the
// site hub's echo of an older version of that task must not replace the console's newer copy (the engine's
// adoptFromHub asks isDirty).
import { describe, expect, it } from 'vitest';
import { TaskWriter } from '../../../src/features/tasks/taskWriter';
import type { Task } from '../../../src/features/tasks/taskModel';

const task = (id: string) => ({ id }) as unknown as Task;

describe('task writer', () => {
  it('counts a task as dirty while its batch is being saved, and clean once saved', async () => {
    let release!: () => void;
    const saving = new Promise<void>((r) => (release = r));
    const saved: string[][] = [];
    const w = new TaskWriter({
      save: async (batch) => {
        saved.push(batch.map((t) => t.id));
        await saving;
      },
      lookup: task,
      saved: () => {},
      failed: () => {},
    });
    w.mark('t1');
    w.schedule();
    await Promise.resolve();
    await Promise.resolve();
    expect(saved).toEqual([['t1']]);
    expect(w.isDirty('t1')).toBe(true);
    release();
    await w.flush();
    expect(w.isDirty('t1')).toBe(false);
  });

  it('keeps a failed batch dirty for the retry', async () => {
    const w = new TaskWriter({
      save: async () => {
        throw new Error('disk full');
      },
      lookup: task,
      saved: () => {},
      failed: () => {},
      retryMs: 60_000,
    });
    w.mark('t2');
    await w.flush();
    expect(w.isDirty('t2')).toBe(true);
    w.dispose();
  });
});
