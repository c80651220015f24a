// Robot bodies: one component per robot (re-rendered only when its entry or selection changes). useFrame
// places the body at its base frame's pose in the fixed frame, applies the latest /joint_states when new
// ones arrived, and shows "stale for N s" (dimmed) or hides the body when its frame is not connected.

import { inSite } from './siteFrame';
import { stackAnchorY, stackIndex, type StackedRobot } from './labelStack';
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { URDFRobot } from 'urdf-loader';
import { robotLabel, safetyLabelText, useFleetStore, useSafetyStore, type RobotEntry, type SafetyView } from '../fleet';
import { disposeLabel, makeLabel, setLabelText } from './labelSprite';
import { bodyTriangles, disposeBody, setBodyCoarse, setBodyLook, standInBody, tintBody, type TintedMaterial } from './robotBody';
import type { RobotFeed } from './robotFeed';
import { sceneProblems } from './sceneProblems';
import { buildUrdfBody, invalidBody } from './urdfBody';
import { useLocale } from '../i18n';
import { STALE_MS } from './sceneModel';
import { sceneText } from './sceneText';
import { countRender, type SceneRuntime } from './sceneRuntime';

interface BodyState {
  urdfRev: number;
  /** The mesh source the body was built with (a change rebuilds it). */
  meshBase: string | undefined;
  /** Bumped per build, so a late mesh report of an older build is ignored. */
  build: number;
  /** Set when the build's meshes settled: tint what arrived, measure the height again. */
  meshesSettled: boolean;
  invalid: boolean;
  body: THREE.Object3D;
  robot: URDFRobot | null;
  mats: TintedMaterial[];
  jointsRev: number;
  labelText: string;
  /** The safety view the label's stop line was made from (recomputed only when the view changes). */
  safetyView?: SafetyView;
  safetyText?: string;
  dimmed: boolean;
  lookKey: string;
  height: number;
  /** The body draws its round primitives' coarse twins (the detail governor's level, robotBody.ts). */
  coarse: boolean;
}

function RobotBody({ entry, rt }: { entry: RobotEntry; rt: SceneRuntime }) {
  countRender('RobotBody');
  const selected = useFleetStore((s) => s.selectedId === entry.id);
  // The label tells robots of the same name apart (name @ address).
  const name = useFleetStore((s) => robotLabel(s.robots, entry.id));
  const root = useMemo(() => {
    const g = new THREE.Group();
    g.name = `robot:${entry.id}`;
    g.userData.robotId = entry.id;
    g.visible = false;
    return g;
  }, [entry.id]);
  const parts = useMemo(() => {
    const label = makeLabel(name, { background: entry.color, color: '#0b0f14', screenHeight: 0.028 });
    const disc = new THREE.Mesh(
      new THREE.CircleGeometry(0.6, 40),
      new THREE.MeshBasicMaterial({ color: entry.color, transparent: true, opacity: 0.55, depthWrite: false }),
    );
    disc.position.z = 0.005;
    const ring = new THREE.Mesh(
      new THREE.RingGeometry(0.7, 0.9, 48),
      new THREE.MeshBasicMaterial({ color: entry.color, transparent: true, opacity: 0.95, depthWrite: false }),
    );
    ring.position.z = 0.01;
    ring.visible = false;
    return { label, disc, ring };
  }, [name, entry.color]);
  const st = useRef<BodyState | null>(null);

  useEffect(() => {
    const body = standInBody();
    const mats = tintBody(body, entry.color);
    root.add(body, parts.label, parts.disc, parts.ring);
    parts.label.position.z = 1.55;
    st.current = {
      urdfRev: -1,
      meshBase: undefined,
      build: 0,
      meshesSettled: false,
      invalid: false,
      body,
      robot: null,
      mats,
      jointsRev: -1,
      labelText: name,
      dimmed: false,
      lookKey: '',
      height: 1.4,
      coarse: false,
    };
    rt.robotRoots.set(entry.id, root);
    return () => {
      const s = st.current;
      root.clear();
      if (s) disposeBody(s.body);
      disposeLabel(parts.label);
      parts.disc.geometry.dispose();
      (parts.disc.material as THREE.Material).dispose();
      parts.ring.geometry.dispose();
      (parts.ring.material as THREE.Material).dispose();
      if (rt.robotRoots.get(entry.id) === root) rt.robotRoots.delete(entry.id);
      rt.model.baseFrames.delete(entry.id);
      st.current = null;
    };
  }, [root, parts, rt, entry.id, entry.color, name]);

  useFrame(({ clock }) => {
    const t0 = performance.now();
    update(clock.elapsedTime);
    rt.frameStats.add(performance.now() - t0);
  });

  function update(elapsed: number): void {
    const s = st.current;
    const model = rt.model;
    const feed = model.feeds.get(entry.id);
    if (!s || !feed || !model.robotsVisible) {
      root.visible = false;
      return;
    }
    applyDescription(s, feed, root, entry, rt);
    const coarse = rt.detail.coarseBodies;
    if (coarse !== s.coarse) {
      s.coarse = coarse;
      setBodyCoarse(s.body, coarse);
    }
    const base = s.robot && feed.tf.hasFrame(s.robot.urdfName) ? s.robot.urdfName : 'base_link';
    if (model.baseFrames.get(entry.id) !== base) model.baseFrames.set(entry.id, base);

    const now = Date.now();
    const r = feed.tf.lookup(model.fixedFrame, base, undefined, now);
    if (!r.ok) {
      root.visible = false;
      return;
    }
    root.visible = true;
    const t = inSite(model.site.of(entry.id), r.transform);
    root.position.set(t.tx, t.ty, t.tz);
    root.quaternion.set(t.qx, t.qy, t.qz, t.qw);

    if (s.robot && feed.jointsRev !== s.jointsRev) {
      s.jointsRev = feed.jointsRev;
      const joints = s.robot.joints;
      for (const [name, v] of feed.joints) joints[name]?.setJointValue(v);
    }
    if (s.robot) parts.label.position.z = s.height + 0.2;
    // Two robots at the same pose (e.g. a robot placed in the site on top of another): labels stack, never hide.
    parts.label.center.y = stackAnchorY(stackIndex(entry.id, stackedRobots(rt)));

    const stale = r.ageMs > STALE_MS;
    const locale = useLocale.getState().locale;
    const safetyView = useSafetyStore.getState().views[entry.id];
    if (safetyView !== s.safetyView) {
      s.safetyView = safetyView;
      s.safetyText = safetyLabelText(locale, safetyView);
    }
    const lines = [name];
    if (s.invalid) lines.push(sceneText(locale, 'scene.urdfInvalid'));
    if (stale) lines.push(sceneText(locale, 'scene.status.stale', { s: Math.floor(r.ageMs / 1000) }));
    if (s.safetyText) lines.push(s.safetyText);
    const text = lines.join('\n');
    if (text !== s.labelText) {
      s.labelText = text;
      setLabelText(parts.label, text, {
        background: s.safetyText ? '#d41616' : s.invalid ? '#b3261e' : stale ? '#5f6b76' : entry.color,
        color: s.safetyText || stale || s.invalid ? '#ffffff' : '#0b0f14',
        screenHeight: 0.028,
      });
    }
    const lookKey = `${selected}|${stale}`;
    if (lookKey !== s.lookKey) {
      s.lookKey = lookKey;
      setBodyLook(s.mats, entry.color, selected, stale);
      parts.ring.visible = selected;
    }
    if (selected) parts.ring.scale.setScalar(1 + 0.06 * Math.sin(elapsed * 4));
  }

  return <primitive object={root} />;
}

