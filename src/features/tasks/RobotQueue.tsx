// One robot's tasks: auto-dispatch (or send the next one by hand), the open queue in order, and finished tasks.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useT } from '../../i18n';
import type { TaskEngine } from './taskEngine';
import { byOrder, isTerminal, type Task } from './taskModel';
import { TaskRow } from './TaskRow';
import { QueueSafety } from './QueueSafety';
import { flushTaskStore, useTaskStore } from './taskStore';

/**
 * The row handlers, each running an engine command and showing what it refused. Moving past the end of the
 * queue is not worth a message; everything else refused is.
 */
function useQueueActions(engine: TaskEngine, robotId: string, open: readonly Task[], focusAfter: RefObject<string | undefined>) {
  const [error, setError] = useState<string | undefined>(undefined);
  const act =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (...args: A) => {
      const r = fn(...args) as { ok?: boolean; error?: string } | undefined;
      setError(r && r.ok === false && !/end of the queue/.test(r.error ?? '') ? r.error : undefined);
      flushTaskStore();
    };
  const handlers = {
    onCancel: act((id: string) => engine.cancel(id)),
    onRetry: act((id: string) => engine.retry(id)),
    onMove: act((id: string, delta: -1 | 1) => {
      focusAfter.current = id;
      return engine.move(id, delta);
    }),
    onDropBefore: act((dragged: string, before: string) => {
      const ids = open
        .filter((x) => x.state === 'queued')
        .map((x) => x.id)
        .filter((x) => x !== dragged);
      ids.splice(Math.max(0, ids.indexOf(before)), 0, dragged);
      return engine.reorder(robotId, ids);
    }),
  };
  return { error, act, handlers };
}

type QueueActions = ReturnType<typeof useQueueActions>;

function DispatchControls({ engine, robotId, act }: { engine: TaskEngine; robotId: string; act: QueueActions['act'] }) {
  const t = useT();
  const auto = useTaskStore((s) => s.autoDispatch[robotId] ?? true);
  return (
    <div className="task-queue-controls">
      <label>
        <input
          type="checkbox"
          checked={auto}
          onChange={(e) => act(() => engine.setAutoDispatch(robotId, e.target.checked))()}
          data-testid="task-auto"
        />
        {t('tasks.auto')}
      </label>
      {!auto && (
        <button type="button" onClick={act(() => engine.dispatchNext(robotId))} data-testid="task-send-next">
          {t('tasks.sendNext')}
        </button>
      )}
    </div>
  );
}

function FinishedTasks({ done, shown, handlers }: { done: readonly Task[]; shown: number; handlers: QueueActions['handlers'] }) {
  const t = useT();
  const templates = useTaskStore((s) => s.templates);
  return (
    <>
      <h4>{t('tasks.history')}</h4>
      {done.length === 0 ? (
        <p className="muted">{t('tasks.history.empty')}</p>
      ) : (
        <ol className="task-list task-done" data-testid="task-history-list">
          {done.slice(0, shown).map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              template={templates.find((x) => x.id === task.templateId)}
              {...handlers}
              onDropBefore={undefined}
            />
          ))}
        </ol>
      )}
    </>
  );
}

export function RobotQueue(p: { engine: TaskEngine; robotId: string; name: string; tasks: Task[]; historyShown: number }) {
  const { engine, robotId, name, tasks, historyShown } = p;
  const t = useT();
  const templates = useTaskStore((s) => s.templates);
  const focusAfter = useRef<string | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const open = tasks.filter((x) => !isTerminal(x.state)).sort(byOrder);
  const done = tasks.filter((x) => isTerminal(x.state)).sort((a, b) => b.assignedAt - a.assignedAt);
  const { error, act, handlers } = useQueueActions(engine, robotId, open, focusAfter);

  // Keep keyboard focus on a task that was just moved (the list re-renders when the store catches up).
  useLayoutEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-task-id="${id}"]`);
    if (el && document.activeElement !== el) el.focus();
  });

  return (
    <section className="task-queue" data-testid="task-queue" data-robot={robotId}>
      <header className="task-queue-head">
        <h3>{t('tasks.queue.for', { name })}</h3>
        <span className="muted">{t('tasks.queue.count', { open: open.length, done: done.length })}</span>
      </header>
      <QueueSafety engine={engine} robotId={robotId} />
      <DispatchControls engine={engine} robotId={robotId} act={act} />
      {error && (
        <p role="alert" className="task-error" data-testid="task-queue-error">
          {error}
        </p>
      )}
      {open.length === 0 ? (
        <p className="muted">{t('tasks.queue.empty')}</p>
      ) : (
        <>
          <ol className="task-list" ref={listRef} aria-label={t('tasks.queue.for', { name })}>
            {open.map((task) => (
              <TaskRow key={task.id} task={task} template={templates.find((x) => x.id === task.templateId)} {...handlers} />
            ))}
          </ol>
          <p className="muted task-hint">{t('tasks.reorderHint')}</p>
        </>
      )}
      {historyShown > 0 && <FinishedTasks done={done} shown={historyShown} handlers={handlers} />}
    </section>
  );
}
