// The scene's non-React core: one RobotFeed per robot link, the shared marker store and warning counts,
// and the few-Hz bridge (tickUi) from those buffers to the zustand stores the overlay renders.
// Lives outside React so tests and benches can drive it with fake links.

import { MarkerStore } from './markerStore';
import { RobotFeed, type FeedLink, type FeedSubscription } from './robotFeed';
import { useSceneUiStore, type LayerRow, type RobotFrameStatus } from './sceneUiStore';
import { SiteTransforms } from './siteFrame';
import { SceneWarnings } from './sceneWarnings';
import type { LookupResult } from './tfBuffer';

/** A robot's pose older than this (console clock) is shown as stale. */
export const STALE_MS = 2000;

export class SceneModel {
  readonly warnings = new SceneWarnings();
  readonly markers = new MarkerStore(this.warnings);
  readonly feeds = new Map<string, RobotFeed>();
  private links = new Map<string, FeedLink>();
  fixedFrame = 'map';
  /** Where robots with maps of their own stand in the site (site profile `siteTransform`). */
  readonly site = new SiteTransforms();
  gridVisible = true;
  robotsVisible = true;
  /** Robots whose body layer knows the URDF root link; else base_link. */
  readonly baseFrames = new Map<string, string>();
  private lastWarningsVersion = -1;
  private subscriptions: readonly FeedSubscription[] = [];
  private onRemoved: readonly ((feed: RobotFeed) => void)[] = [];
  private lastLayerKey = '';
  /** Bumped when feeds are added/removed, for layers that mirror the robot set. */
  feedsVersion = 0;

  /**
   * What every robot's feed subscribes (the scene extensions' topics, see sceneExtension.ts). Feeds made
   * before a change are made again.
   */
  setSubscriptions(subscriptions: readonly FeedSubscription[], onRemoved: readonly ((feed: RobotFeed) => void)[] = []): void {
    if (subscriptions === this.subscriptions && onRemoved === this.onRemoved) return;
    this.subscriptions = subscriptions;
    this.onRemoved = onRemoved;
    for (const feed of this.feeds.values()) feed.dispose();
    if (this.feeds.size) this.feedsVersion++;
    this.feeds.clear();
  }

  /** Makes feeds match the robots that have links now. */
  syncRobots(ids: readonly string[], getLink: (id: string) => FeedLink | undefined): void {
    const want = new Set(ids);
    for (const [id, feed] of this.feeds) {
      const link = getLink(id);
      if (!want.has(id) || !link || link !== this.links.get(id)) {
        feed.dispose();
        this.feeds.delete(id);
        this.links.delete(id);
        this.feedsVersion++;
      }
    }
    for (const id of ids) {
      if (this.feeds.has(id)) continue;
      const link = getLink(id);
      if (!link) continue;
      this.links.set(id, link);
      this.feeds.set(id, new RobotFeed(id, link, this.markers, this.warnings, this.subscriptions, this.onRemoved).start());
      this.feedsVersion++;
    }
  }

  baseFrameOf(id: string): string {
    return this.baseFrames.get(id) ?? 'base_link';
  }

  /** Pose of the robot's base in the fixed frame at the latest common time. */
  robotPose(id: string, nowMs: number): LookupResult | undefined {
    const feed = this.feeds.get(id);
    if (!feed) return undefined;
    return feed.tf.lookup(this.fixedFrame, this.baseFrameOf(id), undefined, nowMs);
  }

  robotStatus(id: string, nowMs: number): RobotFrameStatus {
    const feed = this.feeds.get(id);
    if (!feed) return { kind: 'waiting', text: 'not connected', reason: 'no-link' };
    const base = this.baseFrameOf(id);
    const r = feed.tf.lookup(this.fixedFrame, base, undefined, nowMs);
    if (r.ok) {
      if (r.ageMs > STALE_MS) {
        const seconds = Math.floor(r.ageMs / 1000);
        return { kind: 'stale', text: `stale for ${seconds} s`, reason: 'stale', seconds };
      }
      return { kind: 'ok', text: '' };
    }
    if (r.reason === 'unknown-frame' && !feed.tf.hasFrame(base)) {
      if (feed.lastTfAt === 0) return { kind: 'waiting', text: 'waiting for /tf', reason: 'no-tf' };
      return this.notConnected(base);
    }
    if (r.reason === 'unknown-frame' || r.reason === 'not-connected') return this.notConnected(base);
    return { kind: 'lost', text: r.message, reason: 'other' };
  }

