// A task that is one service call (e.g. std_srvs/Trigger on /robot/start_task): the response decides it.
// success:false -> failed with the robot's `message`; a rosbridge error -> failed with the server's text.
import { ServiceError, type RobotLink } from '../../../ros';
import type { Task } from '../taskModel';
import { contextFor, renderMessage, type TemplateOf } from '../templates';
import type { AdapterHost, DispatchAdapter } from './adapter';

interface TriggerLike {
  success?: unknown;
  message?: unknown;
}

export class ServiceAdapter implements DispatchAdapter {
  private inFlight = new Set<string>();

  constructor(
    private readonly link: RobotLink,
    private readonly template: TemplateOf<'service'>,
    private readonly host: AdapterHost,
  ) {}

  async dispatch(task: Task, goalId: string): Promise<void> {
    const args = renderMessage(this.template.message, contextFor(task, goalId));
    this.inFlight.add(goalId);
    const timeoutMs = (this.template.timeoutSec ?? 10) * 1000;
    const call = this.link.callService<TriggerLike>(this.template.service, this.template.serviceType, args, timeoutMs);
    this.host.update({ goalId, state: 'active', reason: `console: called ${this.template.service}` });
    call.then(
      (res) => {
        if (!this.inFlight.delete(goalId)) return;
        const message = typeof res?.message === 'string' && res.message ? res.message : undefined;
        if (res && res.success === false) {
          this.host.update({ goalId, state: 'failed', reason: message ?? `${this.template.service} answered success: false` });
        } else {
          this.host.update({ goalId, state: 'succeeded', reason: message });
        }
      },
      (err: unknown) => {
        if (!this.inFlight.delete(goalId)) return;
        const text = err instanceof ServiceError ? err.serverText : err instanceof Error ? err.message : String(err);
        this.host.update({ goalId, state: 'failed', reason: text });
      },
    );
  }

  cancel(task: Task): void {
    if (!task.goalId || !this.inFlight.delete(task.goalId)) return;
    this.host.update({
      goalId: task.goalId,
      state: 'canceled',
      reason: 'console: stopped waiting for the answer; the robot may already have started',
    });
  }

  reconcile(tasks: readonly Task[]): void {
    for (const t of tasks) {
      if (!t.goalId || this.inFlight.has(t.goalId)) continue;
      this.host.update({
        goalId: t.goalId,
        state: 'failed',
        reason: `console: link lost before ${this.template.service} answered; whether the robot started is unknown`,
      });
    }
  }

  dispose(): void {
    this.inFlight.clear();
  }
}
