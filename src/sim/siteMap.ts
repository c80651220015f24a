// The shared site: a 30 m x 20 m factory floor (OccupancyGrid at 0.1 m), named places and the
// /semantic_map markers. Same for every robot; frame "map", origin at the floor's south-west corner.

export const MAP_WIDTH_M = 30;
export const MAP_HEIGHT_M = 20;
export const RESOLUTION = 0.1;
export const GRID_W = Math.round(MAP_WIDTH_M / RESOLUTION);
export const GRID_H = Math.round(MAP_HEIGHT_M / RESOLUTION);
export const ORIGIN = { x: 0, y: 0 };

export type PlaceKind = 'workstation' | 'shelf' | 'dock' | 'hazard';

export interface Place {
  name: string;
  kind: PlaceKind;
  /** Where a robot stands to work at the place (free space). */
  x: number;
  y: number;
  yaw: number;
}

/** Axis-aligned rectangle [x0,x1] x [y0,y1] in metres. */
interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Walls, pillars and shelving (occupied). */
export const OBSTACLES: ReadonlyArray<Rect & { label?: string }> = [
  // outer walls
  { x0: 0, y0: 0, x1: 30, y1: 0.2 },
  { x0: 0, y0: 19.8, x1: 30, y1: 20 },
  { x0: 0, y0: 0, x1: 0.2, y1: 20 },
  { x0: 29.8, y0: 0, x1: 30, y1: 20 },
  // wall between the hall and the east bay, door at y 7..9
  { x0: 20, y0: 0, x1: 20.2, y1: 7 },
  { x0: 20, y0: 9, x1: 20.2, y1: 20 },
  // wall closing the unmapped store room in the north-east corner
  { x0: 24, y0: 13.8, x1: 30, y1: 14 },
  // pillars
  { x0: 7.8, y0: 7.3, x1: 8.2, y1: 7.7 },
  { x0: 13.8, y0: 7.3, x1: 14.2, y1: 7.7 },
  // shelving blocks
  { x0: 4, y0: 13, x1: 12, y1: 14, label: 'Shelf A' },
  { x0: 4, y0: 16.5, x1: 12, y1: 17.5, label: 'Shelf B' },
];

/** Never seen by the robots' mapper: -1 in the grid. */
const UNKNOWN: Rect = { x0: 24.2, y0: 14, x1: 29.8, y1: 19.8 };

export const HAZARD_ZONE: Rect = { x0: 14.5, y0: 11, x1: 18, y1: 15 };

export const PLACES: ReadonlyArray<Place> = [
  { name: 'Workstation 1', kind: 'workstation', x: 3, y: 3, yaw: Math.PI },
  { name: 'Workstation 2', kind: 'workstation', x: 3, y: 10, yaw: Math.PI },
  { name: 'Workstation 3', kind: 'workstation', x: 16, y: 3, yaw: -Math.PI / 2 },
  { name: 'Shelf A', kind: 'shelf', x: 8, y: 12.2, yaw: Math.PI / 2 },
  { name: 'Shelf B', kind: 'shelf', x: 8, y: 15.2, yaw: Math.PI / 2 },
  { name: 'Charging dock', kind: 'dock', x: 25, y: 3, yaw: -Math.PI / 2 },
  { name: 'Hazard zone', kind: 'hazard', x: 16.25, y: 13, yaw: 0 },
];

function fillRect(data: Int8Array, r: Rect, v: number): void {
  const cx0 = Math.max(0, Math.floor(r.x0 / RESOLUTION + 1e-9));
  const cx1 = Math.min(GRID_W, Math.ceil(r.x1 / RESOLUTION - 1e-9));
  const cy0 = Math.max(0, Math.floor(r.y0 / RESOLUTION + 1e-9));
  const cy1 = Math.min(GRID_H, Math.ceil(r.y1 / RESOLUTION - 1e-9));
  for (let y = cy0; y < cy1; y++) data.fill(v, y * GRID_W + cx0, y * GRID_W + cx1);
}

/** Row-major int8 cells (row 0 = south), 0 free, 100 occupied, -1 unknown. */
export const GRID: Int8Array = (() => {
  const data = new Int8Array(GRID_W * GRID_H);
  fillRect(data, UNKNOWN, -1);
  for (const o of OBSTACLES) fillRect(data, o, 100);
  return data;
})();

export function cellAt(x: number, y: number): number {
  const cx = Math.floor((x - ORIGIN.x) / RESOLUTION);
  const cy = Math.floor((y - ORIGIN.y) / RESOLUTION);
  if (cx < 0 || cy < 0 || cx >= GRID_W || cy >= GRID_H) return 100;
  return GRID[cy * GRID_W + cx]!;
}

/** True if a disc of `radius` around (x, y) touches no occupied or unknown cell. */
export function isFree(x: number, y: number, radius = 0.3): boolean {
  const steps = 8;
  if (cellAt(x, y) !== 0) return false;
  for (let i = 0; i < steps; i++) {
    const a = (i / steps) * Math.PI * 2;
    for (const r of [radius / 2, radius]) if (cellAt(x + r * Math.cos(a), y + r * Math.sin(a)) !== 0) return false;
  }
  return true;
}

export function segmentClear(ax: number, ay: number, bx: number, by: number, radius = 0.3): boolean {
  const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / (RESOLUTION / 2)));
  for (let i = 0; i <= n; i++) if (!isFree(ax + ((bx - ax) * i) / n, ay + ((by - ay) * i) / n, radius)) return false;
  return true;
}

