import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BadUrlError } from '../../src/ros/types';
import { FakeLink } from '../support/fakeLink';

// A fake link per URL, so the fleet store is tested without sockets.
const links = new Map<string, FakeLink>();
vi.mock('../../src/ros/robotLink', () => ({
  createRobotLink(url: string): FakeLink {
    if (!/^wss?:\/\/[^/]+/.test(url)) throw new BadUrlError(url, 'use ws:// or wss://');
    const link = new FakeLink(url, { state: 'connecting' });
    links.set(url, link);
    return link;
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
    links.clear();
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
    expect(links.get('ws://launch:9090')!.status().state).toBe('closed');
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
    const link = links.get('ws://r1:9090')!;
    // A battery message without a percentage came in; the link is back to connecting by the next poll.
    link.setState('connected');
    link.emit('/battery', { percentage: null });
    link.setState('connecting');
    pollFleet();
    expect(sets).toBe(1);
    link.setStatus({ state: 'connected', latencyMs: 3.2 });
    link.emit('/battery', { percentage: 0.5 });
    pollFleet();
    expect(sets).toBe(2);
    expect(useFleetStore.getState().views['ws://r1:9090']).toMatchObject({ battery: 0.5, status: { state: 'connected' } });
    unsub();
  });
});
