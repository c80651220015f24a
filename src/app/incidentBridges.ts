// What incidents learn from the other features, wired here in the composition root so that incidents need not
// know tasks or control:
//   activeTaskOf(robotId)      the robot's dispatched/active task from the task store
//   controlModeOf(robotId)     autonomous/teleop from the takeover store
//   bridgeTakeoverCandidates() robot requests and e-stops become incident candidates
import { incidentCandidateKey, onEstop, useTakeoverStore } from '../features/control';
import { addCandidate, type ControlMode, type Severity, type TaskRef } from '../features/incidents';
import { useTaskStore } from '../features/tasks';

export function activeTaskOf(robotId: string): TaskRef | null {
  const tasks = useTaskStore.getState().tasks;
  const t =
    tasks.find((x) => x.robotId === robotId && x.state === 'active') ??
    tasks.find((x) => x.robotId === robotId && x.state === 'dispatched');
  if (!t) return null;
  return { id: t.id, name: t.target.kind === 'place' ? `${t.templateId}: ${t.target.name}` : t.templateId };
}

export function controlModeOf(robotId: string): ControlMode {
  const m = useTakeoverStore.getState().mode[robotId];
  return m === 'teleop' ? 'teleop' : m === 'auto' ? 'autonomous' : 'unknown';
}

const REQUEST_SEVERITY: Record<string, Severity> = { info: 'info', warning: 'minor', critical: 'major' };

/**
 * Critical robot requests (takeover/help/confirm) and e-stops become candidates; a request asked again for the
 * same reason merges into its candidate. Returns the stop function.
 */
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
      const key = incidentCandidateKey(q);
      if (key === undefined || seen.has(`${q.robotId}|${q.id}`)) continue;
      seen.add(`${q.robotId}|${q.id}`);
      addCandidate({
        robotId: q.robotId,
        source: 'request',
        at: q.at ?? q.receivedAt,
        title: `${q.kind}: ${q.reason}`,
        suggestedSeverity: REQUEST_SEVERITY[q.severity],
        dedupeKey: key,
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
