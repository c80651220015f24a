// Proof that streaming messages does not touch React: every store the scene's components read from is
// spied on while 1000+ messages flow through a fake link; the stores change only when what a person sees
// changes. (No DOM in this node test environment, so render counts are proven via the store updates that
// alone can trigger renders; the e2e test also reads the layers' render counters in Chromium.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mapSceneExtension } from '../../src/features/map';
import { usePlacesStore } from '../../src/features/map/placesStore';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions, registerSceneExtension } from '../../src/scene/sceneExtension';
import type { SceneModel } from '../../src/scene/sceneModel';
import { SceneRuntime } from '../../src/scene/sceneRuntime';
import { useSceneUiStore } from '../../src/scene/sceneUiStore';
import { FakeLink } from '../support/fakeLink';
import { marker, tfMsg } from '../support/rosMessages';

const JOINTS = Array.from({ length: 30 }, (_, i) => `joint_${i}`);

describe('hot path: messages do not cause store updates (so no React renders)', () => {
  let rt: SceneRuntime;
  let model: SceneModel;
  let link: FakeLink;
  let unregister: () => void;
  beforeEach(() => {
    usePlacesStore.setState({ places: [] });
    // Places are the map feature's; it derives them in its scene extension's few-Hz tick.
    unregister = registerSceneExtension(mapSceneExtension);
    rt = new SceneRuntime();
    rt.tickers = [mapSceneExtension];
    model = rt.model;
    model.setSubscriptions(feedSubscriptions([...CORE_EXTENSIONS, mapSceneExtension]));
    link = new FakeLink();
    model.syncRobots(['r1'], () => link);
  });
  afterEach(() => {
    model.dispose();
    unregister();
    vi.restoreAllMocks();
  });

  it('subscribes the scene topics with their types', () => {
    const topics = link.subscriptions.map((c) => `${c.topic} ${c.opts.type}`);
    expect(topics).toEqual([
      '/tf tf2_msgs/TFMessage',
      '/tf_static tf2_msgs/TFMessage',
      '/joint_states sensor_msgs/JointState',
      '/map nav_msgs/OccupancyGrid',
      '/semantic_map visualization_msgs/MarkerArray',
      '/robot_description std_msgs/String',
    ]);
  });

  it('1000 tf/joint/marker messages with the UI ticking: store updates stay constant', () => {
    const placesSet = vi.spyOn(usePlacesStore, 'setState');
    const uiSet = vi.spyOn(useSceneUiStore, 'setState');
    const placeListener = vi.fn();
    const uiListener = vi.fn();
    const un1 = usePlacesStore.subscribe(placeListener);
    const un2 = useSceneUiStore.subscribe(uiListener);
    const semantic = {
      markers: [
        marker({ id: 1, text: '' }),
        marker({
          id: 1,
          ns: 'labels',
          type: 9,
          text: 'Workstation 1',
          pose: { position: { x: 1, y: 2, z: 1 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
        }),
      ],
    };
    const run = (n: number, t0: number) => {
      for (let i = 0; i < n; i++) {
        const t = t0 + i * 0.01;
        link.emit('/tf', tfMsg('map', 'odom', t, 0, 0), 1000 + t * 1000);
        link.emit('/tf', tfMsg('odom', 'base_link', t, i * 0.001, 0), 1000 + t * 1000);
        link.emit('/joint_states', { header: {}, name: JOINTS, position: JOINTS.map((_, j) => Math.sin(i + j)) });
        if (i % 10 === 0) link.emit('/semantic_map', semantic, 1000 + t * 1000);
        if (i % 50 === 0) rt.tickUi(1000 + t * 1000); // the overlay polls at a few Hz
      }
    };
    run(1000, 0);
    const afterFirst = { places: placesSet.mock.calls.length, ui: uiSet.mock.calls.length };
    expect(model.feeds.get('r1')!.messageCount).toBeGreaterThanOrEqual(3100);
    // Places were set exactly once (when Workstation 1 appeared), not per /semantic_map message.
    expect(afterFirst.places).toBe(1);
    expect(usePlacesStore.getState().places.map((p) => p.name)).toEqual(['Workstation 1']);
    // The overlay store changed a handful of times (layers appeared, robot status became ok), not per message.
    expect(afterFirst.ui).toBeLessThanOrEqual(4);

    // Ten times more messages: no further updates at all.
    run(10000, 10);
    expect(placesSet.mock.calls.length).toBe(afterFirst.places);
    expect(uiSet.mock.calls.length).toBe(afterFirst.ui);
    expect(placeListener.mock.calls.length).toBe(afterFirst.places);
    expect(uiListener.mock.calls.length).toBe(afterFirst.ui);
    // ...while the buffers did take every message.
    const feed = model.feeds.get('r1')!;
    expect(feed.jointsRev).toBe(11000);
    expect(feed.joints.get('joint_3')).toBeCloseTo(Math.sin(9999 + 3));
    un1();
    un2();
  });

  it('a place moving does update places, once per change', () => {
    const placesSet = vi.spyOn(usePlacesStore, 'setState');
    link.emit('/semantic_map', { markers: [marker({ id: 1, text: 'Dock' })] });
    rt.tickUi(0);
    link.emit('/semantic_map', { markers: [marker({ id: 1, text: 'Dock' })] });
    rt.tickUi(1);
    expect(placesSet).toHaveBeenCalledTimes(1);
    link.emit('/semantic_map', {
      markers: [marker({ id: 1, text: 'Dock', pose: { position: { x: 9, y: 9, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } })],
    });
    rt.tickUi(2);
    expect(placesSet).toHaveBeenCalledTimes(2);
    expect(usePlacesStore.getState().places[0].x).toBe(9);
  });

  it('reports robot frame state: waiting, ok, stale, not connected', () => {
    expect(model.robotStatus('r1', 0).kind).toBe('waiting');
    link.emit('/tf', tfMsg('map', 'odom', 1, 0, 0), 1000);
    link.emit('/tf', tfMsg('odom', 'base_link', 1, 0, 0), 1000);
    expect(model.robotStatus('r1', 1500).kind).toBe('ok');
    expect(model.robotStatus('r1', 6500)).toMatchObject({ kind: 'stale', text: 'stale for 5 s' });
    const other = new FakeLink();
    model.syncRobots(['r1', 'r2'], (id) => (id === 'r1' ? link : other));
    other.emit('/tf', tfMsg('odom', 'base_link', 1, 0, 0), 1000);
    expect(model.robotStatus('r2', 1000)).toMatchObject({ kind: 'lost', text: 'frame base_link is not connected to map' });
  });

  it('drops a feed and its markers when the robot or its link goes away', () => {
    link.emit('/semantic_map', { markers: [marker({ id: 1, text: 'Dock' })] });
    expect(model.markers.size).toBe(1);
    model.syncRobots([], () => undefined);
    expect(model.feeds.size).toBe(0);
    expect(model.markers.size).toBe(0);
    expect(link.subscribedTo('/tf')).toBe(false);
  });
});
