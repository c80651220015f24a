import { parse as parseRosmsg } from '@foxglove/rosmsg';
import { deserializeRos1Message, type Ros1Schema } from './ros1Codec';

/**
 * ROS 1 message definitions bundled with the console, for `compression: "cbor-raw"` (rosbridge sends the
 * ROS 1 serialized bytes; the client must deserialize them itself). Add a type here to make it decodable.
 * Field types are written fully qualified so that dependencies can be resolved from this table alone.
 */
export const ROS1_DEFINITIONS: Record<string, string> = {
  'std_msgs/Header': 'uint32 seq\ntime stamp\nstring frame_id',
  'std_msgs/String': 'string data',
  'std_msgs/Int32': 'int32 data',
  'std_msgs/Float64': 'float64 data',
  'std_msgs/Bool': 'bool data',
  'geometry_msgs/Vector3': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Point': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Quaternion': 'float64 x\nfloat64 y\nfloat64 z\nfloat64 w',
  'geometry_msgs/Pose': 'geometry_msgs/Point position\ngeometry_msgs/Quaternion orientation',
  'geometry_msgs/PoseStamped': 'std_msgs/Header header\ngeometry_msgs/Pose pose',
  'geometry_msgs/PoseWithCovariance': 'geometry_msgs/Pose pose\nfloat64[36] covariance',
  'geometry_msgs/Twist': 'geometry_msgs/Vector3 linear\ngeometry_msgs/Vector3 angular',
  'geometry_msgs/TwistWithCovariance': 'geometry_msgs/Twist twist\nfloat64[36] covariance',
  'geometry_msgs/Transform': 'geometry_msgs/Vector3 translation\ngeometry_msgs/Quaternion rotation',
  'geometry_msgs/TransformStamped': 'std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/Transform transform',
  'tf2_msgs/TFMessage': 'geometry_msgs/TransformStamped[] transforms',
  'nav_msgs/MapMetaData': 'time map_load_time\nfloat32 resolution\nuint32 width\nuint32 height\ngeometry_msgs/Pose origin',
  'nav_msgs/OccupancyGrid': 'std_msgs/Header header\nnav_msgs/MapMetaData info\nint8[] data',
  'nav_msgs/Odometry':
    'std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/PoseWithCovariance pose\ngeometry_msgs/TwistWithCovariance twist',
  'sensor_msgs/BatteryState': [
    'std_msgs/Header header',
    'float32 voltage',
    'float32 temperature',
    'float32 current',
    'float32 charge',
    'float32 capacity',
    'float32 design_capacity',
    'float32 percentage',
    'uint8 power_supply_status',
    'uint8 power_supply_health',
    'uint8 power_supply_technology',
    'bool present',
    'float32[] cell_voltage',
    'float32[] cell_temperature',
    'string location',
    'string serial_number',
  ].join('\n'),
  'sensor_msgs/JointState': 'std_msgs/Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort',
  'sensor_msgs/LaserScan': [
    'std_msgs/Header header',
    'float32 angle_min',
    'float32 angle_max',
    'float32 angle_increment',
    'float32 time_increment',
    'float32 scan_time',
    'float32 range_min',
    'float32 range_max',
    'float32[] ranges',
    'float32[] intensities',
  ].join('\n'),
  'sensor_msgs/CompressedImage': 'std_msgs/Header header\nstring format\nuint8[] data',
  'sensor_msgs/Image':
    'std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\nuint32 step\nuint8[] data',
  'diagnostic_msgs/KeyValue': 'string key\nstring value',
  'diagnostic_msgs/DiagnosticStatus': 'byte level\nstring name\nstring message\nstring hardware_id\ndiagnostic_msgs/KeyValue[] values',
  'diagnostic_msgs/DiagnosticArray': 'std_msgs/Header header\ndiagnostic_msgs/DiagnosticStatus[] status',
  'actionlib_msgs/GoalID': 'time stamp\nstring id',
  'actionlib_msgs/GoalStatus': 'actionlib_msgs/GoalID goal_id\nuint8 status\nstring text',
  'actionlib_msgs/GoalStatusArray': 'std_msgs/Header header\nactionlib_msgs/GoalStatus[] status_list',
};

const SEPARATOR = '\n================================================================================\nMSG: ';

/** The full gendeps-style definition text (type followed by its dependencies), or undefined if unknown. */
export function fullDefinition(type: string): string | undefined {
  const own = ROS1_DEFINITIONS[type];
  if (own === undefined) return undefined;
  const seen = new Set<string>([type]);
  const order: string[] = [];
  const visit = (text: string): boolean => {
    for (const line of text.split('\n')) {
      const fieldType =
        line
          .trim()
          .split(/\s+/)[0]
          ?.replace(/\[\d*\]$/, '') ?? '';
      if (!fieldType.includes('/') || seen.has(fieldType)) continue;
      const dep = ROS1_DEFINITIONS[fieldType];
      if (dep === undefined) return false;
      seen.add(fieldType);
      order.push(fieldType);
      if (!visit(dep)) return false;
    }
    return true;
  };
  if (!visit(own)) return undefined;
  return [own, ...order.map((t) => `${t}\n${ROS1_DEFINITIONS[t]}`)].join(SEPARATOR);
}

// An interpreting reader (ros1Codec.ts): @foxglove's MessageReader compiles code with new Function, which the
// renderer's Content-Security-Policy forbids.
const readers = new Map<string, Ros1Schema | null>();

function readerFor(type: string): Ros1Schema | null {
  let reader = readers.get(type);
  if (reader === undefined) {
    const text = fullDefinition(type);
    reader = text === undefined ? null : { type, definitions: parseRosmsg(text), text };
    readers.set(type, reader);
  }
  return reader;
}

export function canDeserializeRos1(type: string): boolean {
  return readerFor(type) !== null;
}

/**
 * Deserialize ROS 1 bytes of `type` into the same shape rosbridge's JSON has (time as {secs, nsecs}).
 * Throws when the type is not bundled or the bytes do not match it.
 */
export function deserializeRos1(type: string, bytes: Uint8Array, maxArrayLength?: number): unknown {
  const reader = readerFor(type);
  if (!reader) throw new Error(`no bundled ROS 1 definition for ${type}`);
  return renameTimes(deserializeRos1Message(reader, bytes, maxArrayLength));
}

/** rosmsg-serialization gives {sec, nsec}; rosbridge JSON and CBOR give {secs, nsecs}. */
function renameTimes(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = renameTimes(value[i]);
    return value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 2 && 'sec' in obj && 'nsec' in obj) return { secs: obj.sec, nsecs: obj.nsec };
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = renameTimes(obj[k]);
  return out;
}
