// ROS 1 message definitions the simulated robot knows, with a tiny .msg parser.
// Used for rosapi/message_details, for filling/validating client messages, for CBOR typed arrays
// and for cbor-raw (ROS 1 serialization).

export interface FieldDef {
  name: string;
  /** Base type: primitive ("float32", "string", "time"...) or full "pkg/Type". */
  type: string;
  isArray: boolean;
  /** Fixed array length, undefined for variable length. */
  arrayLength?: number;
  isComplex: boolean;
}
export interface ConstDef {
  name: string;
  type: string;
  valueText: string;
}
export interface MsgDef {
  type: string;
  fields: FieldDef[];
  constants: ConstDef[];
}

const PRIMITIVES = new Set([
  'bool',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'float32',
  'float64',
  'string',
  'time',
  'duration',
  'byte',
  'char',
]);

const RAW: Record<string, string> = {
  'std_msgs/Header': 'uint32 seq\ntime stamp\nstring frame_id',
  'std_msgs/String': 'string data',
  'std_msgs/Int32': 'int32 data',
  'std_msgs/Float64': 'float64 data',
  'std_msgs/Bool': 'bool data',
  'std_msgs/Empty': '',
  'std_msgs/ColorRGBA': 'float32 r\nfloat32 g\nfloat32 b\nfloat32 a',
  'geometry_msgs/Vector3': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Point': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Quaternion': 'float64 x\nfloat64 y\nfloat64 z\nfloat64 w',
  'geometry_msgs/Pose': 'Point position\nQuaternion orientation',
  'geometry_msgs/PoseStamped': 'Header header\nPose pose',
  'geometry_msgs/Twist': 'Vector3 linear\nVector3 angular',
  'geometry_msgs/Transform': 'Vector3 translation\nQuaternion rotation',
  'geometry_msgs/TransformStamped': 'Header header\nstring child_frame_id\nTransform transform',
  'tf2_msgs/TFMessage': 'geometry_msgs/TransformStamped[] transforms',
  'sensor_msgs/JointState': 'Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort',
  'sensor_msgs/BatteryState': `uint8 POWER_SUPPLY_STATUS_UNKNOWN = 0
uint8 POWER_SUPPLY_STATUS_CHARGING = 1
uint8 POWER_SUPPLY_STATUS_DISCHARGING = 2
uint8 POWER_SUPPLY_STATUS_NOT_CHARGING = 3
uint8 POWER_SUPPLY_STATUS_FULL = 4
uint8 POWER_SUPPLY_HEALTH_UNKNOWN = 0
uint8 POWER_SUPPLY_HEALTH_GOOD = 1
uint8 POWER_SUPPLY_HEALTH_OVERHEAT = 2
uint8 POWER_SUPPLY_HEALTH_DEAD = 3
uint8 POWER_SUPPLY_HEALTH_OVERVOLTAGE = 4
uint8 POWER_SUPPLY_HEALTH_UNSPEC_FAILURE = 5
uint8 POWER_SUPPLY_HEALTH_COLD = 6
uint8 POWER_SUPPLY_HEALTH_WATCHDOG_TIMER_EXPIRE = 7
uint8 POWER_SUPPLY_HEALTH_SAFETY_TIMER_EXPIRE = 8
uint8 POWER_SUPPLY_TECHNOLOGY_UNKNOWN = 0
uint8 POWER_SUPPLY_TECHNOLOGY_NIMH = 1
uint8 POWER_SUPPLY_TECHNOLOGY_LION = 2
uint8 POWER_SUPPLY_TECHNOLOGY_LIPO = 3
uint8 POWER_SUPPLY_TECHNOLOGY_LIFE = 4
uint8 POWER_SUPPLY_TECHNOLOGY_NICD = 5
uint8 POWER_SUPPLY_TECHNOLOGY_LIMN = 6
Header header
float32 voltage
float32 temperature
float32 current
float32 charge
float32 capacity
float32 design_capacity
float32 percentage
uint8 power_supply_status
uint8 power_supply_health
uint8 power_supply_technology
bool present
float32[] cell_voltage
float32[] cell_temperature
string location
string serial_number`,
  'sensor_msgs/CompressedImage': 'Header header\nstring format\nuint8[] data',
  'sensor_msgs/LaserScan':
    'Header header\nfloat32 angle_min\nfloat32 angle_max\nfloat32 angle_increment\nfloat32 time_increment\nfloat32 scan_time\nfloat32 range_min\nfloat32 range_max\nfloat32[] ranges\nfloat32[] intensities',
  'nav_msgs/MapMetaData': 'time map_load_time\nfloat32 resolution\nuint32 width\nuint32 height\ngeometry_msgs/Pose origin',
  'nav_msgs/OccupancyGrid': 'Header header\nMapMetaData info\nint8[] data',
  'visualization_msgs/Marker': `uint8 ARROW=0
uint8 CUBE=1
uint8 SPHERE=2
uint8 CYLINDER=3
uint8 LINE_STRIP=4
uint8 LINE_LIST=5
uint8 CUBE_LIST=6
uint8 SPHERE_LIST=7
uint8 POINTS=8
uint8 TEXT_VIEW_FACING=9
uint8 MESH_RESOURCE=10
uint8 TRIANGLE_LIST=11
uint8 ADD=0
uint8 MODIFY=0
uint8 DELETE=2
uint8 DELETEALL=3
Header header
string ns
int32 id
int32 type
int32 action
geometry_msgs/Pose pose
geometry_msgs/Vector3 scale
std_msgs/ColorRGBA color
duration lifetime
bool frame_locked
geometry_msgs/Point[] points
std_msgs/ColorRGBA[] colors
string text
string mesh_resource
bool mesh_use_embedded_materials`,
  'visualization_msgs/MarkerArray': 'Marker[] markers',
  'diagnostic_msgs/KeyValue': 'string key\nstring value',
  'diagnostic_msgs/DiagnosticStatus':
    'byte OK=0\nbyte WARN=1\nbyte ERROR=2\nbyte STALE=3\nbyte level\nstring name\nstring message\nstring hardware_id\nKeyValue[] values',
  'diagnostic_msgs/DiagnosticArray': 'Header header\nDiagnosticStatus[] status',
  'actionlib_msgs/GoalID': 'time stamp\nstring id',
  'move_base_msgs/MoveBaseGoal': 'geometry_msgs/PoseStamped target_pose',
  'move_base_msgs/MoveBaseActionGoal': 'Header header\nactionlib_msgs/GoalID goal_id\nMoveBaseGoal goal',
  'rosbridge_msgs/ClientInfo': 'string ip_address\ntime connection_time',
  'rosbridge_msgs/ConnectedClients': 'ClientInfo[] clients',
  'rosgraph_msgs/Log':
    'byte DEBUG=1\nbyte INFO=2\nbyte WARN=4\nbyte ERROR=8\nbyte FATAL=16\nHeader header\nbyte level\nstring name\nstring msg\nstring file\nstring function\nuint32 line\nstring[] topics',
  'std_srvs/SetBoolRequest': 'bool data',
  'std_srvs/SetBoolResponse': 'bool success\nstring message',
  'std_srvs/TriggerRequest': '',
  'std_srvs/TriggerResponse': 'bool success\nstring message',
};

