// Ready-made providers and candidate sources from the other features, so the shell can wire the incident
// service in a few lines (each is optional; pass your own functions instead):
//   activeTaskOf(robotId)      the robot's dispatched/active task from the task store
//   controlModeOf(robotId)     autonomous/teleop from the takeover store
//   bridgeTakeoverCandidates() robot requests and e-stops become incident candidates
import { onEstop } from '../control/estop';
import { useTakeoverStore } from '../control/takeoverStore';
import { useTaskStore } from '../tasks/taskStore';
import { addCandidate } from './incidentService';
import type { ControlMode, Severity, TaskRef } from './types';

export function activeTaskOf(robotId: string): TaskRef | null {
  const tasks = useTaskStore.getState().tasks;
  const t = tasks.find((x) => x.robotId === robotId && x.state === 'active') ?? tasks.find((x) => x.robotId === robotId && x.state === 'dispatched');
  if (!t) return null;
  return { id: t.id, name: t.target.kind === 'place' ? `${t.templateId}: ${t.target.name}` : t.templateId };
}

export function controlModeOf(robotId: string): ControlMode {
  const m = useTakeoverStore.getState().mode[robotId];
  return m === 'teleop' ? 'teleop' : m === 'auto' ? 'autonomous' : 'unknown';
}

const REQUEST_SEVERITY: Record<string, Severity> = { info: 'info', warning: 'minor', critical: 'major' };

/** Robot requests (takeover/help/confirm) and e-stops become candidates. Returns the stop function. */
export function bridgeTakeoverCandidates(): () => void {
  const offEstop = onEstop((r) => {
    addCandidate({
      robotId: r.robotId,
      source: 'estop',
      at: r.at,
      title: r.person + (r.error ? ` — ${r.error}` : ''),
      detail: r.service,
      suggestedSeverity: 'major',
      dedupeKey: `estop|${r.robotId}|${r.at}`,
    });
  });
  const seen = new Set<string>();
  const onRequests = (requests: ReturnType<typeof useTakeoverStore.getState>['requests']) => {
    for (const q of requests) {
      const key = `${q.robotId}|${q.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      addCandidate({
        robotId: q.robotId,
        source: 'request',
        at: q.at ?? q.receivedAt,
        title: `${q.kind}: ${q.reason}`,
        suggestedSeverity: REQUEST_SEVERITY[q.severity],
        dedupeKey: `request|${key}`,
      });
    }
  };
  onRequests(useTakeoverStore.getState().requests);
  const offStore = useTakeoverStore.subscribe((s, prev) => {
    if (s.requests !== prev.requests) onRequests(s.requests);
  });
  return () => {
    offEstop();
    offStore();
  };
}
