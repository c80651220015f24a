// The whole 3D panel: canvas (site map, robots, semantic map) plus its overlay (camera buttons, warnings badge,
// layer list, place search, inspector). Fills its parent. One SceneRuntime per mounted view owns the data
// (a RobotFeed per fleet robot link) and the three.js objects; React renders only when what the overlay
// shows changes, never per message.

import { Canvas } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import * as THREE from 'three';
import { getLink, onLinksChanged, useFleetStore } from '../fleet';
import type { RobotLink } from '../ros';
import { CameraRig } from './CameraRig';
import { GridLayer } from './GridLayer';
import { LayerList } from './LayerList';
import { MarkerLayer } from './MarkerLayer';
import { RobotLayer } from './RobotLayer';
import { CameraButtons, RobotFrameProblems, WarningsBadge } from './SceneOverlay';
import { CORE_EXTENSIONS } from './coreTopics';
import {
  feedSubscriptions,
  onSceneExtensionsChanged,
  registeredSceneExtensions,
  removalHandlers,
  type SceneExtension,
} from './sceneExtension';
import { SceneInstruments } from './SceneInstruments';
import { PacedFrames } from './PacedFrames';
import { ScenePicker } from './ScenePicker';
import { ShaderWarmUp } from './ShaderWarmUp';
import { DetailResolution, DetailToggle, SceneStatsBadge } from './SceneStats';
import { renderCaps } from './renderCaps';
import { countRender, SceneRuntime } from './sceneRuntime';
import { useSceneText } from './sceneText';
import { useSceneUiStore } from './sceneUiStore';
import type { SitePlacement } from './siteFrame';
import './sceneView.css';

/** Overlay refresh rate (layers, warnings, robot frame problems, extensions' stores). */
const UI_HZ = 3;

export interface SceneViewProps {
  /** Base URL for URDF meshes of every robot (`package://pkg/x.stl` is fetched from `<base>/pkg/x.stl`). */
  meshBaseUrl?: string;
  /** A robot's own mesh source (e.g. from the site profile); wins over meshBaseUrl. Read every frame: keep it cheap. */
  meshSourceFor?: (robotId: string) => string | undefined;
  /** Where a robot with a map of its own stands in the site (site profile `siteTransform`). Read every frame: keep it cheap. */
  siteTransformFor?: (robotId: string) => SitePlacement | undefined;
  /** Fixed frame everything is shown in (REP-105 `map` by default). */
  fixedFrame?: string;
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

function useExtensions(): readonly SceneExtension[] {
  const [list, setList] = useState(registeredSceneExtensions);
  useEffect(() => onSceneExtensionsChanged(() => setList([...registeredSceneExtensions()])), []);
  return list;
}

export function SceneView({ meshBaseUrl, meshSourceFor, siteTransformFor, fixedFrame = 'map', source = LIVE }: SceneViewProps) {
  countRender('SceneView');
  const t = useSceneText();
  const [rt] = useState(() => new SceneRuntime(meshBaseUrl ?? meshBaseFromQuery()));
  rt.model.fixedFrame = fixedFrame;
  if (meshSourceFor) rt.meshSourceFor = meshSourceFor;
  if (siteTransformFor) rt.model.site.source = siteTransformFor;
  const robots = useFleetStore((s) => s.robots);
  const layers = useSceneUiStore((s) => s.layers);
  const extensions = useExtensions();
  const [caps] = useState(renderCaps);
  // A software renderer pays for every primitive on the CPU: big new payloads get a predicted level of detail.
  useEffect(() => {
    rt.detail.predictive = caps.software;
  }, [rt, caps]);

  useEffect(() => () => rt.dispose(), [rt]);

  // Before the robots are synced (effects run in order): feeds subscribe what the extensions declare.
  useEffect(() => {
    const all = [...CORE_EXTENSIONS, ...extensions];
    rt.model.setSubscriptions(feedSubscriptions(all), removalHandlers(all));
    rt.tickers = extensions;
  }, [rt, extensions]);

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
  }, [robots, rt, source, extensions]);

  useEffect(() => {
    rt.tickUi(Date.now());
    const h = setInterval(() => rt.tickUi(Date.now()), 1000 / UI_HZ);
    return () => clearInterval(h);
  }, [rt]);

  return (
    <div className="scene-view" data-testid="scene-view" aria-label={t('scene.label')}>
      <Canvas
        camera={{ fov: 50, near: 0.05, far: 5000, up: [0, 0, 1], position: [0, -20, 20] }}
        dpr={caps.software ? 1 : [1, 2]}
        gl={{ antialias: !caps.software }}
        // PacedFrames draws: every display frame while frames are cheap, fewer when they are not.
        frameloop="never"
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
        {extensions.map((ext) => ext.Layer && <ext.Layer key={ext.id} rt={rt} />)}
        <CameraRig rt={rt} />
        <ScenePicker rt={rt} />
        <SceneInstruments rt={rt} />
        <DetailResolution rt={rt} />
        <ShaderWarmUp rt={rt} extensions={extensions} />
        <PacedFrames rt={rt} />
      </Canvas>
      <CameraButtons rt={rt} extensions={extensions} />
      {extensions.map((ext) => ext.Overlay && <ext.Overlay key={ext.id} rt={rt} />)}
      <WarningsBadge />
      <SceneStatsBadge rt={rt} software={caps.software} />
      <DetailToggle rt={rt} />
      <LayerList layers={layers} onToggle={(id, v) => rt.model.setLayerVisible(id, v)} />
      <RobotFrameProblems />
      {robots.length === 0 && <div className="scene-empty muted">{t('scene.waiting')}</div>}
    </div>
  );
}