/** Packages the (simulated) ROS installation has: unknown types in these are import errors, others manifest errors. */
export const KNOWN_PACKAGES = new Set([
  'std_msgs',
  'geometry_msgs',
  'sensor_msgs',
  'nav_msgs',
  'visualization_msgs',
  'diagnostic_msgs',
  'tf2_msgs',
  'actionlib_msgs',
  'move_base_msgs',
  'std_srvs',
  'rosgraph_msgs',
  'rosbridge_msgs',
  'rosapi',
  'trajectory_msgs',
  'actionlib',
  'shape_msgs',
  'stereo_msgs',
]);

function resolveType(t: string, pkg: string): string {
  if (PRIMITIVES.has(t)) return t;
  if (t === 'Header') return 'std_msgs/Header';
  return t.includes('/') ? t : `${pkg}/${t}`;
}

function parseDef(type: string, text: string): MsgDef {
  const pkg = type.split('/')[0]!;
  const fields: FieldDef[] = [];
  const constants: ConstDef[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq >= 0) {
      const [ctype, cname] = line.slice(0, eq).trim().split(/\s+/) as [string, string];
      constants.push({ name: cname, type: ctype, valueText: line.slice(eq + 1).trim() });
      continue;
    }
    const [ftype, fname] = line.split(/\s+/) as [string, string];
    const m = /^([^[]+)(\[(\d*)\])?$/.exec(ftype)!;
    const base = resolveType(m[1]!, pkg);
    fields.push({
      name: fname,
      type: base,
      isArray: m[2] !== undefined,
      arrayLength: m[3] ? Number(m[3]) : undefined,
      isComplex: !PRIMITIVES.has(base),
    });
  }
  return { type, fields, constants };
}

