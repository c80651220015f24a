// A robot is known by its address (its rosbridge URL, the fleet's id), not by the name it reports: two robots may
// well both call themselves "harness_bot". When shown names collide, each label adds what tells the robots apart:
// the host (`harness_bot @ 10.0.0.6`), else host and port, else the whole address. Used everywhere a robot is named.
import { cleanRobotText, shownText, TEXT_LIMITS } from '../ui';

export interface NamedRobot {
  id: string;
  name: string;
  url: string;
}

function addressParts(url: string): { host: string; hostPort: string; whole: string } {
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname;
    return { host: u.hostname, hostPort: u.host, whole: `${u.host}${path}${u.search}` };
  } catch {
    return { host: url, hostPort: url, whole: url };
  }
}

/** How two names compare for a person: what is shown (bidi controls gone, spacing, case). */
function shownKey(name: string): string {
  return cleanRobotText(name).replace(/\s+/g, ' ').toLowerCase();
}

function distinct(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** The label of each robot (by id): its name, plus its address where another robot shows the same name. */
export function robotLabels(robots: readonly NamedRobot[]): Map<string, string> {
  const groups = new Map<string, NamedRobot[]>();
  for (const r of robots) {
    const k = shownKey(r.name);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out = new Map<string, string>();
  for (const g of groups.values()) {
    if (g.length === 1) {
      out.set(g[0].id, g[0].name);
      continue;
    }
    const parts = g.map((r) => addressParts(r.url));
    const pick: keyof ReturnType<typeof addressParts> = distinct(parts.map((p) => p.host))
      ? 'host'
      : distinct(parts.map((p) => p.hostPort))
        ? 'hostPort'
        : 'whole';
    g.forEach((r, i) => out.set(r.id, `${r.name} @ ${parts[i][pick]}`));
  }
  return out;
}

const cache = new WeakMap<readonly NamedRobot[], Map<string, string>>();

/** robotLabels() of a fleet list, computed once per list (the store replaces the list on every change). */
export function labelsOf(robots: readonly NamedRobot[]): Map<string, string> {
  let labels = cache.get(robots);
  if (!labels) {
    labels = robotLabels(robots);
    cache.set(robots, labels);
  }
  return labels;
}

/** The label of one robot in a fleet list; the id itself for a robot no longer in the list. */
export function robotLabel(robots: readonly NamedRobot[], id: string): string {
  return labelsOf(robots).get(id) ?? id;
}

/** Code points of a robot's label as shown in one line: the name's bound plus room for " @ address". */
export const ROBOT_LABEL_MAX = TEXT_LIMITS.name + 24;

/** A robot's label ready to show as one line of text (cleaned, bounded): for texts, titles, options, records. */
export function shownRobotName(robots: readonly NamedRobot[], id: string): string {
  return shownText(robotLabel(robots, id), ROBOT_LABEL_MAX);
}
