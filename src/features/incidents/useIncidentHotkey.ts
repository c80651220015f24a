import { useEffect } from 'react';
import { isTypingTarget } from '../../ui';
import { useFleetStore } from '../../fleet';
import { getIncidentService } from './incidentService';
import { useIncidentStore } from './incidentStore';

/** The robot an incident is for: the selected one, else the only one. */
export function incidentRobotId(): string | undefined {
  const { selectedId, robots } = useFleetStore.getState();
  return selectedId ?? (robots.length === 1 ? robots[0]!.id : undefined);
}

/** Captures an incident now for the selected robot; returns false when there is nothing to capture for. */
export function captureIncidentNow(): boolean {
  const svc = getIncidentService();
  const robotId = incidentRobotId();
  if (!svc || !robotId) {
    useIncidentStore.getState().setError(null);
    return false;
  }
  svc.capture(robotId).catch((err: unknown) => {
    useIncidentStore.getState().setError(err instanceof Error ? err.message : String(err));
  });
  return true;
}

/** "I" (no modifiers, not while typing, not while the form is open) reports an incident. */
export function useIncidentHotkey(onNoRobot?: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 'i' && e.key !== 'I') return;
      if (isTypingTarget(e.target) || useIncidentStore.getState().formId) return;
      e.preventDefault();
      if (!captureIncidentNow()) onNoRobot?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNoRobot]);
}
