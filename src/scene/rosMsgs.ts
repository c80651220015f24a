// The ROS 1 message shapes the scene reads, as rosbridge delivers them (JSON or CBOR). Every numeric field may
// arrive as null (NaN/Inf in JSON), so readers validate before use; these types describe the happy shape only.

export interface Time {
  secs: number;
  nsecs: number;
}
export interface Header {
  seq?: number;
  stamp: Time;
  frame_id: string;
}
export interface Vector3 {
  x: number;
  y: number;
  z: number;
}
export interface Quaternion {
  x: number;
  y: number;
  z: number;
  w: number;
}
export interface Pose {
  position: Vector3;
  orientation: Quaternion;
}
export interface ColorRGBA {
  r: number;
  g: number;
  b: number;
  a: number;
}
export interface TransformStamped {
  header: Header;
  child_frame_id: string;
  transform: { translation: Vector3; rotation: Quaternion };
}
export interface TFMessage {
  transforms: TransformStamped[];
}
export interface JointState {
  header: Header;
  name: string[];
  position: ArrayLike<number | null>;
  velocity?: ArrayLike<number | null>;
  effort?: ArrayLike<number | null>;
}
export interface OccupancyGrid {
  header: Header;
  info: {
    map_load_time?: Time;
    resolution: number;
    width: number;
    height: number;
    origin: Pose;
  };
  /** Int8Array from the link (JSON and CBOR alike); plain number[] accepted too. */
  data: Int8Array | ArrayLike<number>;
}

export const MarkerType = {
  ARROW: 0,
  CUBE: 1,
  SPHERE: 2,
  CYLINDER: 3,
  LINE_STRIP: 4,
  LINE_LIST: 5,
  CUBE_LIST: 6,
  SPHERE_LIST: 7,
  POINTS: 8,
  TEXT_VIEW_FACING: 9,
  MESH_RESOURCE: 10,
  TRIANGLE_LIST: 11,
} as const;

export const MarkerTypeName: Record<number, string> = Object.fromEntries(Object.entries(MarkerType).map(([k, v]) => [v, k]));

export const MarkerAction = { ADD: 0, MODIFY: 0, DELETE: 2, DELETEALL: 3 } as const;

export interface Marker {
  header: Header;
  ns: string;
  id: number;
  type: number;
  action: number;
  pose: Pose;
  scale: Vector3;
  color: ColorRGBA;
  lifetime?: Time;
  frame_locked?: boolean;
  points?: Vector3[];
  colors?: ColorRGBA[];
  text?: string;
  mesh_resource?: string;
  mesh_use_embedded_materials?: boolean;
}
export interface MarkerArray {
  markers: Marker[];
}

export function stampToSec(t: Time | undefined | null): number {
  if (!t || typeof t.secs !== 'number' || typeof t.nsecs !== 'number') return NaN;
  return t.secs + t.nsecs * 1e-9;
}

/** tf2 frame ids have no leading slash; ROS 1 publishers sometimes send one. */
export function normFrame(id: unknown): string {
  if (typeof id !== 'string') return '';
  return id.startsWith('/') ? id.slice(1) : id;
}
