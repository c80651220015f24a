import { beforeEach, describe, expect, it } from 'vitest';
import { cameraTopics, chosenCameras, defaultCameras, useCameraStore } from '../../../../src/features/sensors/camera/cameraStore';

const all = [
  { name: '/battery', type: 'sensor_msgs/BatteryState' },
  { name: '/camera/depth/image_raw', type: 'sensor_msgs/Image' },
  { name: '/camera/color/image_raw', type: 'sensor_msgs/Image' },
  { name: '/camera/color/image_raw/compressed', type: 'sensor_msgs/CompressedImage' },
  { name: '/scan', type: 'sensor_msgs/LaserScan' },
];

describe('camera topic choice', () => {
  beforeEach(() => useCameraStore.setState({ byRobot: {}, chosen: {} }));

  it('keeps only image topics, compressed first', () => {
    expect(cameraTopics(all).map((t) => t.name)).toEqual([
      '/camera/color/image_raw/compressed',
      '/camera/color/image_raw',
      '/camera/depth/image_raw',
    ]);
  });

  it('defaults to one colour camera, never depth when there is another', () => {
    expect(defaultCameras(cameraTopics(all)).map((t) => t.name)).toEqual(['/camera/color/image_raw/compressed']);
    expect(defaultCameras([{ name: '/depth', type: 'sensor_msgs/Image' }]).map((t) => t.name)).toEqual(['/depth']);
    expect(defaultCameras([])).toEqual([]);
  });

  it('several cameras per robot can be chosen, per robot', () => {
    const s = useCameraStore.getState();
    s.setTopics('r1', { topics: cameraTopics(all), loaded: true });
    s.toggle('r1', '/camera/depth/image_raw');
    let st = useCameraStore.getState();
    expect(chosenCameras('r1', st).map((t) => t.name)).toEqual(['/camera/color/image_raw/compressed', '/camera/depth/image_raw']);
    s.toggle('r1', '/camera/color/image_raw/compressed');
    st = useCameraStore.getState();
    expect(chosenCameras('r1', st).map((t) => t.name)).toEqual(['/camera/depth/image_raw']);
    expect(chosenCameras('r2', st)).toEqual([]);
  });

  it('setTopics does not touch the store when nothing changed', () => {
    const s = useCameraStore.getState();
    s.setTopics('r1', { topics: cameraTopics(all), loaded: true });
    const before = useCameraStore.getState().byRobot;
    s.setTopics('r1', { topics: cameraTopics(all), loaded: true });
    expect(useCameraStore.getState().byRobot).toBe(before);
  });
});
