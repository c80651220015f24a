// The whole 3D panel: canvas (site map, robots, semantic map) plus its overlay (camera buttons, warnings badge,
// layer list, place search, inspector). Fills its parent. One SceneRuntime per mounted view owns the data
// (a RobotFeed per fleet robot link) and the three.js objects; React renders only when what the overlay
// shows changes, never per message.

import { Canvas } from '@react-three/fiber';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import * as THREE from 'three';
import { getLink, onLinksChanged } from '../fleet/fleetLinks';
import { useFleetStore } from '../fleet/fleetStore';
import { LayerList } from '../features/map/LayerList';
import { PlaceInspector, type InspectedObject } from '../features/map/PlaceInspector';
import { PlaceSearch } from '../features/map/PlaceSearch';
import { usePlacesStore, type Place } from '../features/map/placesStore';
import { CameraRig } from './CameraRig';
import { GridLayer } from './GridLayer';
import { MarkerLayer } from './MarkerLayer';
import { RobotLayer } from './RobotLayer';
import { MarkerTypeName } from './rosMsgs';
import { CameraButtons, RobotFrameProblems, WarningsBadge } from './SceneOverlay';
import { SceneInstruments } from './SceneInstruments';
import { ScenePicker } from './ScenePicker';
import { countRender, SceneRuntime } from './sceneRuntime';

export type { SceneRuntime };
import { useSceneText } from './sceneText';
import { useSceneUiStore } from './sceneUiStore';
import { yawOf } from './tfMath';
import './sceneView.css';
import type { RobotLink } from '../ros/types';

/** Overlay refresh rate (layers, warnings, robot frame problems, places). */
const UI_HZ = 3;

export interface SceneViewProps {
  /** Base URL for URDF `package://` meshes (package name appended). Without it meshes are placeholders. */
  meshBaseUrl?: string;
  /** Fixed frame everything is shown in (REP-105 `map` by default). */
  fixedFrame?: string;
  /**
   * Extra layers drawn in the same canvas (e.g. sensor layers). They get the runtime: per-robot TF buffers are
   * `rt.model.feeds.get(robotId)?.tf`, the fixed frame `rt.model.fixedFrame`.
   */
  extraLayers?: (rt: SceneRuntime) => ReactNode;
  /**
   * Where robots' data comes from. Default: the fleet's live links. Review replays a recorded clip by giving
   * a source that answers with a replay link for the robot under review (and adds it if it left the fleet).
   */
  source?: SceneSource;
}

export interface SceneSource {
  linkFor(robotId: string): RobotLink | undefined;
  /** Robots to show besides the fleet's. */
  extraRobotIds(): string[];
  /** Called when linkFor's answers or the extra robots change. */
  onChange(cb: () => void): () => void;
}

const LIVE: SceneSource = { linkFor: getLink, extraRobotIds: () => [], onChange: () => () => {} };

function meshBaseFromQuery(): string | undefined {
  try {
    return new URLSearchParams(window.location.search).get('meshBase') ?? undefined;
  } catch {
    return undefined;
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
    const name = (id: string) => robots.find((r) => r.id === id)?.name ?? id;
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

export function SceneView({ meshBaseUrl, fixedFrame = 'map', extraLayers, source = LIVE }: SceneViewProps) {
  countRender('SceneView');
  const t = useSceneText();
  const [rt] = useState(() => new SceneRuntime(meshBaseUrl ?? meshBaseFromQuery()));
  rt.model.fixedFrame = fixedFrame;
  const robots = useFleetStore((s) => s.robots);
  const layers = useSceneUiStore((s) => s.layers);
  const inspect = useSceneUiStore((s) => s.inspect);
  const inspected = useInspected(rt);

  useEffect(() => () => rt.dispose(), [rt]);

  useEffect(() => {
    const sync = () => {
      const ids = robots.map((r) => r.id);
      for (const id of source.extraRobotIds()) if (!ids.includes(id)) ids.push(id);
      rt.model.syncRobots(ids, source.linkFor);
    };
    sync();
    const offLinks = onLinksChanged(sync);
    const offSource = source.onChange(sync);
    return () => {
      offLinks();
      offSource();
    };
  }, [robots, rt, source]);

  useEffect(() => {
    rt.model.tickUi(Date.now());
    const h = setInterval(() => rt.model.tickUi(Date.now()), 1000 / UI_HZ);
    return () => clearInterval(h);
  }, [rt]);

  const flyToPlace = (p: Pick<Place, 'key' | 'robotId' | 'frame' | 'x' | 'y' | 'z'>) => {
    const at = rt.placeWorldPosition(p);
    if (at) rt.command({ kind: 'fly', target: at, distance: 12 });
    inspect(p.key);
  };

  return (
    <div className="scene-view" data-testid="scene-view" aria-label={t('scene.label')}>
      <Canvas
        camera={{ fov: 50, near: 0.05, far: 5000, up: [0, 0, 1], position: [0, -20, 20] }}
        dpr={[1, 2]}
        gl={{ antialias: true }}
        onCreated={({ gl }) => {
          gl.setClearColor(new THREE.Color('#0e1217'));
        }}
        data-testid="scene-canvas"
      >
        <ambientLight intensity={1.1} />
        <directionalLight position={[10, -15, 25]} intensity={1.8} />
        <hemisphereLight args={['#ffffff', '#445566', 0.6]} />
        <GridLayer rt={rt} />
        <MarkerLayer rt={rt} />
        <RobotLayer rt={rt} />
        {extraLayers?.(rt)}
        <CameraRig rt={rt} />
        <ScenePicker rt={rt} />
        <SceneInstruments rt={rt} />
      </Canvas>
      <CameraButtons rt={rt} />
      <PlaceSearch onChoose={flyToPlace} />
      <WarningsBadge />
      <PlaceInspector object={inspected} onClose={() => inspect(undefined)} onFlyTo={flyToPlace} />
      <LayerList layers={layers} onToggle={(id, v) => rt.model.setLayerVisible(id, v)} />
      <RobotFrameProblems />
      {robots.length === 0 && <div className="scene-empty muted">{t('scene.waiting')}</div>}
    </div>
  );
}
