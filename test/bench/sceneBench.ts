// Node-runnable costs of the scene's data path, for `npm run bench` (rendering cost is measured in a browser
// separately). Each function returns plain numbers; runSceneBench() returns them all as rows.

import { decodeGridData, decodeOccupancyGrid } from '../../src/scene/occupancyGrid';
import { MarkerStore } from '../../src/scene/markerStore';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { RobotFeed } from '../../src/scene/robotFeed';
import type { Marker, OccupancyGrid } from '../../src/scene/rosMsgs';
import { SceneWarnings } from '../../src/scene/sceneWarnings';
import { FakeLink } from '../support/fakeLink';

export interface SceneBenchRow {
  name: string;
  /** Median milliseconds per run. */
  ms: number;
  /** What one run is. */
  unit: string;
  target?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, fn: () => void): number {
  fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

function factoryGrid(size: number): Int8Array {
  const d = new Int8Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      d[i] =
        x < 8 || y < 8 || x > size - 9 || y > size - 9
          ? 100
          : (x * 7 + y * 13) % 97 === 0
            ? 100
            : y > size * 0.8 && x > size * 0.7
              ? -1
              : 0;
    }
  return d;
}

/** 2048x2048 OccupancyGrid -> RGBA texture bytes, from number[] (JSON) and from Int8Array (link/CBOR). */
export function benchGridDecode(size = 2048, runs = 7): { numberArrayMs: number; int8ArrayMs: number; fullMessageMs: number } {
  const i8 = factoryGrid(size);
  const arr = Array.from(i8);
  const cells = size * size;
  const out = new Uint8Array(cells * 4);
  const msg: OccupancyGrid = {
    header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
    info: {
      resolution: 0.05,
      width: size,
      height: size,
      origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    },
    data: i8,
  };
  return {
    numberArrayMs: time(runs, () => decodeGridData(arr, cells, undefined, out)),
    int8ArrayMs: time(runs, () => decodeGridData(i8, cells, undefined, out)),
    fullMessageMs: time(runs, () => decodeOccupancyGrid(msg, undefined, undefined, out)),
  };
}

// The feeds are fed directly below; the link is never asked for anything.
const nullLink = new FakeLink();

/**
 * `robots` humanoids each sending /tf (map->odom, odom->base_link) and /joint_states (`joints` names) at `hz`
 * for one second of traffic, applied to their TF buffers and joint maps, plus one base_link lookup per robot
 * per 60 Hz frame. Returns ms per second of traffic (lower = more headroom; 1000 would be saturation).
 */
export function benchTfAndJoints(robots = 10, hz = 100, joints = 30, runs = 5): { msPerSecond: number; messagesPerSecond: number } {
  const names = Array.from({ length: joints }, (_, i) => `joint_${i}`);
  const warnings = new SceneWarnings();
  const markers = new MarkerStore(warnings);
  let t0 = 1000;
  const feeds = Array.from(
    { length: robots },
    (_, i) => new RobotFeed(`r${i}`, nullLink, markers, warnings, feedSubscriptions(CORE_EXTENSIONS)),
  );
  const pos = new Array<number>(joints).fill(0);
  const tfMsg = (parent: string, child: string, t: number, x: number) => ({
    transforms: [
      {
        header: { stamp: { secs: Math.floor(t), nsecs: Math.floor((t % 1) * 1e9) }, frame_id: parent },
        child_frame_id: child,
        transform: { translation: { x, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: Math.sin(t / 10), w: Math.cos(t / 10) } },
      },
    ],
  });
  const ms = time(runs, () => {
    let frame = 0;
    for (let k = 0; k < hz; k++) {
      const t = t0 + k / hz;
      for (const f of feeds) {
        f.onTf(tfMsg('map', 'odom', t, 0.1), t * 1000, false);
        f.onTf(tfMsg('odom', 'base_link', t, t % 10), t * 1000, false);
        for (let j = 0; j < joints; j++) pos[j] = Math.sin(t + j);
        f.onJoints({ header: { stamp: { secs: 0, nsecs: 0 }, frame_id: '' }, name: names, position: pos });
      }
      // Render frames at 60 Hz read the latest pose of every robot.
      while (frame < ((k + 1) * 60) / hz) {
        for (const f of feeds) f.tf.lookup('map', 'base_link', undefined, t * 1000);
        frame++;
      }
    }
    t0 += 1;
  });
  return { msPerSecond: ms, messagesPerSecond: robots * hz * 3 };
}

/** 5,000 markers (mixed shapes, lists and labels) applied as one MarkerArray to a fresh store. */
export function benchMarkers(n = 5000, runs = 7): { ms: number } {
  const list: Marker[] = [];
  for (let i = 0; i < n; i++) {
    const type = [1, 2, 3, 9, 4, 6][i % 6];
    list.push({
      header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
      ns: ['places', 'labels', 'objects', 'paths'][i % 4],
      id: i,
      type,
      action: 0,
      pose: { position: { x: i % 100, y: Math.floor(i / 100), z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      scale: { x: 0.5, y: 0.5, z: 0.5 },
      color: { r: 0.2, g: 0.6, b: 0.9, a: 1 },
      lifetime: { secs: 0, nsecs: 0 },
      frame_locked: false,
      points: type === 4 || type === 6 ? Array.from({ length: 10 }, (_, k) => ({ x: k, y: 0, z: 0 })) : [],
      colors: [],
      text: type === 9 ? `Label ${i}` : '',
    });
  }
  return { ms: time(runs, () => new MarkerStore().applyArray('r0', { markers: list }, 0)) };
}

export function runSceneBench(): SceneBenchRow[] {
  const g = benchGridDecode();
  const tf = benchTfAndJoints();
  const m = benchMarkers();
  return [
    { name: 'scene: 2048x2048 grid -> RGBA from number[]', ms: g.numberArrayMs, unit: 'per grid', target: '< 50 ms' },
    { name: 'scene: 2048x2048 grid -> RGBA from Int8Array', ms: g.int8ArrayMs, unit: 'per grid', target: '< 10 ms' },
    { name: 'scene: 2048x2048 OccupancyGrid validate + decode', ms: g.fullMessageMs, unit: 'per message' },
    {
      name: `scene: 10 humanoids /tf + /joint_states at 100 Hz (${tf.messagesPerSecond} msg/s) + 60 Hz lookups`,
      ms: tf.msPerSecond,
      unit: 'per second of traffic',
    },
    { name: 'scene: 5,000 markers into the marker store', ms: m.ms, unit: 'per MarkerArray' },
  ];
}
