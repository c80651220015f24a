// The semantic places every feature can read (name, pose, frame, robot), derived from the scene's marker
// store. Updated only when the set of places or a pose/name changes, never per /semantic_map message:
// syncPlaces() is called at a few Hz and compares before it sets.

import { create } from 'zustand';
import type { MarkerEntry } from '../../scene';
import { MarkerType, MarkerTypeName, applyToPoint, yawOf } from '../../scene';

export interface Place {
  key: string;
  name: string;
  ns: string;
  id: number;
  /** The robot that published it first. */
  robotId: string;
  /** Every robot that published it (robots sharing a site map publish the same places): the robots that can use it. */
  robotIds: string[];
  frame: string;
  x: number;
  y: number;
  z: number;
  yaw: number;
  type: string;
}

/** What the publishing robot's occupancy grid says under a place, when it is not free space. */
export type PlaceCell = 'occupied' | 'unknown';

interface PlacesState {
  places: Place[];
  /** Places (by key) that lie in an occupied or unknown cell of their robot's map. */
  cells: Record<string, PlaceCell>;
}

export const usePlacesStore = create<PlacesState>(() => ({ places: [], cells: {} }));

/** Sets the places' cell states when they changed; `cellOf` answers from the robot's grid. */
export function syncPlaceCells(cellOf: (p: Place) => PlaceCell | undefined): boolean {
  const { places, cells } = usePlacesStore.getState();
  const next: Record<string, PlaceCell> = {};
  for (const p of places) {
    const c = cellOf(p);
    if (c) next[p.key] = c;
  }
  const keys = Object.keys(next);
  if (keys.length === Object.keys(cells).length && keys.every((k) => cells[k] === next[k])) return false;
  usePlacesStore.setState({ cells: next });
  return true;
}

/** Namespace whose TEXT markers name the shapes they float over. */
export const LABEL_NS = 'labels';
const SHAPES = new Set<number>([MarkerType.CUBE, MarkerType.SPHERE, MarkerType.CYLINDER, MarkerType.MESH_RESOURCE]);
/** xy distance within which a label marker names a place, metres. */
const LABEL_RADIUS = 0.75;
/** Two robots publishing the same site map: same ns/id/frame within this distance is one place. */
const DUP_RADIUS = 0.05;

function centre(e: MarkerEntry): [number, number, number] {
  if (SHAPES.has(e.type) || e.points.length < 3) return [e.pose.tx, e.pose.ty, e.pose.tz];
  let sx = 0,
    sy = 0,
    sz = 0;
  const n = e.points.length / 3;
  for (let i = 0; i < e.points.length; i += 3) {
    sx += e.points[i];
    sy += e.points[i + 1];
    sz += e.points[i + 2];
  }
  return applyToPoint(e.pose, sx / n, sy / n, sz / n);
}

/** The label text for a marker: its own text, else a "labels" marker at the same place, else the same id. */
export function labelFor(e: MarkerEntry, labels: MarkerEntry[]): string {
  if (e.text.trim()) return e.text.trim();
  const [x, y] = centre(e);
  let best: MarkerEntry | undefined;
  let bestD = LABEL_RADIUS;
  for (const l of labels) {
    if (l.robotId !== e.robotId || l.frame !== e.frame || !l.text.trim()) continue;
    const d = Math.hypot(l.pose.tx - x, l.pose.ty - y);
    if (d <= bestD) {
      bestD = d;
      best = l;
    }
  }
  if (best) return best.text.trim();
  const sameId = labels.find((l) => l.robotId === e.robotId && l.id === e.id && l.text.trim());
  return sameId ? sameId.text.trim() : '';
}

/** Places = named shapes (and named outlines) outside the "labels" namespace, deduplicated across robots. */
export function derivePlaces(entries: Iterable<MarkerEntry>): Place[] {
  const all = [...entries];
  const labels = all.filter((e) => e.ns === LABEL_NS && e.type === MarkerType.TEXT_VIEW_FACING);
  const out: Place[] = [];
  const bySig = new Map<string, Place[]>();
  for (const e of all) {
    if (e.ns === LABEL_NS || e.type === MarkerType.TEXT_VIEW_FACING) continue;
    let name = labelFor(e, labels);
    if (!SHAPES.has(e.type) && !name) continue;
    if (!name) name = `${e.ns || 'marker'} ${e.id}`;
    const [x, y, z] = centre(e);
    const sig = `${e.ns}|${e.id}|${e.frame}|${e.type}`;
    const same = bySig.get(sig);
    const dup = same?.find((p) => Math.hypot(p.x - x, p.y - y, p.z - z) < DUP_RADIUS);
    if (dup) {
      if (!dup.robotIds.includes(e.robotId)) dup.robotIds.push(e.robotId);
      continue;
    }
    const place: Place = {
      key: e.key,
      name,
      ns: e.ns,
      id: e.id,
      robotId: e.robotId,
      robotIds: [e.robotId],
      frame: e.frame,
      x,
      y,
      z,
      yaw: yawOf(e.pose),
      type: MarkerTypeName[e.type] ?? String(e.type),
    };
    out.push(place);
    if (same) same.push(place);
    else bySig.set(sig, [place]);
  }
  out.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return out;
}

const MM = 1e-3;
function samePlaces(a: Place[], b: Place[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i],
      q = b[i];
    if (
      p.key !== q.key ||
      p.name !== q.name ||
      p.frame !== q.frame ||
      p.robotIds.join('|') !== q.robotIds.join('|') ||
      p.type !== q.type ||
      Math.abs(p.x - q.x) > MM ||
      Math.abs(p.y - q.y) > MM ||
      Math.abs(p.z - q.z) > MM ||
      Math.abs(p.yaw - q.yaw) > 1e-3
    )
      return false;
  }
  return true;
}

/** Recomputes places and sets the store only when something a person would see changed. Returns true if set. */
export function syncPlaces(entries: Iterable<MarkerEntry>): boolean {
  const next = derivePlaces(entries);
  if (samePlaces(usePlacesStore.getState().places, next)) return false;
  usePlacesStore.setState({ places: next });
  return true;
}

/** The places a robot can be sent to: the ones it published (alone or as part of a site map it shares). */
export function placesFor(places: readonly Place[], robotId: string): Place[] {
  return places.filter((p) => p.robotIds.includes(robotId));
}

/** Case-insensitive match on name (then ns), best first: prefix of a word before substring. */
export function searchPlaces(places: Place[], query: string): Place[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const scored: [number, Place][] = [];
  for (const p of places) {
    const name = p.name.toLowerCase();
    let s = -1;
    if (name === q) s = 0;
    else if (name.startsWith(q)) s = 1;
    else if (name.split(/\s+/).some((w) => w.startsWith(q))) s = 2;
    else if (name.includes(q)) s = 3;
    else if (p.ns.toLowerCase().includes(q)) s = 4;
    if (s >= 0) scored.push([s, p]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name));
  return scored.map((x) => x[1]);
}