  /** Robots sharing one site map publish the same grid: count maps, not robots. */
  private distinctGrids(): number {
    const sigs = new Set<string>();
    for (const f of this.feeds.values()) {
      const i = f.grid?.msg?.info;
      if (i)
        sigs.add(
          `${f.grid!.msg.header?.frame_id}|${i.width}x${i.height}|${i.resolution}|${i.origin?.position?.x},${i.origin?.position?.y}`,
        );
    }
    return sigs.size;
  }

  private notConnected(base: string): RobotFrameStatus {
    const fixed = this.fixedFrame;
    return { kind: 'lost', text: `frame ${base} is not connected to ${fixed}`, reason: 'not-connected', frame: base, fixed };
  }

  setLayerVisible(id: string, visible: boolean): void {
    if (id === 'grid') this.gridVisible = visible;
    else if (id === 'robots') this.robotsVisible = visible;
    else if (id.startsWith('ns:')) this.markers.setNamespaceVisible(id.slice(3), visible);
    this.lastLayerKey = '';
    this.tickUi(Date.now());
  }

  /**
   * Copies what a person sees into the UI stores; call at a few Hz (not per message). Each store is set only
   * when its content changed.
   */
  tickUi(nowMs: number): void {
    const ui = useSceneUiStore.getState();
    // Count what is drawn: the same site marker from several robots is one.
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    for (const e of this.markers.all()) {
      const id = e.frame === this.fixedFrame ? `${e.ns}|${e.id}|${e.frame}|${e.type}` : e.key;
      if (seen.has(id)) continue;
      seen.add(id);
      counts.set(e.ns, (counts.get(e.ns) ?? 0) + 1);
    }
    const layers: LayerRow[] = [
      { id: 'grid', label: 'Site map', visible: this.gridVisible, count: this.distinctGrids() },
      { id: 'robots', label: 'Robots', visible: this.robotsVisible, count: this.feeds.size },
      ...[...counts.keys()].sort().map((ns) => ({
        id: `ns:${ns}`,
        label: ns || '(no namespace)',
        visible: this.markers.isNamespaceVisible(ns),
        count: counts.get(ns)!,
      })),
    ];
    const layerKey = layers.map((l) => `${l.id}:${l.visible}:${l.count}`).join('|');
    const patch: Partial<ReturnType<typeof useSceneUiStore.getState>> = {};
    if (layerKey !== this.lastLayerKey) {
      this.lastLayerKey = layerKey;
      patch.layers = layers;
    }
    if (this.warnings.version !== this.lastWarningsVersion) {
      this.lastWarningsVersion = this.warnings.version;
      patch.warnings = this.warnings.snapshot();
    }
    const status: Record<string, RobotFrameStatus> = {};
    let statusChanged = Object.keys(ui.robotStatus).length !== this.feeds.size;
    for (const id of this.feeds.keys()) {
      const s = this.robotStatus(id, nowMs);
      status[id] = s;
      const old = ui.robotStatus[id];
      if (!old || old.kind !== s.kind || old.text !== s.text) statusChanged = true;
    }
    if (statusChanged) patch.robotStatus = status;
    if (ui.inspectedKey && !this.markers.get(ui.inspectedKey)) patch.inspectedKey = undefined;
    if (Object.keys(patch).length) useSceneUiStore.setState(patch);
  }

  dispose(): void {
    for (const f of this.feeds.values()) f.dispose();
    this.feeds.clear();
    this.links.clear();
  }
}
