// The Tasks side-panel tab: assign, per-robot queue (or the whole fleet), finished tasks with the robot's words.
import { useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { useFleetStore } from '../../fleet';
import { AssignForm } from './AssignForm';
import type { TaskEngine } from './taskEngine';
import { byOrder, isTerminal, type Task } from './taskModel';
import { TaskRow } from './TaskRow';
import { TemplateEditor } from './TemplateEditor';
import { flushTaskStore, useTaskStore } from './taskStore';
import { startTasks } from './tasksRuntime';
import './tasks.css';

/** Finished tasks shown per robot: in the one-robot view, and in the fleet view. */
const HISTORY_ROBOT = 30;
const HISTORY_FLEET = 5;

function RobotQueue({
  engine,
  robotId,
  name,
  tasks,
  historyShown,
}: {
  engine: TaskEngine;
  robotId: string;
  name: string;
  tasks: Task[];
  historyShown: number;
}) {
  const t = useT();
  const templates = useTaskStore((s) => s.templates);
  const auto = useTaskStore((s) => s.autoDispatch[robotId] ?? true);
  const focusAfter = useRef<string | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const open = tasks.filter((x) => !isTerminal(x.state)).sort(byOrder);
  const done = tasks.filter((x) => isTerminal(x.state)).sort((a, b) => b.assignedAt - a.assignedAt);

  // Keep keyboard focus on a task that was just moved (the list re-renders when the store catches up).
  useLayoutEffect(() => {
    const id = focusAfter.current;
    if (!id) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-task-id="${id}"]`);
    if (el && document.activeElement !== el) el.focus();
  });

  const tpl = (id: string) => templates.find((x) => x.id === id);
  const [error, setError] = useState<string | undefined>(undefined);
  const act =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (...args: A) => {
      const r = fn(...args) as { ok?: boolean; error?: string } | undefined;
      // Moving past the end of the queue is not worth a message; everything else refused is.
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
  return (
    <section className="task-queue" data-testid="task-queue" data-robot={robotId}>
      <header className="task-queue-head">
        <h3>{t('tasks.queue.for', { name })}</h3>
        <span className="muted">{t('tasks.queue.count', { open: open.length, done: done.length })}</span>
      </header>
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
              <TaskRow key={task.id} task={task} template={tpl(task.templateId)} {...handlers} />
            ))}
          </ol>
          <p className="muted task-hint">{t('tasks.reorderHint')}</p>
        </>
      )}
      {historyShown > 0 && (
        <>
          <h4>{t('tasks.history')}</h4>
          {done.length === 0 ? (
            <p className="muted">{t('tasks.history.empty')}</p>
          ) : (
            <ol className="task-list task-done" data-testid="task-history-list">
              {done.slice(0, historyShown).map((task) => (
                <TaskRow key={task.id} task={task} template={tpl(task.templateId)} {...handlers} onDropBefore={undefined} />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

export function TaskBoard() {
  const t = useT();
  const [engine] = useState(() => startTasks());
  const [view, setView] = useState<'robot' | 'fleet'>('robot');
  const ready = useTaskStore((s) => s.ready);
  const tasks = useTaskStore((s) => s.tasks);
  const storageError = useTaskStore((s) => s.storageError);
  const templateProblems = useTaskStore((s) => s.templateProblems);
  const notes = useTaskStore((s) => s.notes);
  const robots = useFleetStore((s) => s.robots);
  const selectedId = useFleetStore((s) => s.selectedId);

  // Tasks of robots no longer (or not yet) in the fleet still show in the fleet view.
  const shown = view === 'robot' ? robots.filter((r) => r.id === selectedId) : robots;
  const strangers = view === 'fleet' ? [...new Set(tasks.map((x) => x.robotId))].filter((id) => !robots.some((r) => r.id === id)) : [];

  return (
    <div className="task-board" data-testid="task-board">
      <div className="task-board-head">
        <h2 className="panel-title">{t('tasks.title')}</h2>
        <div role="group" className="task-view-switch">
          <button type="button" aria-pressed={view === 'robot'} onClick={() => setView('robot')} data-testid="task-view-robot">
            {t('tasks.view.robot')}
          </button>
          <button type="button" aria-pressed={view === 'fleet'} onClick={() => setView('fleet')} data-testid="task-view-fleet">
            {t('tasks.view.fleet')}
          </button>
        </div>
      </div>
      {storageError && (
        <p role="alert" className="task-error" data-testid="task-storage-error">
          {t('tasks.storageError', { error: storageError })}
        </p>
      )}
      {templateProblems.map((p) => (
        <p key={p} role="alert" className="task-error">
          {t('tasks.templateProblem', { error: p })}
        </p>
      ))}
      {!ready ? (
        <p className="muted">{t('tasks.loading')}</p>
      ) : (
        <>
          <AssignForm engine={engine} defaultRobotId={selectedId} />
          <TemplateEditor engine={engine} />
          {view === 'robot' && shown.length === 0 && robots.length > 0 && <p className="muted">{t('tasks.selectRobot')}</p>}
          {shown.map((r) => (
            <RobotQueue
              key={r.id}
              engine={engine}
              robotId={r.id}
              name={r.name}
              tasks={tasks.filter((x) => x.robotId === r.id)}
              historyShown={view === 'robot' ? HISTORY_ROBOT : HISTORY_FLEET}
            />
          ))}
          {strangers.map((id) => (
            <RobotQueue
              key={id}
              engine={engine}
              robotId={id}
              name={id}
              tasks={tasks.filter((x) => x.robotId === id)}
              historyShown={HISTORY_FLEET}
            />
          ))}
          {notes.length > 0 && (
            <details className="task-notes">
              <summary>{t('tasks.notes')}</summary>
              <ol>
                {notes.slice(-10).map((n, i) => (
                  <li key={i} className="muted">
                    {n.text}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </>
      )}
    </div>
  );
}
