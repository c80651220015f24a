// The simulated robot's optional capabilities, each a self-contained module wired here onto the robot's
// rosbridge graph and tick: move_base (actionlib + simple goal), the operator bridge (takeover requests,
// control holder), and sensors (JPEG camera, laser scan of the walls, a small point cloud).
import { attachMoveBase, rectPolygon, type SimMoveBase } from './moveBase';
import { attachOperatorBridge, type OperatorBridge } from './operatorBridge';
import { attachSafetyBridge, type SafetyBridge } from './safetyBridge';
import type { SimRobotImpl } from './robot';
import { SENSOR_TOPICS, SimSensors, type SimGrid } from './sensors';
import { HAZARD_ZONE, MAP_HEIGHT_M, MAP_WIDTH_M, inHazard, isFree, occupancyGrid } from './siteMap';

export interface AddOnOptions {
  /** Camera, scan and cloud (default on). */
  sensors?: boolean;
  /** Ask for a takeover by itself when near the hazard zone, at most this often (0 = only on demand). */
  autoTakeoverEveryMs?: number;
  /** With autoTakeoverEveryMs: ask now and then even away from the hazard zone (demo, `npm start`). */
  askWithoutHazard?: boolean;
  /** State the safety topic `<ns>/operator/safety` (default true; false = a stock robot's SetBool only). */
  safetyTopic?: boolean;
  /** A stock robot: no operator control topic, control not arbitrated by the robot (see OperatorBridgeOptions.stock). */
  stock?: boolean;
  /** Operator request ids counted 1, 2, ... (from 1 again after the bridge's reboot()). */
  sequentialRequestIds?: boolean;
}

export interface RobotAddOns {
  moveBase: SimMoveBase;
  operator: OperatorBridge;
  safety: SafetyBridge;
  detach(): void;
}

const GRID = occupancyGrid({ secs: 0, nsecs: 0 }) as SimGrid;

export function attachAddOns(robot: SimRobotImpl, opts: AddOnOptions = {}): RobotAddOns {
  const mb = attachMoveBase(robot, {
    isFree: (x, y) => isFree(x, y, 0.3),
    hazards: () => [rectPolygon(HAZARD_ZONE)],
    bounds: { minX: 0, minY: 0, maxX: MAP_WIDTH_M, maxY: MAP_HEIGHT_M },
  });
  const operator = attachOperatorBridge(robot, {
    hazard: () => {
      const p = robot.pose();
      return inHazard(p.x, p.y) ? 'blocked by the hazard zone' : null;
    },
    autoRequestEveryMs: opts.autoTakeoverEveryMs ?? 0,
    askWithoutHazard: opts.askWithoutHazard,
    stock: opts.stock,
    sequentialIds: opts.sequentialRequestIds,
  });
  // A stock robot states nothing of ours: no safety topic either.
  const safety = attachSafetyBridge(robot, { stateTopic: opts.stock ? false : opts.safetyTopic });
  // On demand (README: "Make a simulated robot ask"): `rosservice call /robot/request_takeover` or npm run sim:ask.
  robot.graph.services.set('/robot/request_takeover', {
    type: 'std_srvs/Trigger',
    node: '/robot/operator_bridge',
    reqType: 'std_srvs/TriggerRequest',
    handler: () => ({ success: true, message: operator.requestTakeover('asked on demand (sim)') }),
  });
  let offSensors = () => {};
  if (opts.sensors !== false) {
    const sensors = new SimSensors({
      scan: { frameId: 'laser', mount: { x: 0.15, y: 0 } },
      camera: { frameId: 'camera_link' },
      cloud: { frameId: 'base_link', offset: { x: 0.15, y: 0, z: 0 } },
    });
    const pubs = new Map<string, (msg: object) => void>(
      SENSOR_TOPICS.map((t) => [t.topic, robot.graph.advertise(t.topic, t.type, '/sim_sensors')]),
    );
    offSensors = robot.addTickHook((now) => {
      for (const o of sensors.tick(robot.pose(), now, GRID, (t) => robot.graph.hasSubscribers(t))) pubs.get(o.topic)?.(o.msg as object);
    });
  }
  return {
    moveBase: mb.moveBase,
    operator,
    safety,
    detach() {
      safety.stop();
      mb.detach();
      operator.stop();
      offSensors();
    },
  };
}
