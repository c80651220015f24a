import { create } from 'zustand';
import type { LinkStatus } from '../ros';
import { BadUrlError } from '../ros';
import { closeLink, getLink, openLink } from './fleetLinks';
import { nextFreeColor } from './palette';
import { loadRememberedRobots, saveRememberedRobots } from './robotsStorage';
import { robotLabel } from './robotIdentity';

export interface RobotEntry {
  /** Stable id: the robot's rosbridge URL. */
  id: string;
  name: string;
  url: string;
  color: string;
  /** Added in the UI (remembered between runs) rather than given at launch. */
  remembered: boolean;
}

/** What a person sees of a robot; refreshed at a few Hz by pollFleet(), never per message. */
export interface RobotView {
  status: LinkStatus;
  /** 0..1, undefined until /battery has spoken (NaN from the robot counts as unknown). */
  battery?: number;
  problemCount: number;
}

interface FleetState {
  robots: RobotEntry[];
  views: Record<string, RobotView>;
  selectedId?: string;
  select(id?: string): void;
  /** Adds a robot by URL. Returns an error text for the person, or null on success. */
  addRobot(url: string, opts?: { remember?: boolean; name?: string }): string | null;
  removeRobot(id: string): void;
  rename(id: string, name: string): void;
}

export function defaultRobotName(url: string): string {
  try {
    const u = new URL(url);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return url;
  }
}

export const useFleetStore = create<FleetState>((set, get) => ({
  robots: [],
  views: {},
  selectedId: undefined,
  select(id) {
    set({ selectedId: id });
  },
  addRobot(rawUrl, opts = {}) {
    const url = rawUrl.trim();
    if (get().robots.some((r) => r.id === url)) return 'duplicate';
    try {
      openLink(url, url);
    } catch (err) {
      if (err instanceof BadUrlError) return err.message;
      return err instanceof Error ? err.message : String(err);
    }
    const robots = get().robots;
    const entry: RobotEntry = {
      id: url,
      url,
      name: opts.name ?? defaultRobotName(url),
      color: nextFreeColor(robots.map((r) => r.color)),
      remembered: opts.remember ?? false,
    };
    set({ robots: [...robots, entry] });
    if (entry.remembered) persist(get().robots);
    return null;
  },
  removeRobot(id) {
    closeLink(id);
    const robots = get().robots.filter((r) => r.id !== id);
    const views = { ...get().views };
    delete views[id];
    set({ robots, views, selectedId: get().selectedId === id ? undefined : get().selectedId });
    persist(robots);
  },
  rename(id, name) {
    set({ robots: get().robots.map((r) => (r.id === id ? { ...r, name } : r)) });
  },
}));

function persist(robots: RobotEntry[]): void {
  saveRememberedRobots(robots.filter((r) => r.remembered).map((r) => ({ url: r.url })));
}

/** Launch robots (command line / address bar) plus the ones remembered from earlier runs. */
export function initFleet(launchUrls: readonly string[]): void {
  const { addRobot } = useFleetStore.getState();
  for (const url of launchUrls) addRobot(url, { remember: false });
  for (const r of loadRememberedRobots()) addRobot(r.url, { remember: true });
}

function sameView(a: RobotView | undefined, b: RobotView): boolean {
  if (!a) return false;
  const s = a.status;
  const t = b.status;
  return (
    s.state === t.state &&
    s.reason === t.reason &&
    s.attempt === t.attempt &&
    s.nextRetryAt === t.nextRetryAt &&
    Math.round(s.latencyMs ?? -1) === Math.round(t.latencyMs ?? -1) &&
    Math.round((a.battery ?? -1) * 100) === Math.round((b.battery ?? -1) * 100) &&
    a.problemCount === b.problemCount
  );
}

interface BatteryMsg {
  percentage?: number | null;
}

/** Reads each link's state and updates the store only where something visible changed. */
export function pollFleet(): void {
  const { robots, views } = useFleetStore.getState();
  let next: Record<string, RobotView> | undefined;
  for (const r of robots) {
    const link = getLink(r.id);
    if (!link) continue;
    const pct = link.latest<BatteryMsg>('/battery')?.msg.percentage;
    const view: RobotView = {
      status: link.status(),
      battery: typeof pct === 'number' && Number.isFinite(pct) ? pct : undefined,
      problemCount: link.problems().length,
    };
    if (!sameView(views[r.id], view)) {
      next ??= { ...views };
      next[r.id] = view;
    }
  }
  if (next) useFleetStore.setState({ views: next });
}

/** The label of a robot (name, plus its address when another robot has the same name), for React components. */
export function useRobotLabel(id: string): string {
  return useFleetStore((s) => robotLabel(s.robots, id));
}
