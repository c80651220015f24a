// The map feature in the 3D view: semantic places derived from the scene's markers (a few times a second, set
// only when they changed), the place search and the inspector over the canvas, and labels that open the place
// they name when clicked.

import { useEffect, useMemo, useState } from 'react';
import type { SceneExtension, SceneLayerProps, SceneRuntime } from '../../scene';
import { MarkerTypeName, useSceneUiStore, yawOf } from '../../scene';
import { shownRobotName, useFleetStore } from '../../fleet';
import { PlaceInspector, type InspectedObject } from './PlaceInspector';
import { PlaceSearch } from './PlaceSearch';
import { LABEL_NS, syncPlaceCells, syncPlaces, usePlacesStore, type Place } from './placesStore';

declare module '../../scene' {
  interface SceneDebugHook {
    /** Places with their fixed-frame poses. */
    places(): { key: string; name: string; x: number; y: number; z: number }[];
    /** Page CSS pixels of a place (key as in usePlacesStore), or null when it is not on screen. */
    placeScreenPosition(key: string): { x: number; y: number } | null;
  }
}

function useInspected(rt: SceneRuntime): InspectedObject | null {
  const key = useSceneUiStore((s) => s.inspectedKey);
  const places = usePlacesStore((s) => s.places);
  const robots = useFleetStore((s) => s.robots);
  // Re-read non-place markers a few times a second while inspected (they are not in a React store).
  const [tick, setTick] = useState(0);
  const place = key ? places.find((p) => p.key === key) : undefined;
  useEffect(() => {
    if (!key || place) return;
    const h = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(h);
  }, [key, place]);
  return useMemo(() => {
    void tick;
    if (!key) return null;
    const name = (id: string) => shownRobotName(robots, id);
    if (place) return { ...place, robotName: name(place.robotId) };
    const e = rt.model.markers.get(key);
    if (!e) return null;
    return {
      key,
      name: e.text.trim() || `${e.ns || 'marker'} ${e.id}`,
      ns: e.ns,
      id: e.id,
      type: MarkerTypeName[e.type] ?? String(e.type),
      frame: e.frame,
      robotId: e.robotId,
      robotName: name(e.robotId),
      x: e.pose.tx,
      y: e.pose.ty,
      z: e.pose.tz,
      yaw: yawOf(e.pose),
    };
  }, [key, place, robots, rt, tick]);
}

function MapOverlay({ rt }: SceneLayerProps) {
  const inspect = useSceneUiStore((s) => s.inspect);
  const inspected = useInspected(rt);
  const flyTo = (p: Pick<Place, 'key' | 'robotId' | 'frame' | 'x' | 'y' | 'z'>) => {
    const at = rt.placeWorldPosition(p);
    if (at) rt.command({ kind: 'fly', target: at, distance: 12 });
    inspect(p.key);
  };
  return (
    <>
      <PlaceSearch onChoose={flyTo} />
      <PlaceInspector object={inspected} onClose={() => inspect(undefined)} onFlyTo={flyTo} />
    </>
  );
}

/** Places are re-derived only when the marker store changed (its version), per scene runtime. */
const seenVersion = new WeakMap<SceneRuntime, number>();

export const mapSceneExtension: SceneExtension = {
  id: 'map',
  tickUi(rt) {
    const v = rt.model.markers.version;
    if (seenVersion.get(rt) !== v) {
      seenVersion.set(rt, v);
      syncPlaces(rt.model.markers.all());
    }
    // A place on an obstacle or in unknown space of the publishing robot's own map is marked (grids change too).
    syncPlaceCells((p) => {
      const s = rt.cellAt(p.robotId, p.frame, p.x, p.y)?.state;
      return s === 'occupied' ? 'occupied' : s === 'unknown' || s === 'outside' ? 'unknown' : undefined;
    });
  },
  resolveInspect(rt, markerKey) {
    const entry = rt.model.markers.get(markerKey);
    if (!entry || entry.ns !== LABEL_NS) return undefined;
    return usePlacesStore.getState().places.find((p) => p.name === entry.text.trim() && p.frame === entry.frame)?.key;
  },
  Overlay: MapOverlay,
  instruments: (rt, toScreen) => ({
    places: () => usePlacesStore.getState().places.map((p) => ({ key: p.key, name: p.name, x: p.x, y: p.y, z: p.z })),
    placeScreenPosition: (key: string) => {
      const place = usePlacesStore.getState().places.find((p) => p.key === key);
      return place ? toScreen(rt.placeWorldPosition(place)) : null;
    },
  }),
};
