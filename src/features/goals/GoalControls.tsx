// The goal tool's button in the scene toolbar (G toggles it, Esc leaves it) and its card over the canvas: the
// robot and template the goal goes with, the confirmation for a goal in an obstacle or unknown area, and the
// outcome.

import { useEffect } from 'react';
import { useLocale, useT } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import { isTypingTarget } from '../../ui';
import { templateLabel, useTaskStore } from '../tasks';
import { useGoalStore } from './goalStore';
import './goals.css';
import { navigationTemplates, pendingText, sendGoal } from './goalSend';

export function GoalButton() {
  const t = useT();
  const active = useGoalStore((s) => s.active);
  const hasRobot = useFleetStore((s) => s.selectedId !== undefined);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const g = useGoalStore.getState();
      if (e.key === 'Escape' && (g.active || g.pending)) {
        // Leaves the tool only: the robot stays selected (the app's Esc would clear it).
        e.stopPropagation();
        g.setPending(undefined);
        g.setActive(false);
      } else if (e.key.toLowerCase() === 'g') {
        if (!g.active && useFleetStore.getState().selectedId === undefined) g.say({ ok: false, text: t('goals.selectRobot') });
        else g.setActive(!g.active);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [t]);
  return (
    <button
      type="button"
      data-testid="scene-btn-goal"
      aria-pressed={active}
      disabled={!hasRobot && !active}
      title={hasRobot ? `${t('goals.button')} (G)` : t('goals.selectRobot')}
      onClick={() => useGoalStore.getState().setActive(!active)}
    >
      {t('goals.button')} <kbd>G</kbd>
    </button>
  );
}

export function GoalCard() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { active, pending, message, templateId, setTemplate, setPending, setActive } = useGoalStore();
  const robots = useFleetStore((s) => s.robots);
  const selected = useFleetStore((s) => s.selectedId);
  const templates = navigationTemplates(useTaskStore((s) => s.templates));
  if (!active && !pending && !message) return null;
  const tpl = templates.find((x) => x.id === templateId) ?? templates[0];
  return (
    <div className="scene-card goal-card" data-testid="goal-card" role="region" aria-label={t('goals.button')}>
      {active && selected && (
        <>
          <p>{t('goals.hint', { robot: shownRobotName(robots, selected) })}</p>
          <label>
            <span>{t('tasks.assign.template')}</span>{' '}
            <select value={tpl?.id} onChange={(e) => setTemplate(e.target.value)} data-testid="goal-template">
              {templates.map((x) => (
                <option key={x.id} value={x.id}>
                  {templateLabel(locale, x)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {pending && (
        <div role="alertdialog" aria-label={t('goals.confirmTitle')} data-testid="goal-confirm" data-cell={pending.cell}>
          <p className="task-error">{pendingText(pending.robotId, pending)}</p>
          <button type="button" data-testid="goal-confirm-send" onClick={() => sendGoal(pending)}>
            {t('goals.sendAnyway')}
          </button>{' '}
          <button type="button" data-testid="goal-confirm-cancel" onClick={() => setPending(undefined)}>
            {t('goals.cancel')}
          </button>
        </div>
      )}
      {message && !pending && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'task-error'} data-testid="goal-message">
          {message.text}
        </p>
      )}
      {active && (
        <button type="button" data-testid="goal-leave" onClick={() => setActive(false)}>
          {t('goals.leave')}
        </button>
      )}
    </div>
  );
}
