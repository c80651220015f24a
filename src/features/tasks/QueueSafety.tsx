// Above a robot's queue: its safety state (SafetyBadge) and, after an e-stop, "Queue paused … Resume queue".
// Resuming is a person's deliberate act, separate from Re-enable; the composition root hands over the action
// that also writes the audit trail (setResumeQueueAction), else the engine is resumed directly.
import { useSyncExternalStore } from 'react';
import { useT } from '../../i18n';
import { SafetyBadge } from '../../fleet';
import type { TaskEngine } from './taskEngine';

let resumeAction: ((robotId: string) => boolean) | undefined;

/** The audited "Resume queue" (control feature), set by the composition root. */
export function setResumeQueueAction(fn: ((robotId: string) => boolean) | undefined): void {
  resumeAction = fn;
}

export function QueueSafety({ engine, robotId }: { engine: TaskEngine; robotId: string }) {
  const t = useT();
  const pause = useSyncExternalStore(
    (cb) => engine.subscribe(cb),
    () => engine.queuePause(robotId),
  );
  return (
    <div className="queue-safety">
      <SafetyBadge robotId={robotId} compact />
      {pause && (
        <p className="queue-paused" data-testid="queue-paused" role="status">
          {t('safety.queuePaused', { name: pause.by || '?' })}{' '}
          <button
            type="button"
            data-testid="queue-resume"
            onClick={() => (resumeAction ? resumeAction(robotId) : engine.resumeQueue(robotId))}
          >
            {t('safety.resumeQueue')}
          </button>
        </p>
      )}
    </div>
  );
}