const DEFS = new Map<string, MsgDef>();
for (const [t, text] of Object.entries(RAW)) DEFS.set(t, parseDef(t, text));

/** Register an extra definition (e.g. a service request type). */
export function defineType(type: string, text: string): void {
  if (!DEFS.has(type)) DEFS.set(type, parseDef(type, text));
}

export function getDef(type: string): MsgDef | undefined {
  return DEFS.get(type);
}

export function isPrimitive(t: string): boolean {
  return PRIMITIVES.has(t);
}

/** Why a type cannot be loaded, in rosbridge's words, or undefined if it can. */
export function typeLoadError(type: string): string | undefined {
  const parts = type.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return `Unable to load the manifest for package ${type}. Caused by: ${type}`;
  const [pkg, name] = parts as [string, string];
  if (!KNOWN_PACKAGES.has(pkg)) return `Unable to load the manifest for package ${pkg}. Caused by: ${pkg}`;
  if (!DEFS.has(type) && !PASS_THROUGH_OK(type)) {
    return `Unable to import msg class ${name} from package ${pkg}. Caused by: module '${pkg}.msg' has no attribute '${name}'`;
  }
  return undefined;
}

/** Types of real packages we carry no definition for: relayed as-is. */
const EXTRA_KNOWN = new Set([
  'actionlib_msgs/GoalStatus',
  'actionlib_msgs/GoalStatusArray',
  'move_base_msgs/MoveBaseActionFeedback',
  'move_base_msgs/MoveBaseActionResult',
  'sensor_msgs/Image',
  'sensor_msgs/PointCloud2',
  'geometry_msgs/PoseWithCovarianceStamped',
  'nav_msgs/Odometry',
  'nav_msgs/Path',
  'std_msgs/UInt8',
  'std_msgs/Int8',
  'std_msgs/Float32',
  'std_msgs/Time',
]);
function PASS_THROUGH_OK(type: string): boolean {
  return EXTRA_KNOWN.has(type);
}

const EXAMPLES: Record<string, string> = { bool: 'False', string: '', float32: '0.0', float64: '0.0', time: '{}', duration: '{}' };

/** rosapi/message_details typedefs, depth-first in first-seen order, as rosapi 0.11 returns them. */
export function typedefs(type: string): Array<Record<string, unknown>> | undefined {
  if (!DEFS.has(type)) return undefined;
  const out: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  const visit = (t: string): void => {
    if (seen.has(t)) return;
    seen.add(t);
    if (t === 'time' || t === 'duration') {
      out.push({
        type: t,
        fieldnames: ['secs', 'nsecs'],
        fieldtypes: ['int32', 'int32'],
        fieldarraylen: [-1, -1],
        examples: ['0', '0'],
        constnames: [],
        constvalues: [],
      });
      return;
    }
    const d = DEFS.get(t);
    if (!d) return;
    const consts = [...d.constants].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    out.push({
      type: t,
      fieldnames: d.fields.map((f) => f.name),
      fieldtypes: d.fields.map((f) => f.type),
      fieldarraylen: d.fields.map((f) => (f.isArray ? (f.arrayLength ?? 0) : -1)),
      examples: d.fields.map((f) => (f.isArray ? '[]' : f.isComplex ? '{}' : (EXAMPLES[f.type] ?? '0'))),
      constnames: consts.map((c) => c.name),
      constvalues: consts.map((c) => c.valueText),
    });
    for (const f of d.fields) if (f.isComplex || f.type === 'time' || f.type === 'duration') visit(f.type);
  };
  visit(type);
  return out;
}

/** Foxglove MessageDefinition[] (root first) for ROS 1 serialization. */
export function foxgloveDefs(type: string): Array<{ name: string; definitions: Array<Record<string, unknown>> }> | undefined {
  if (!DEFS.has(type)) return undefined;
  const out: Array<{ name: string; definitions: Array<Record<string, unknown>> }> = [];
  const seen = new Set<string>();
  const visit = (t: string): void => {
    if (seen.has(t)) return;
    seen.add(t);
    const d = DEFS.get(t)!;
    out.push({
      name: t,
      definitions: d.fields.map((f) => ({
        name: f.name,
        type: f.type === 'byte' ? 'int8' : f.type === 'char' ? 'uint8' : f.type,
        isArray: f.isArray,
        arrayLength: f.arrayLength,
        isComplex: f.isComplex,
      })),
    });
    for (const f of d.fields) if (f.isComplex) visit(f.type);
  };
  visit(type);
  return out;
}