function* stackedRobots(rt: SceneRuntime): Generator<StackedRobot> {
  for (const [id, root] of rt.robotRoots) yield { id, x: root.position.x, y: root.position.y, shown: root.visible };
}

function swapBody(s: BodyState, root: THREE.Object3D, body: THREE.Object3D, robot: URDFRobot | null, color: string): void {
  root.remove(s.body);
  disposeBody(s.body);
  s.body = body;
  s.robot = robot;
  s.mats = tintBody(body, color);
  s.lookKey = '';
  s.jointsRev = -1;
  if (s.coarse) setBodyCoarse(body, true);
  root.add(body);
  measureHeight(s, root);
}

function measureHeight(s: BodyState, root: THREE.Object3D): void {
  const box = new THREE.Box3().setFromObject(s.body);
  s.height = Number.isFinite(box.max.z) ? Math.max(0.3, box.max.z - root.position.z) : 1.4;
}

/**
 * Builds the body again when the description or the mesh source changed: an invalid description becomes the
 * red placeholder (its issues are in Problems and the scene warnings); mesh files that could not be loaded are
 * named there once they settled.
 */
function applyDescription(s: BodyState, feed: RobotFeed, root: THREE.Object3D, entry: RobotEntry, rt: SceneRuntime): void {
  const meshBase = rt.meshBaseFor(entry.id);
  if (s.meshesSettled) {
    s.meshesSettled = false;
    s.mats.push(...tintBody(s.body, entry.color));
    s.lookKey = '';
    // Mesh files arrive after the body was built: big ones may call for reduced detail before the frame that
    // would draw them whole (a software renderer's prediction, detailGovernor.ts expect()), and at reduced
    // detail they draw their twins.
    const tris = bodyTriangles(s.body);
    if (tris.fine > tris.coarse) rt.detail.expect((level) => (level >= 1 ? tris.coarse : tris.fine));
    s.coarse = rt.detail.coarseBodies;
    setBodyCoarse(s.body, s.coarse);
    measureHeight(s, root);
  }
  if (!feed.urdf || !feed.urdfCheck || (feed.urdfRev === s.urdfRev && meshBase === s.meshBase)) return;
  s.urdfRev = feed.urdfRev;
  s.meshBase = meshBase;
  const build = ++s.build;
  s.invalid = !feed.urdfCheck.ok;
  if (s.invalid) {
    swapBody(s, root, invalidBody(), null, entry.color);
    sceneProblems.set(entry.id, 'meshes-missing', null);
    return;
  }
  try {
    const { robot, settled } = buildUrdfBody(feed.urdf, meshBase);
    swapBody(s, root, robot, robot, entry.color);
    void settled.then((missing) => {
      if (s.build !== build) return;
      s.meshesSettled = true;
      // One line per file, however many links use it.
      const details = [...new Map(missing.map((m) => [m.uri, `${m.uri} (${m.reason})`])).values()];
      sceneProblems.set(entry.id, 'meshes-missing', details);
      if (missing.length)
        rt.model.warnings.warn('mesh-placeholder', `${entry.name}: ${[...new Set(missing.map((m) => m.uri))].join(', ')}`);
    });
  } catch (err) {
    s.invalid = true;
    swapBody(s, root, invalidBody(), null, entry.color);
    rt.model.warnings.warn('urdf-error', `${entry.name}: ${String(err)}`);
    sceneProblems.set(entry.id, 'urdf-invalid', [String(err)]);
  }
}

export function RobotLayer({ rt }: { rt: SceneRuntime }) {
  countRender('RobotLayer');
  const robots = useFleetStore((s) => s.robots);
  return (
    <>
      {robots.map((r) => (
        <RobotBody key={r.id} entry={r} rt={rt} />
      ))}
    </>
  );
}
