// Robots a person added in the UI are remembered between runs (robots given at launch are not stored:
// they come from the command line or the address bar each time).
const KEY = 'operator-console.robots.v1';

/**
 * The most robots read back at start (a site profile allows as many): a stored list written by an older version
 * or edited by hand cannot make every start open thousands of links.
 */
export const MAX_REMEMBERED_ROBOTS = 100;

export interface RememberedRobot {
  url: string;
}

export function loadRememberedRobots(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): RememberedRobot[] {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    const robots = parsed.filter(
      (r): r is RememberedRobot => typeof r === 'object' && r !== null && typeof (r as RememberedRobot).url === 'string',
    );
    if (robots.length > MAX_REMEMBERED_ROBOTS) {
      console.warn(`[fleet] ${robots.length} remembered robots, reading the first ${MAX_REMEMBERED_ROBOTS}`);
    }
    return robots.slice(0, MAX_REMEMBERED_ROBOTS);
  } catch (err) {
    console.warn('[fleet] remembered robots could not be read, starting without them:', err);
    return [];
  }
}

export function saveRememberedRobots(
  robots: RememberedRobot[],
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(KEY, JSON.stringify(robots));
  } catch (err) {
    console.warn('[fleet] could not remember robots:', err);
  }
}