export function inHazard(x: number, y: number): boolean {
  return x >= HAZARD_ZONE.x0 && x <= HAZARD_ZONE.x1 && y >= HAZARD_ZONE.y0 && y <= HAZARD_ZONE.y1;
}

/** Waypoint loops (free, collision-checked in tests), one per robot index modulo their count. */
export const PATROLS: ReadonlyArray<ReadonlyArray<{ x: number; y: number }>> = [
  [
    { x: 3, y: 3 },
    { x: 3, y: 10 },
    { x: 10, y: 10 },
    { x: 10, y: 3 },
  ],
  [
    { x: 16, y: 4 },
    { x: 18, y: 8 },
    { x: 23, y: 8 },
    { x: 25, y: 4 },
    { x: 23, y: 8 },
    { x: 18, y: 8 },
  ],
  [
    { x: 3, y: 15.2 },
    { x: 13, y: 15.2 },
    { x: 13, y: 11 },
    { x: 3, y: 11.5 },
  ],
];

const f32 = Math.fround;
type Color = { r: number; g: number; b: number; a: number };
const color = (r: number, g: number, b: number, a: number): Color => ({ r: f32(r), g: f32(g), b: f32(b), a: f32(a) });
const QUAT_ID = { x: 0, y: 0, z: 0, w: 1 };

interface MarkerSpec {
  ns: string;
  id: number;
  type: number;
  x: number;
  y: number;
  z: number;
  sx: number;
  sy: number;
  sz: number;
  color: Color;
  text: string;
}

/** A place's own marker (without its id) and the height of its label above the floor. */
function placeMarker(p: (typeof PLACES)[number]): { spec: Omit<MarkerSpec, 'id'>; labelZ: number } {
  if (p.kind === 'workstation') {
    const spec = {
      ns: 'places',
      type: 1,
      x: p.x,
      y: p.y,
      z: 0.01,
      sx: 1.2,
      sy: 1.2,
      sz: 0.02,
      color: color(0.2, 0.5, 0.9, 0.8),
      text: p.name,
    };
    return { spec, labelZ: 1.2 };
  }
  if (p.kind === 'shelf') {
    const block = OBSTACLES.find((o) => o.label === p.name)!;
    const spec = {
      ns: 'places',
      type: 1,
      x: (block.x0 + block.x1) / 2,
      y: (block.y0 + block.y1) / 2,
      z: 1,
      sx: block.x1 - block.x0,
      sy: block.y1 - block.y0,
      sz: 2,
      color: color(0.55, 0.4, 0.25, 0.9),
      text: p.name,
    };
    return { spec, labelZ: 2.3 };
  }
  if (p.kind === 'dock') {
    const spec = { ns: 'places', type: 3, x: p.x, y: p.y, z: 0.05, sx: 1, sy: 1, sz: 0.1, color: color(0.1, 0.8, 0.1, 0.8), text: p.name };
    return { spec, labelZ: 1.2 };
  }
  const h = HAZARD_ZONE;
  const spec = {
    ns: 'hazards',
    type: 1,
    x: (h.x0 + h.x1) / 2,
    y: (h.y0 + h.y1) / 2,
    z: 0.01,
    sx: h.x1 - h.x0,
    sy: h.y1 - h.y0,
    sz: 0.02,
    color: color(0.9, 0.1, 0.1, 0.5),
    text: p.name,
  };
  return { spec, labelZ: 1.2 };
}

/** Every place's marker (ids 0, 1, ...) followed by its text label (ids 100, 101, ...), place by place. */
function markerSpecs(): MarkerSpec[] {
  const out: MarkerSpec[] = [];
  PLACES.forEach((p, k) => {
    const { spec, labelZ } = placeMarker(p);
    out.push({ ...spec, id: k });
    // The hazard's label stands at the place's point, the shelf's over the block's middle.
    const at = p.kind === 'shelf' ? spec : p;
    out.push({
      ns: 'labels',
      id: 100 + k,
      type: 9,
      x: at.x,
      y: at.y,
      z: labelZ,
      sx: 0,
      sy: 0,
      sz: 0.35,
      color: color(1, 1, 1, 1),
      text: p.name,
    });
  });
  return out;
}

const SPECS = markerSpecs();

/** visualization_msgs/MarkerArray for /semantic_map with the given stamp. */
export function semanticMap(stamp: { secs: number; nsecs: number }): { markers: unknown[] } {
  return {
    markers: SPECS.map((m) => ({
      header: { seq: 0, stamp, frame_id: 'map' },
      ns: m.ns,
      id: m.id,
      type: m.type,
      action: 0,
      pose: { position: { x: m.x, y: m.y, z: m.z }, orientation: QUAT_ID },
      scale: { x: m.sx, y: m.sy, z: m.sz },
      color: m.color,
      lifetime: { secs: 0, nsecs: 0 },
      frame_locked: m.ns !== 'labels',
      points: [],
      colors: [],
      text: m.text,
      mesh_resource: '',
      mesh_use_embedded_materials: false,
    })),
  };
}

/** nav_msgs/OccupancyGrid for the latched /map. `data` is an Int8Array (JSON: array of ints, CBOR: Int8Array). */
export function occupancyGrid(stamp: { secs: number; nsecs: number }): object {
  return {
    header: { seq: 0, stamp, frame_id: 'map' },
    info: {
      map_load_time: stamp,
      resolution: f32(RESOLUTION),
      width: GRID_W,
      height: GRID_H,
      origin: { position: { x: ORIGIN.x, y: ORIGIN.y, z: 0 }, orientation: QUAT_ID },
    },
    data: GRID,
  };
}
