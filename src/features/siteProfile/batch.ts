import type { RobotProfile, SiteProfile } from './siteProfileSchema';

export interface BatchOptions {
  count: number;
  /** First number used for {n}. */
  firstNumber?: number;
  /** {port} = basePort + index. */
  basePort?: number;
  /** Width of zero padding for {n}; 2 gives 01, 02 ... */
  pad?: number;
}

function fill(s: string, n: string, port: number): string {
  return s.replaceAll('{n}', n).replaceAll('{port}', String(port));
}

/**
 * Instantiates a profile's robot template(s) N times: "picker-{n}" at "ws://10.0.0.{n}:9090" or
 * "ws://gateway:{port}" become picker-01 at ws://gateway:9090, picker-02 at ws://gateway:9091 ...
 * A template without {n} in its name gets "-{n}" appended so names stay unique.
 */
export function instantiateBatch(profile: SiteProfile, opts: BatchOptions): SiteProfile {
  const { count, firstNumber = 1, basePort = 9090, pad = 2 } = opts;
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new Error('count must be a whole number from 1 to 500');
  if (!Number.isInteger(basePort) || basePort < 1 || basePort + count - 1 > 65535) throw new Error('ports must stay within 1–65535');
  const robots: RobotProfile[] = [];
  for (const tpl of profile.robots) {
    for (let i = 0; i < count; i++) {
      const n = String(firstNumber + i).padStart(pad, '0');
      const name = tpl.name.includes('{n}') ? tpl.name : `${tpl.name}-{n}`;
      robots.push({ ...tpl, name: fill(name, n, basePort + i), url: fill(tpl.url, String(firstNumber + i), basePort + i) });
    }
  }
  const urls = new Set(robots.map((r) => r.url));
  if (urls.size !== robots.length) throw new Error('the batch would give two robots the same address: put {n} or {port} in the robot URL');
  return { ...profile, robots };
}
