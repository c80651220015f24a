// One robot's live scene data, outside React: link callbacks write into plain buffers (TF tree, joint map,
// latest grid, shared marker store, and each extension's own slot) and the scene's layers read them in
// useFrame. Nothing here calls setState; that is what keeps 50-100 Hz topics from re-rendering the UI.
// What is subscribed comes from the scene extensions (sceneExtension.ts turns them into FeedSubscriptions):
// one link subscription per topic, handed to every extension that declared it.

import type { RobotLink, SubscribeOptions } from '../ros';
import { shownRobotName, useFleetStore } from '../fleet';
import { DescriptionReader, ROBOT_DESCRIPTION, type DescriptionLink } from './descriptionReader';
import { MarkerStore } from './markerStore';
import type { JointState, MarkerArray, OccupancyGrid, TFMessage } from './rosMsgs';
import { sceneProblems, type SceneProblems } from './sceneProblems';
import type { SceneWarnings } from './sceneWarnings';
import { TfBuffer } from './tfBuffer';
import { checkUrdf, issueText, type UrdfCheck } from './urdfValidate';

/** The subset of RobotLink the feed needs (so tests can hand in a fake; onStatus to read again on reconnect). */
export type FeedLink = DescriptionLink & Partial<Pick<RobotLink, 'reportProblem'>>;

/** Called on the link's callback for every message of the topic (hot path). */
export type FeedHandler = (feed: RobotFeed, topic: string, msg: unknown, receivedAt: number) => void;

/** One link subscription per topic, fanned out to every handler that wants it. */
export interface FeedSubscription {
  topic: string;
  type: string;
  options: Omit<SubscribeOptions, 'type'>;
  handlers: FeedHandler[];
}

export const ROBOT_DESCRIPTION_PARAM = ROBOT_DESCRIPTION;

export class RobotFeed {
  readonly tf: TfBuffer;
  /** Latest joint positions by name. */
  readonly joints = new Map<string, number>();
  /** Bumped on every joint_states message; the body layer applies when it moved. */
  jointsRev = 0;
  grid: { msg: OccupancyGrid; receivedAt: number; rev: number } | null = null;
  /** The latest description text (valid or not); urdfCheck says which. */
  urdf: string | null = null;
  urdfCheck: UrdfCheck | null = null;
  /** Bumped whenever the description text changes. */
  urdfRev = 0;
  urdfError: string | null = null;
  /** Console ms of the last /tf message (any frame). */
  lastTfAt = 0;
  messageCount = 0;

  private readonly slots = new Map<string, unknown>();
  private unsubs: (() => void)[] = [];
  private readonly description: DescriptionReader;

  constructor(
    readonly robotId: string,
    private readonly link: FeedLink,
    private readonly markers: MarkerStore,
    private readonly warnings: SceneWarnings,
    private readonly subscriptions: readonly FeedSubscription[],
    private readonly onRemoved: readonly ((feed: RobotFeed) => void)[] = [],
    private readonly problems: SceneProblems = sceneProblems,
  ) {
    this.tf = new TfBuffer({
      warnings,
      source: () => shownRobotName(useFleetStore.getState().robots, robotId),
      // In the robot's Problems too, naming the frames (repeats of the same transform are one entry).
      onBadTransform: (parent, child, why) => link.reportProblem?.('bad-data', `transform ${parent} -> ${child} skipped: ${why}`, '/tf'),
    });
    this.description = new DescriptionReader(link, {
      text: (urdf) => this.onDescription(urdf),
      missing: (reason) => {
        this.urdfError = reason;
      },
    });
  }

  start(): this {
    for (const { topic, type, options, handlers } of this.subscriptions) {
      const cb =
        handlers.length === 1
          ? (msg: unknown, at: number) => {
              this.messageCount++;
              handlers[0](this, topic, msg, at);
            }
          : (msg: unknown, at: number) => {
              this.messageCount++;
              for (const h of handlers) h(this, topic, msg, at);
            };
      this.unsubs.push(this.link.subscribe(topic, { ...options, type }, cb));
    }
    this.description.start();
    return this;
  }

  /** An extension's per-robot state, made on first use. */
  slot<T>(extensionId: string, make: () => T): T {
    let v = this.slots.get(extensionId) as T | undefined;
    if (v === undefined) {
      v = make();
      this.slots.set(extensionId, v);
    }
    return v;
  }

  /** The slot if it exists (layers read it without creating one). */
  peekSlot<T>(extensionId: string): T | undefined {
    return this.slots.get(extensionId) as T | undefined;
  }

  onTf(msg: TFMessage, receivedAt: number, isStatic: boolean): void {
    this.tf.addMessage(msg, isStatic, receivedAt);
    if (!isStatic) this.lastTfAt = receivedAt;
  }

  onJoints(msg: JointState): void {
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
    this.grid = { msg, receivedAt, rev: (this.grid?.rev ?? 0) + 1 };
  }

  onMarkers(msg: MarkerArray, receivedAt: number): void {
    this.markers.applyArray(this.robotId, msg, receivedAt);
  }

  /** A description text from the parameter or the topic: checked, and its issues reported, when it changed. */
  onDescription(urdf: string): void {
    if (urdf === this.urdf) return;
    const check = checkUrdf(urdf);
    this.urdf = urdf;
    this.urdfCheck = check;
    this.urdfRev++;
    this.urdfError = check.ok ? null : issueText(check.issues[0]!);
    const details = check.issues.map(issueText);
    this.problems.set(this.robotId, 'urdf-invalid', check.ok ? null : details);
    if (!check.ok) this.warnings.warn('urdf-error', `${this.robotId}: ${details[0]}`);
  }

  dispose(): void {
    this.description.dispose();
    this.problems.clear(this.robotId);
    for (const u of this.unsubs) u();
    this.unsubs = [];
    for (const cb of this.onRemoved) cb(this);
    this.markers.removeRobot(this.robotId);
  }
}
