// One dispatch adapter per robot and template, made on first use and kept while the robot's link object lives
// (a new link object means new adapters: the old ones hold the old link).
import type { RobotLink } from '../../../ros';
import type { TaskTemplate } from '../templates';
import type { AdapterHost, DispatchAdapter } from './adapter';
import { ActionlibAdapter } from './actionlibAdapter';
import { Ros2ActionAdapter } from './ros2ActionAdapter';
import { ServiceAdapter } from './serviceAdapter';
import { SimpleGoalAdapter } from './simpleGoalAdapter';

export interface AdapterPoolOptions {
  getLink(robotId: string): RobotLink | undefined;
  /** How long after a reconnect a goal may be missing from /status before it counts as gone. */
  reconcileMs?: number;
  /** The host a new adapter reports to. */
  hostFor(robotId: string): AdapterHost;
}

function adapterKey(t: TaskTemplate): string {
  switch (t.adapter) {
    case 'actionlib':
    case 'ros2Action':
      return `${t.adapter}:${t.action}:${t.id}`;
    case 'simpleGoal':
      return `${t.adapter}:${t.topic}:${t.id}`;
    case 'service':
      return `${t.adapter}:${t.service}:${t.id}`;
  }
}

export class AdapterPool {
  private adapters = new Map<string, DispatchAdapter>();

  constructor(private readonly opts: AdapterPoolOptions) {}

  /** The adapter that carries `tpl` to `robotId`; undefined when the robot has no link. */
  get(robotId: string, tpl: TaskTemplate): DispatchAdapter | undefined {
    const link = this.opts.getLink(robotId);
    const key = `${robotId}|${adapterKey(tpl)}`;
    const have = this.adapters.get(key);
    if (have) return have;
    const a = this.create(robotId, tpl, link);
    if (a) this.adapters.set(key, a);
    return a;
  }

  /** Drops the robot's adapters (its link object changed or went away). */
  disposeRobot(robotId: string): void {
    for (const [k, a] of this.adapters) {
      if (k.startsWith(`${robotId}|`)) {
        a.dispose();
        this.adapters.delete(k);
      }
    }
  }

  dispose(): void {
    for (const a of this.adapters.values()) a.dispose();
    this.adapters.clear();
  }

  private create(robotId: string, tpl: TaskTemplate, link: RobotLink | undefined): DispatchAdapter | undefined {
    const host = this.opts.hostFor(robotId);
    if (!link) return undefined;
    // ROS 2 goals go through the link's action ops (its capabilities say whether the robot has them).
    if (tpl.adapter === 'ros2Action') return new Ros2ActionAdapter(link, tpl, host);
    if (tpl.adapter === 'actionlib') return new ActionlibAdapter(link, tpl, host, { reconcileMs: this.opts.reconcileMs });
    if (tpl.adapter === 'simpleGoal') return new SimpleGoalAdapter(link, tpl, host);
    return new ServiceAdapter(link, tpl, host);
  }
}
