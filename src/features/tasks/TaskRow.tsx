// One task in a queue or in the history: state in the robot's words, progress, cancel/retry, and reordering
// by drag or by Alt+Up/Down while focused.
import type { DragEvent, KeyboardEvent } from 'react';
import { formatNumber, useLocale, useT, type MessageKey } from '../../i18n';
import { isTerminal, type Task } from './taskModel';
import type { TaskTemplate } from './templates';

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

export function TaskRow({ task, template, onCancel, onRetry, onMove, onDropBefore }: TaskRowProps) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const done = isTerminal(task.state);
  const queued = task.state === 'queued';
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (!e.altKey || e.target !== e.currentTarget) return;
    if (e.key === 'ArrowUp') onMove(task.id, -1);
    else if (e.key === 'ArrowDown') onMove(task.id, 1);
    else return;
    e.preventDefault();
  };
  const drag = queued
    ? {
        draggable: true,
        onDragStart: (e: DragEvent<HTMLLIElement>) => {
          e.dataTransfer.setData('text/x-task-id', task.id);
          e.dataTransfer.effectAllowed = 'move';
        },
      }
    : {};
  const drop =
    onDropBefore && queued
      ? {
          onDragOver: (e: DragEvent<HTMLLIElement>) => {
            if (e.dataTransfer.types.includes('text/x-task-id')) e.preventDefault();
          },
          onDrop: (e: DragEvent<HTMLLIElement>) => {
            const id = e.dataTransfer.getData('text/x-task-id');
            if (id && id !== task.id) onDropBefore(id, task.id);
            e.preventDefault();
          },
        }
      : {};
  const d = task.progress.distance;
  return (
    <li
      className={`task-row task-${task.state}`}
      tabIndex={0}
      data-testid="task-row"
      data-task-id={task.id}
      data-state={task.state}
      data-target={task.target.kind === 'place' ? task.target.name : ''}
      onKeyDown={onKeyDown}
      {...drag}
      {...drop}
    >
      <div className="task-line">
        <span className={`task-state state-${task.state}`} data-testid="task-state">
          {t(`tasks.state.${task.state}` as MessageKey)}
        </span>
        {template?.target === 'none' ? (
          <strong className="task-target-name">{template.name}</strong>
        ) : (
          <>
            <strong className="task-target-name">{targetName(task, t, locale)}</strong>
            <span className="muted">{template?.name ?? task.templateId}</span>
          </>
        )}
      </div>
      {task.stateReason && (
        <div className="task-reason" data-testid="task-reason">
          {task.stateReason}
        </div>
      )}
      {!done && (d !== undefined || task.progress.feedback || task.cancelRequested) && (
        <div className="task-progress muted" data-testid="task-progress">
          {d !== undefined && <span>{t('tasks.toGo', { d: formatNumber(locale, d, 1) })}</span>}
          {task.progress.feedback && <span>{task.progress.feedback}</span>}
          {task.cancelRequested && <span>{t('tasks.cancelPending')}</span>}
        </div>
      )}
      <div className="task-actions">
        {queued && (
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
      <details className="task-history">
        <summary>{t('tasks.details')}</summary>
        <p className="muted">
          {t('tasks.assignedBy', { who: task.assignedBy, time: new Date(task.assignedAt).toLocaleTimeString(locale) })}
        </p>
        <ol data-testid="task-history">
          {task.history.map((h, i) => (
            <li key={i}>
              <time>{new Date(h.at).toLocaleTimeString(locale)}</time> {t(`tasks.state.${h.state}` as MessageKey)}
              {h.reason ? ` — ${h.reason}` : ''}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}
