// Queues paused by an e-stop: nothing dispatches to a paused robot, not even "Send next", until a person
// resumes it. Kept in the settings table so a reload does not resume a stopped robot's work.
import type { TaskRepo } from './taskRepo';

export interface QueuePauseInfo {
  at: number;
  by: string;
  reason: string;
}

const KEY = 'tasks.pausedQueues';

export class QueuePauses {
  private paused = new Map<string, QueuePauseInfo>();

  constructor(
    private readonly repo: Pick<TaskRepo, 'getSetting' | 'setSetting'>,
    private readonly failed: (err: unknown) => void,
  ) {}

  async load(): Promise<void> {
    const saved = await this.repo.getSetting<Record<string, QueuePauseInfo>>(KEY);
    for (const [robotId, info] of Object.entries(saved ?? {})) {
      if (info && typeof info.at === 'number')
        this.paused.set(robotId, { at: info.at, by: String(info.by ?? ''), reason: String(info.reason ?? '') });
    }
  }

  get(robotId: string): QueuePauseInfo | undefined {
    return this.paused.get(robotId);
  }

  pause(robotId: string, info: QueuePauseInfo): void {
    this.paused.set(robotId, info);
    this.save();
  }

  /** True when the queue was paused. */
  resume(robotId: string): boolean {
    if (!this.paused.delete(robotId)) return false;
    this.save();
    return true;
  }

  private save(): void {
    this.repo.setSetting(KEY, Object.fromEntries(this.paused)).catch((err: unknown) => this.failed(err));
  }
}
