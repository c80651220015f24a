// roslib 2.1.0 (what the console uses) against the simulated robot, mirroring roslib-observations.json of the
// real server: what roslib hands to client code must look the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ROSLIB from 'roslib';
import { startFleet, type SimFleet, type SimRobot } from '../../src/sim/fleet';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let fleet: SimFleet;
let robot: SimRobot;
let ros: ROSLIB.Ros;

beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0 });
  robot = fleet.robots[0]!;
  ros = new ROSLIB.Ros({ url: robot.url });
  await new Promise<void>((res, rej) => {
    ros.on('connection', () => res());
    ros.on('error', (e) => rej(e));
  });
});
afterAll(async () => {
  ros.close();
  await fleet.stop();
});

function collect<T>(name: string, messageType: string, compression: string, ms: number): Promise<T[]> {
  const got: T[] = [];
  const topic = new ROSLIB.Topic<T>({ ros, name, messageType, compression });
  topic.subscribe((m) => got.push(m));
  return sleep(ms).then(() => {
    topic.unsubscribe();
    return got;
  });
}

describe('roslib 2.1.0 against the simulated robot', () => {
  it('introspection: topics with types, params, JSON-in-string param values, missing param -> null', async () => {
    const topics = await new Promise<{ topics: string[]; types: string[] }>((res, rej) => ros.getTopics(res, rej));
    expect(topics.types[topics.topics.indexOf('/battery')]).toBe('sensor_msgs/BatteryState');
    const params = await new Promise<string[]>((res, rej) => ros.getParams(res, rej));
    expect(params).toEqual(expect.arrayContaining(['/robot_description', '/robot/name', '/robot/max_speed']));
    const urdf = await new Promise<string>((res, rej) => new ROSLIB.Param<string>({ ros, name: '/robot_description' }).get(res, rej));
    expect(urdf.startsWith('<?xml')).toBe(true);
    const missing = await new Promise<unknown>((res, rej) => new ROSLIB.Param({ ros, name: '/no/such/param' }).get(res, rej));
    expect(missing).toBeNull();
  });

  it('JSON, CBOR and PNG subscriptions; JointState never arrives under CBOR', async () => {
    const [json, cborMap, cborJs, png] = await Promise.all([
      collect<Record<string, unknown>>('/battery', 'sensor_msgs/BatteryState', 'none', 1300),
      collect<{ data: unknown }>('/map', 'nav_msgs/OccupancyGrid', 'cbor', 800),
      collect<unknown>('/joint_states', 'sensor_msgs/JointState', 'cbor', 800),
      collect<Record<string, unknown>>('/battery', 'sensor_msgs/BatteryState', 'png', 1300),
    ]);
    expect(json.length).toBeGreaterThanOrEqual(1);
    expect(json[0]!.charge).toBeNull();
    expect(cborMap.length).toBe(1);
    expect(cborMap[0]!.data).toBeInstanceOf(Int8Array);
    expect(cborJs.length).toBe(0);
    expect(png.length).toBeGreaterThanOrEqual(1);
    expect(png[0]!.serial_number).toBe('AT-0001');
  });

  it("service errors are the server's strings; publishes reach the robot", async () => {
    const srv = new ROSLIB.Service<{ data: unknown }, { success: boolean; message: string }>({
      ros,
      name: '/robot/set_enabled',
      serviceType: 'std_srvs/SetBool',
    });
    const err = await new Promise<string>((res) => srv.callService({ data: 'yes please' }, () => res('no error'), res));
    expect(err).toBe("std_srvs/SetBoolRequest message requires a bool for field data, but got a <class 'str'>");
    const ok = await new Promise<{ message: string }>((res, rej) => srv.callService({ data: true }, res, rej));
    expect(ok.message).toBe('enabled');
    const before = robot.motionLog.length;
    const cmd = new ROSLIB.Topic({ ros, name: '/cmd_vel', messageType: 'geometry_msgs/Twist', queue_size: 1 });
    cmd.advertise();
    cmd.publish({ linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.5 } });
    await sleep(200);
    expect(robot.motionLog.length).toBe(before + 1);
    cmd.unadvertise();
  });
});
