// The Tasks side-panel tab: assign, per-robot queue (or the whole fleet), finished tasks with the robot's words.
import { useState } from 'react';
import { useT } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import { AssignForm } from './AssignForm';
import { RobotQueue } from './RobotQueue';
import { TemplateEditor } from './TemplateEditor';
import { useTaskStore } from './taskStore';
import { startTasks } from './tasksRuntime';
import './tasks.css';

/** Finished tasks shown per robot: in the one-robot view, and in the fleet view. */
const HISTORY_ROBOT = 30;
const HISTORY_FLEET = 5;

/** Storage problems, changes the site hub refused, templates that were ignored. */
function BoardAlerts() {
  const t = useT();
  const storageError = useTaskStore((s) => s.storageError);
  const templateProblems = useTaskStore((s) => s.templateProblems);
  const refusals = useTaskStore((s) => s.refusals);
  return (
    <>
      {storageError && (
        <p role="alert" className="task-error" data-testid="task-storage-error">
          {t('tasks.storageError', { error: storageError })}
        </p>
      )}
      {refusals.map((r) => (
        <p key={r.at + r.text} role="alert" className="task-error" data-testid="task-refused">
          {t('tasks.refused', { error: r.text })}
        </p>
      ))}
      {templateProblems.map((p) => (
        <p key={p} role="alert" className="task-error">
          {t('tasks.templateProblem', { error: p })}
        </p>
      ))}
    </>
  );
}

export function TaskBoard() {
  const t = useT();
  const [engine] = useState(() => startTasks());
  const [view, setView] = useState<'robot' | 'fleet'>('robot');
  const ready = useTaskStore((s) => s.ready);
  const tasks = useTaskStore((s) => s.tasks);
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
      <BoardAlerts />
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
              name={shownRobotName(robots, r.id)}
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
