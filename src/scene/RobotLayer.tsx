// Robot bodies: one component per robot (re-rendered only when its entry or selection changes). useFrame
// places the body at its base frame's pose in the fixed frame, applies the latest /joint_states when new
// ones arrived, and shows "stale for N s" (dimmed) or hides the body when its frame is not connected.

import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { URDFRobot } from 'urdf-loader';
import { safetyLabelText, useFleetStore, useSafetyStore, type RobotEntry, type SafetyView } from '../fleet';
import { disposeLabel, makeLabel, setLabelText } from './labelSprite';
import { disposeBody, parseUrdf, setBodyLook, standInBody, tintBody, type TintedMaterial } from './robotBody';
import { useLocale } from '../i18n';
import { STALE_MS } from './sceneModel';
import { sceneText } from './sceneText';
import { countRender, type SceneRuntime } from './sceneRuntime';

interface BodyState {
  urdfRev: number;
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
}

function RobotBody({ entry, rt }: { entry: RobotEntry; rt: SceneRuntime }) {
  countRender('RobotBody');
  const selected = useFleetStore((s) => s.selectedId === entry.id);
  const root = useMemo(() => {
    const g = new THREE.Group();
    g.name = `robot:${entry.id}`;
    g.userData.robotId = entry.id;
    g.visible = false;
    return g;
  }, [entry.id]);
  const parts = useMemo(() => {
    const label = makeLabel(entry.name, { background: entry.color, color: '#0b0f14', screenHeight: 0.028 });
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
  }, [entry.name, entry.color]);
  const st = useRef<BodyState | null>(null);

  useEffect(() => {
    const body = standInBody();
    const mats = tintBody(body, entry.color);
    root.add(body, parts.label, parts.disc, parts.ring);
    parts.label.position.z = 1.55;
    st.current = { urdfRev: -1, body, robot: null, mats, jointsRev: -1, labelText: entry.name, dimmed: false, lookKey: '', height: 1.4 };
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
  }, [root, parts, rt, entry.id, entry.color, entry.name]);

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
    if (feed.urdf && feed.urdfRev !== s.urdfRev) {
      s.urdfRev = feed.urdfRev;
      try {
        const robot = parseUrdf(feed.urdf, rt.meshBaseUrl, model.warnings);
        root.remove(s.body);
        disposeBody(s.body);
        s.body = robot;
        s.robot = robot;
        s.mats = tintBody(robot, entry.color);
        s.lookKey = '';
        s.jointsRev = -1;
        root.add(robot);
        const box = new THREE.Box3().setFromObject(robot);
        s.height = Number.isFinite(box.max.z) ? Math.max(0.3, box.max.z - root.position.z) : 1.4;
      } catch (err) {
        model.warnings.warn('urdf-error', `${entry.name}: ${String(err)}`);
      }
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
    const t = r.transform;
    root.position.set(t.tx, t.ty, t.tz);
    root.quaternion.set(t.qx, t.qy, t.qz, t.qw);

    if (s.robot && feed.jointsRev !== s.jointsRev) {
      s.jointsRev = feed.jointsRev;
      const joints = s.robot.joints;
      for (const [name, v] of feed.joints) joints[name]?.setJointValue(v);
    }
    if (s.robot) parts.label.position.z = s.height + 0.2;

    const stale = r.ageMs > STALE_MS;
    const safetyView = useSafetyStore.getState().views[entry.id];
    if (safetyView !== s.safetyView) {
      s.safetyView = safetyView;
      s.safetyText = safetyLabelText(useLocale.getState().locale, safetyView);
    }
    const stopLine = s.safetyText ? `\n${s.safetyText}` : '';
    const text =
      (stale
        ? `${entry.name}\n${sceneText(useLocale.getState().locale, 'scene.status.stale', { s: Math.floor(r.ageMs / 1000) })}`
        : entry.name) + stopLine;
    if (text !== s.labelText) {
      s.labelText = text;
      setLabelText(parts.label, text, {
        background: stopLine ? '#d41616' : stale ? '#5f6b76' : entry.color,
        color: stopLine || stale ? '#ffffff' : '#0b0f14',
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
