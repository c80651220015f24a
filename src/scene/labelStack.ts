// Robots standing at (nearly) the same place must not hide each other's labels: a label whose robot is within
// STACK_RADIUS_M of robots earlier in the fleet's order is lifted by one label height per such robot. The lift is
// in screen space (the sprite's anchor), because labels keep their size on screen at any zoom.

/** xy distance within which two robots' labels would overlap. */
export const STACK_RADIUS_M = 0.6;
/** One label height plus a gap, in label heights (SpriteMaterial anchor units). */
export const STACK_STEP = 1.15;

export interface StackedRobot {
  id: string;
  x: number;
  y: number;
  shown: boolean;
}

/** How many shown robots before `id` (in order) stand within the radius of it: its label's place in the stack. */
export function stackIndex(id: string, robots: Iterable<StackedRobot>, radius = STACK_RADIUS_M): number {
  const list = [...robots];
  const me = list.find((r) => r.id === id);
  if (!me || !me.shown) return 0;
  let n = 0;
  for (const r of list) {
    if (r.id === id) break;
    if (r.shown && Math.hypot(r.x - me.x, r.y - me.y) < radius) n++;
  }
  return n;
}

/** The sprite anchor's y for a stack place (0 = the label stands on its point). */
export const stackAnchorY = (index: number): number => -index * STACK_STEP;
