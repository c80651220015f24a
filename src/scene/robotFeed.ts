// One robot's live scene data, outside React: link callbacks write into plain buffers (TF tree, joint map,
// latest grid, shared marker store) and the scene's layers read them in useFrame. Nothing here calls
// setState; that is what keeps 50-100 Hz topics from re-rendering the UI.

import type { MessageHandler, RobotLink } from '../ros/types';
import { MarkerStore } from './markerStore';
import type { JointState, MarkerArray, OccupancyGrid, TFMessage } from './rosMsgs';
import type { SceneWarnings } from './sceneWarnings';
import { TfBuffer } from './tfBuffer';

export interface FeedTopics {
  tf: string;
  tfStatic: string;
  jointStates: string;
  map: string;
  semanticMap: string;
  robotDescription: string;
}

export const DEFAULT_TOPICS: FeedTopics = {
  tf: '/tf',
  tfStatic: '/tf_static',
  jointStates: '/joint_states',
  map: '/map',
  semanticMap: '/semantic_map',
  robotDescription: '/robot_description',
};

/** The subset of RobotLink the feed needs (so tests can hand in a fake). */
export type FeedLink = Pick<RobotLink, 'subscribe' | 'getParam'>;

export class RobotFeed {
  readonly tf: TfBuffer;
  /** Latest joint positions by name. */
  readonly joints = new Map<string, number>();
  /** Bumped on every joint_states message; the body layer applies when it moved. */
  jointsRev = 0;
  grid: { msg: OccupancyGrid; receivedAt: number; rev: number } | null = null;
  urdf: string | null = null;
  urdfRev = 0;
  urdfError: string | null = null;
  /** Console ms of the last /tf message (any frame). */
  lastTfAt = 0;
  messageCount = 0;

  private unsubs: (() => void)[] = [];
  private disposed = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly robotId: string,
    private readonly link: FeedLink,
    private readonly markers: MarkerStore,
    private readonly warnings: SceneWarnings,
    private readonly topics: FeedTopics = DEFAULT_TOPICS,
  ) {
    this.tf = new TfBuffer({ warnings });
  }

  start(): this {
    const sub = <T>(topic: string, type: string, cb: MessageHandler<T>) => {
      this.unsubs.push(this.link.subscribe<T>(topic, { type }, cb));
    };
    sub<TFMessage>(this.topics.tf, 'tf2_msgs/TFMessage', (m, at) => this.onTf(m, at, false));
    sub<TFMessage>(this.topics.tfStatic, 'tf2_msgs/TFMessage', (m, at) => this.onTf(m, at, true));
    sub<JointState>(this.topics.jointStates, 'sensor_msgs/JointState', (m) => this.onJoints(m));
    sub<OccupancyGrid>(this.topics.map, 'nav_msgs/OccupancyGrid', (m, at) => this.onGrid(m, at));
    sub<MarkerArray>(this.topics.semanticMap, 'visualization_msgs/MarkerArray', (m, at) =>
      this.onMarkers(m, at),
    );
    void this.fetchDescription(0);
    return this;
  }

  onTf(msg: TFMessage, receivedAt: number, isStatic: boolean): void {
    this.messageCount++;
    this.tf.addMessage(msg, isStatic, receivedAt);
    if (!isStatic) this.lastTfAt = receivedAt;
  }

  onJoints(msg: JointState): void {
    this.messageCount++;
    const names = msg?.name;
    const pos = msg?.position;
    if (!Array.isArray(names) || !pos || typeof pos.length !== 'number') {
      this.warnings.warn('bad-joint-state', 'missing name/position');
      return;
    }
    const n = Math.min(names.length, pos.length);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const v = pos[i];
      if (typeof v === 'number' && Number.isFinite(v)) this.joints.set(names[i], v);
      else bad++;
    }
    if (bad) this.warnings.warn('bad-joint-state', `${bad} joint positions NaN/null`);
    this.jointsRev++;
  }

  onGrid(msg: OccupancyGrid, receivedAt: number): void {
    this.messageCount++;
    this.grid = { msg, receivedAt, rev: (this.grid?.rev ?? 0) + 1 };
  }

  onMarkers(msg: MarkerArray, receivedAt: number): void {
    this.messageCount++;
    this.markers.applyArray(this.robotId, msg, receivedAt);
  }

  private async fetchDescription(attempt: number): Promise<void> {
    if (this.disposed) return;
    try {
      const v = await this.link.getParam<unknown>(this.topics.robotDescription);
      if (this.disposed) return;
      if (typeof v === 'string' && v.includes('<robot')) {
        this.urdf = v;
        this.urdfError = null;
        this.urdfRev++;
        return;
      }
      this.urdfError = v === null ? 'no /robot_description' : 'robot_description is not a URDF';
    } catch (err) {
      this.urdfError = err instanceof Error ? err.message : String(err);
    }
    if (this.disposed) return;
    // The link may not be connected yet, or the robot may set the param later: keep asking, slowly.
    const delay = Math.min(10_000, 1000 * 2 ** Math.min(attempt, 4));
    this.retryTimer = setTimeout(() => void this.fetchDescription(attempt + 1), delay);
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.markers.removeRobot(this.robotId);
  }
}
