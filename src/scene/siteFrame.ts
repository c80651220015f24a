// The site frame: robots that share the site map share its frame; a robot whose map is its own is placed in the
// site by the transform its site-profile entry gives (`siteTransform`: x, y metres and yaw radians of the robot's
// map origin in the site). Everything of such a robot (body, TF, grid, markers, places) is drawn at
// site ∘ (pose in its map), and a point clicked in the site goes back to its map by the inverse.

import { applyToPoint, compose, fromYaw, invert, yawOf, type Transform } from './tfMath';

export interface SitePlacement {
  x: number;
  y: number;
  yaw?: number;
}

/** The transform of a placement, or null when there is none (or it is the identity, or not finite). */
export function siteTransformOf(p: SitePlacement | null | undefined): Transform | null {
  if (!p) return null;
  const yaw = p.yaw ?? 0;
  if (![p.x, p.y, yaw].every(Number.isFinite)) return null;
  if (p.x === 0 && p.y === 0 && yaw === 0) return null;
  return fromYaw(p.x, p.y, 0, yaw);
}

/** A pose in the robot's map frame, in the site frame. */
export function inSite(site: Transform | null, pose: Transform): Transform {
  return site ? compose(site, pose) : pose;
}

/** A site-frame point and heading in the robot's map frame (a goal clicked on the robot's map). */
export function siteToRobotMap(site: Transform | null, x: number, y: number, yaw: number): { x: number; y: number; yaw: number } {
  if (!site) return { x, y, yaw };
  const inv = invert(site);
  const [mx, my] = applyToPoint(inv, x, y, 0);
  const a = yaw + yawOf(inv);
  return { x: mx, y: my, yaw: Math.atan2(Math.sin(a), Math.cos(a)) };
}

/** Per-robot site transforms from a placement source, rebuilt only when the placement object changes. */
export class SiteTransforms {
  private cache = new Map<string, { src: SitePlacement | undefined; t: Transform | null }>();
  constructor(public source: (robotId: string) => SitePlacement | undefined = () => undefined) {}

  of(robotId: string): Transform | null {
    const src = this.source(robotId);
    const c = this.cache.get(robotId);
    if (c && c.src === src) return c.t;
    const t = siteTransformOf(src);
    this.cache.set(robotId, { src, t });
    return t;
  }
}
