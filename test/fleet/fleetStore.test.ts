import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BadUrlError, type LinkStatus, type RobotLink } from '../../src/ros/types';

// A fake link per URL, so the fleet store is tested without sockets.
const fakes = new Map<string, { status: LinkStatus; battery?: unknown; closed: boolean }>();
vi.mock('../../src/ros/robotLink', () => ({
  createRobotLink(url: string): Partial<RobotLink> {
    if (!/^wss?:\/\/[^/]+/.test(url)) throw new BadUrlError(url, 'use ws:// or wss://');
    const f = { status: { state: 'connecting', url, attempt: 0 } as LinkStatus, battery: undefined as unknown, closed: false };
    fakes.set(url, f);
    return {
      url,
      status: () => f.status,
      latest: ((topic: string) =>
        topic === '/battery' && f.battery ? { msg: f.battery, receivedAt: 0 } : undefined) as RobotLink['latest'],
      problems: () => [],
      close: () => {
        f.closed = true;
      },
    };
  },
}));

const { useFleetStore, initFleet, pollFleet } = await import('../../src/fleet/fleetStore');

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('fleet store', () => {
  let storage: ReturnType<typeof memoryStorage>;
  beforeEach(() => {
    for (const r of useFleetStore.getState().robots) useFleetStore.getState().removeRobot(r.id);
    storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    fakes.clear();
  });

  it('adds robots with distinct colours and refuses duplicates and bad addresses in plain words', () => {
    const { addRobot } = useFleetStore.getState();
    expect(addRobot('ws://127.0.0.1:9090')).toBeNull();
    expect(addRobot('ws://127.0.0.1:9091')).toBeNull();
    expect(addRobot('ws://127.0.0.1:9090')).toBe('duplicate');
    expect(addRobot('http://robot:9090')).toMatch(/Bad robot address "http:\/\/robot:9090"/);
    const robots = useFleetStore.getState().robots;
    expect(robots.map((r) => r.name)).toEqual(['127.0.0.1:9090', '127.0.0.1:9091']);
    expect(new Set(robots.map((r) => r.color)).size).toBe(2);
  });

  it('remembers robots added in the UI, not launch robots, and closes links on removal', () => {
    initFleet(['ws://launch:9090']);
    useFleetStore.getState().addRobot('ws://added:9090', { remember: true });
    expect(JSON.parse(storage.data.get('operator-console.robots.v1')!)).toEqual([{ url: 'ws://added:9090' }]);
    useFleetStore.getState().removeRobot('ws://launch:9090');
    expect(fakes.get('ws://launch:9090')!.closed).toBe(true);
    // a new run: launch robots plus the remembered one
    for (const r of useFleetStore.getState().robots) useFleetStore.getState().removeRobot(r.id);
    storage.data.set('operator-console.robots.v1', JSON.stringify([{ url: 'ws://added:9090' }]));
    initFleet(['ws://other:9090']);
    expect(useFleetStore.getState().robots.map((r) => [r.url, r.remembered])).toEqual([
      ['ws://other:9090', false],
      ['ws://added:9090', true],
    ]);
  });

  it('poll updates the store only when something visible changed; NaN battery counts as unknown', () => {
    useFleetStore.getState().addRobot('ws://r1:9090');
    let sets = 0;
    const unsub = useFleetStore.subscribe(() => sets++);
    pollFleet();
    expect(sets).toBe(1);
    pollFleet();
    pollFleet();
    expect(sets).toBe(1);
    const f = fakes.get('ws://r1:9090')!;
    f.battery = { percentage: null };
    pollFleet();
    expect(sets).toBe(1);
    f.battery = { percentage: 0.5 };
    f.status = { state: 'connected', url: 'ws://r1:9090', attempt: 0, latencyMs: 3.2 };
    pollFleet();
    expect(sets).toBe(2);
    expect(useFleetStore.getState().views['ws://r1:9090']).toMatchObject({ battery: 0.5, status: { state: 'connected' } });
    unsub();
  });
});
