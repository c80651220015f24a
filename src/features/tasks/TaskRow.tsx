// One task in a queue or in the history: state in the robot's words, progress, cancel/retry, and reordering
// by drag or by Alt+Up/Down while focused.
import type { DragEvent, KeyboardEvent } from 'react';
import { formatNumber, useLocale, useT, type MessageKey } from '../../i18n';
import { RobotText } from '../../ui';
import { isTerminal, type Task } from './taskModel';
import type { TaskTemplate } from './templates';
import { templateLabel } from './templateLabel';

export interface TaskRowProps {
  task: Task;
  template?: TaskTemplate;
  onCancel(id: string): void;
  onRetry(id: string): void;
  onMove(id: string, delta: -1 | 1): void;
  onDropBefore?(draggedId: string, beforeId: string): void;
}

export function targetName(task: Task, t: ReturnType<typeof useT>, locale: 'en' | 'zh-CN'): string {
  if (task.target.kind === 'place') return task.target.name;
  return t('tasks.pose', { x: formatNumber(locale, task.target.x, 2), y: formatNumber(locale, task.target.y, 2) });
}

/** The MIME type a dragged queued task carries its id under (other drags are not drops here). */
const TASK_ID_TYPE = 'text/x-task-id';

/** Drag and drop props of a row: queued tasks can be dragged; dropping one on a queued row puts it before that row. */
function dragDropProps(task: Task, onDropBefore?: TaskRowProps['onDropBefore']) {
  const queued = task.state === 'queued';
  const drag = queued
    ? {
        draggable: true,
        onDragStart: (e: DragEvent<HTMLLIElement>) => {
          e.dataTransfer.setData(TASK_ID_TYPE, task.id);
          e.dataTransfer.effectAllowed = 'move';
        },
      }
    : {};
  const drop =
    onDropBefore && queued
      ? {
          onDragOver: (e: DragEvent<HTMLLIElement>) => {
            if (e.dataTransfer.types.includes(TASK_ID_TYPE)) e.preventDefault();
          },
          onDrop: (e: DragEvent<HTMLLIElement>) => {
            const id = e.dataTransfer.getData(TASK_ID_TYPE);
            if (id && id !== task.id) onDropBefore(id, task.id);
            e.preventDefault();
          },
        }
      : {};
  return { ...drag, ...drop };
}

function TaskProgress({ task }: { task: Task }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const d = task.progress.distance;
  if (isTerminal(task.state) || !(d !== undefined || task.progress.feedback || task.cancelRequested)) return null;
  return (
    <div className="task-progress muted" data-testid="task-progress">
      {d !== undefined && <span>{t('tasks.toGo', { d: formatNumber(locale, d, 1) })}</span>}
      {task.progress.feedback && <span>{task.progress.feedback}</span>}
      {task.cancelRequested && <span>{t('tasks.cancelPending')}</span>}
    </div>
  );
}

function TaskActions({ task, onCancel, onRetry, onMove }: Pick<TaskRowProps, 'task' | 'onCancel' | 'onRetry' | 'onMove'>) {
  const t = useT();
  const done = isTerminal(task.state);
  return (
    <div className="task-actions">
      {task.state === 'queued' && (
        <>
          <button type="button" onClick={() => onMove(task.id, -1)} aria-label={t('tasks.moveUp')} title={t('tasks.moveUp')}>
            ↑
          </button>
          <button type="button" onClick={() => onMove(task.id, 1)} aria-label={t('tasks.moveDown')} title={t('tasks.moveDown')}>
            ↓
          </button>
        </>
      )}
      {!done && (
        <button type="button" onClick={() => onCancel(task.id)} data-testid="task-cancel" disabled={task.cancelRequested}>
          {t('tasks.cancel')}
        </button>
      )}
      {done && (
        <button type="button" onClick={() => onRetry(task.id)} data-testid="task-retry">
          {t('tasks.retry')}
        </button>
      )}
    </div>
  );
}

/** Who assigned the task and when, and every state it went through with the reason given. */
function TaskHistory({ task }: { task: Task }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <details className="task-history">
      <summary>{t('tasks.details')}</summary>
      <p className="muted">{t('tasks.assignedBy', { who: task.assignedBy, time: new Date(task.assignedAt).toLocaleTimeString(locale) })}</p>
      <ol data-testid="task-history">
        {task.history.map((h, i) => (
          <li key={i}>
            <time>{new Date(h.at).toLocaleTimeString(locale)}</time> {t(`tasks.state.${h.state}` as MessageKey)}
            {h.reason ? ` — ${h.reason}` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function TaskRow({ task, template, onCancel, onRetry, onMove, onDropBefore }: TaskRowProps) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (!e.altKey || e.target !== e.currentTarget) return;
    if (e.key === 'ArrowUp') onMove(task.id, -1);
    else if (e.key === 'ArrowDown') onMove(task.id, 1);
    else return;
    e.preventDefault();
  };
  return (
    <li
      className={`task-row task-${task.state}`}
      tabIndex={0}
      data-testid="task-row"
      data-task-id={task.id}
      data-state={task.state}
      data-target={task.target.kind === 'place' ? task.target.name : ''}
      onKeyDown={onKeyDown}
      {...dragDropProps(task, onDropBefore)}
    >
      <div className="task-line">
        <span className={`task-state state-${task.state}`} data-testid="task-state">
          {t(`tasks.state.${task.state}` as MessageKey)}
        </span>
        {template?.target === 'none' ? (
          <strong className="task-target-name">{templateLabel(locale, template)}</strong>
        ) : (
          <>
            <strong className="task-target-name">{targetName(task, t, locale)}</strong>
            <span className="muted">{template ? templateLabel(locale, template) : task.templateId}</span>
          </>
        )}
      </div>
      {shownReason(task) && (
        <div className="task-reason" data-testid="task-reason">
          <RobotText text={shownReason(task)} />
        </div>
      )}
      <TaskProgress task={task} />
      <TaskActions task={task} onCancel={onCancel} onRetry={onRetry} onMove={onMove} />
      <TaskHistory task={task} />
    </li>
  );
}

/**
 * The reason beside a task's state, as the robot (or the console) gave it: not shown when it only repeats the
 * state (a ROS 2 action that succeeded says nothing, and its status name "succeeded" is the fallback).
 */
export function shownReason(task: Pick<Task, 'state' | 'stateReason'>): string | undefined {
  const r = task.stateReason?.trim();
  return r && r.toLowerCase() !== task.state ? r : undefined;
}
