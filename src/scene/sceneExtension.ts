// The one way anything enters the 3D view, after Lichtblick's SceneExtension: an extension declares the topics it
// reads from every robot (the scene subscribes once per robot and topic and hands each message to onMessage on
// the link's callback, outside React), the component it draws inside the canvas, the overlay it shows over it,
// and a few-Hz hook that copies what a person sees into its own store. The scene's own renderables (TF, robot
// bodies, grids, markers) are extensions too; features register theirs from the composition root.

import type { ComponentType } from 'react';
import type { Object3D } from 'three';
import type { SubscribeOptions } from '../ros';
import type { FeedSubscription, RobotFeed } from './robotFeed';
import type { SceneRuntime } from './sceneRuntime';

export interface TopicNeed {
  topic: string;
  type: string;
  /** Server-side options (throttle, queue length, compression); the type always comes from `type`. */
  options?: Omit<SubscribeOptions, 'type'>;
}

export interface SceneLayerProps {
  rt: SceneRuntime;
}

export interface SceneExtension {
  /** Unique; also the key of this extension's per-robot slot on a RobotFeed. */
  id: string;
  /** Topics read from every robot in the scene. */
  topics?: readonly TopicNeed[];
  /** Called per message (hot path: no React, no allocation worth a frame). */
  onMessage?(feed: RobotFeed, topic: string, msg: unknown, receivedAt: number): void;
  /** A robot's feed is going away (its link closed or it left the scene). */
  onRobotRemoved?(feed: RobotFeed): void;
  /** A few times a second: copy what changed into the extension's UI store. */
  tickUi?(rt: SceneRuntime, nowMs: number): void;
  /** Drawn inside the canvas (reads its data in useFrame). */
  Layer?: ComponentType<SceneLayerProps>;
  /** Buttons at the end of the scene's toolbar (tools such as a goal on the map). */
  Toolbar?: ComponentType<SceneLayerProps>;
  /** DOM over the canvas (search boxes, inspectors). */
  Overlay?: ComponentType<SceneLayerProps>;
  /** A clicked marker opens this key in the inspector instead (a label opens the place it names). */
  resolveInspect?(rt: SceneRuntime, markerKey: string): string | undefined;
  /**
   * One object of each material kind this extension's layer draws: the view compiles their shaders while it is
   * idle (warmUp.ts), so the first big message of the kind does not wait on a shader compile.
   */
  warmUp?(): Object3D[];
  /** Read-only test instrumentation merged into `window.__scene`. */
  instruments?(rt: SceneRuntime, toScreen: (p: { x: number; y: number; z: number } | null) => { x: number; y: number } | null): object;
}

const registered: SceneExtension[] = [];
const listeners = new Set<() => void>();
let version = 0;

/** Adds an extension to every scene (now and later). Returns the function that removes it again. */
export function registerSceneExtension(ext: SceneExtension): () => void {
  if (registered.some((e) => e.id === ext.id)) throw new Error(`scene extension "${ext.id}" is registered twice`);
  registered.push(ext);
  changed();
  return () => {
    const i = registered.indexOf(ext);
    if (i >= 0) {
      registered.splice(i, 1);
      changed();
    }
  };
}

function changed(): void {
  version++;
  for (const cb of listeners) cb();
}

export function registeredSceneExtensions(): readonly SceneExtension[] {
  return registered;
}

/** Bumped whenever the set of extensions changes (feeds re-subscribe then). */
export function sceneExtensionsVersion(): number {
  return version;
}

export function onSceneExtensionsChanged(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** What a robot's feed subscribes for these extensions: one subscription per topic, every handler on it. */
export function feedSubscriptions(extensions: readonly SceneExtension[]): FeedSubscription[] {
  const byTopic = new Map<string, FeedSubscription>();
  for (const ext of extensions) {
    const onMessage = ext.onMessage;
    if (!onMessage) continue;
    for (const need of ext.topics ?? []) {
      const sub = byTopic.get(need.topic);
      if (sub) sub.handlers.push(onMessage);
      else byTopic.set(need.topic, { topic: need.topic, type: need.type, options: need.options ?? {}, handlers: [onMessage] });
    }
  }
  return [...byTopic.values()];
}

/** What a robot's feed calls when it goes away. */
export function removalHandlers(extensions: readonly SceneExtension[]): ((feed: RobotFeed) => void)[] {
  return extensions.flatMap((e) => (e.onRobotRemoved ? [e.onRobotRemoved] : []));
}
