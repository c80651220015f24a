import { afterEach, describe, expect, it, vi } from 'vitest';
import { capabilitiesOf, detectCapabilities, UNDETECTED } from '../../src/ros/capabilities';
import type { RobotLink } from '../../src/ros/types';
import { loadTranscript } from '../fixtures/transcript';
import { loopbackLink } from './linkHarness';

const flush = () => vi.advanceTimersByTimeAsync(0);

afterEach(() => {
  vi.useRealTimers();
});

/** rosapi/services as the recorded ROS 1 rosbridge 0.11.17 answered it (scenario 01). */
function recordedRos1Services(): string[] {
  const line = loadTranscript('01').find((l) => l.dir === 's2c' && (l.frame as { service?: string }).service?.endsWith('rosapi/services'));
  return (line!.frame as { values: { services: string[] } }).values.services;
}

const ROS2_SERVICES = [
  '/rosapi/topics',
  '/rosapi/services',
  '/rosapi/publishers',
  '/rosapi/get_ros_version',
  '/rosapi/get_param',
  '/rosapi/action_servers',
];

describe('capabilities', () => {
  it('the recorded ROS 1 rosapi (no get_ros_version): ros1, actionlib over topics, cbor-raw decodable, no action ops', async () => {
    const services = recordedRos1Services();
    expect(services).not.toContain('/rosapi/get_ros_version');
    const calls: string[] = [];
    const caps = await detectCapabilities(async (s) => {
      calls.push(s);
      return { services };
    });
    expect(calls).toEqual(['/rosapi/services']);
    expect(caps).toMatchObject({ detected: true, dialect: 'ros1', rosapi: true });
    expect(caps.list).toEqual(
      expect.arrayContaining(['subscribe', 'callServices', 'getParameters', 'publishersLookup', 'actionlibTopics', 'cborRaw', 'tap']),
    );
    expect(caps.list).not.toContain('actions');
  });

  it('ROS 2 rosapi answers get_ros_version: ros2 with its distro and the action ops', async () => {
    const caps = await detectCapabilities(async (s) =>
      s === '/rosapi/services' ? { services: ROS2_SERVICES } : { version: 2, distro: 'jazzy' },
    );
    expect(caps).toMatchObject({ detected: true, dialect: 'ros2', distro: 'jazzy' });
    expect(caps.list).toContain('actions');
    expect(caps.list).not.toContain('cborRaw'); // ROS 2 cbor-raw is CDR, not the bundled ROS 1 definitions
  });

  it('a link detects them on connecting and tells listeners; a link without the method declares the basics', async () => {
    vi.useFakeTimers();
    const { link } = loopbackLink({
      services: {
        '/rosapi/services': () => ({ services: ROS2_SERVICES }),
        '/rosapi/get_ros_version': () => ({ version: 2, distro: 'humble' }),
      },
    });
    expect(link.capabilities()).toBe(UNDETECTED);
    const seen: string[] = [];
    link.onCapabilities((c) => seen.push(c.dialect));
    await flush();
    await flush();
    expect(seen).toEqual(['ros2']);
    expect(link.capabilities()).toMatchObject({ dialect: 'ros2', distro: 'humble' });
    const replay = { url: 'replay://x' } as unknown as RobotLink;
    expect(capabilitiesOf(replay)).toBe(UNDETECTED);
    link.close();
  });
});
