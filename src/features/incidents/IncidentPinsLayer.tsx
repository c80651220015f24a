import { useEffect, useMemo, useRef } from 'react';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import * as THREE from 'three';
import { openIncident, useReviewStore } from './review/reviewStore';
import { useIncidentStore } from './incidentStore';
import { SEVERITY_COLORS, type Incident } from './types';

export interface IncidentPinsLayerProps {
  /** Only this robot's incidents (each robot has its own map); all when omitted. */
  robotId?: string;
  /** Pin height in metres. */
  height?: number;
  onSelect?(incident: Incident): void;
}

const UNLABELLED = '#93a1b1';

/** TEST INSTRUMENTATION, read-only: where the pins are (world and page CSS pixels), for browser tests. */
export interface IncidentPinsDebugHook {
  list(): { id: string; world: { x: number; y: number; z: number }; screen: { x: number; y: number } | null }[];
}
declare global {
  interface Window {
    __incidentPins?: IncidentPinsDebugHook;
  }
}

/**
 * Incidents as pins at their recorded pose. Mount inside the canvas, in the group that holds the `map`
 * frame in ROS axes (x forward, y left, z up): pins stand along +z. Few items, so it renders straight from
 * the zustand list; clicking a pin opens the incident in review.
 */
export function IncidentPinsLayer({ robotId, height = 0.8, onSelect }: IncidentPinsLayerProps) {
  const incidents = useIncidentStore((s) => s.incidents);
  const openId = useReviewStore((s) => s.openId);
  const pins = useMemo(
    () => incidents.filter((i) => i.pose && i.pose.frame === 'map' && (!robotId || i.robotId === robotId)),
    [incidents, robotId],
  );
  const root = useRef<THREE.Group>(null);
  const camera = useThree((st) => st.camera);
  const gl = useThree((st) => st.gl);
  useEffect(() => {
    const hook: IncidentPinsDebugHook = {
      list: () =>
        (root.current?.children ?? []).map((child) => {
          const w = child.getWorldPosition(new THREE.Vector3());
          const v = w.clone().project(camera);
          const r = gl.domElement.getBoundingClientRect();
          const screen = v.z > 1 || v.z < -1 ? null : { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
          return { id: String(child.userData.incidentId), world: { x: w.x, y: w.y, z: w.z }, screen };
        }),
    };
    window.__incidentPins = hook;
    return () => {
      if (window.__incidentPins === hook) delete window.__incidentPins;
    };
  }, [camera, gl]);
  return (
    <group name="incident-pins" ref={root}>
      {pins.map((i) => {
        const p = i.pose!;
        const color = i.severity ? SEVERITY_COLORS[i.severity] : UNLABELLED;
        const open = i.id === openId;
        const click = (e: ThreeEvent<MouseEvent>) => {
          e.stopPropagation();
          if (onSelect) onSelect(i);
          else void openIncident(i.id);
        };
        return (
          <group key={i.id} position={[p.x, p.y, p.z]} name={`incident-pin-${i.id}`} userData={{ incidentId: i.id }} onClick={click}>
            {/* Stem from the floor to the head, along +z. */}
            <mesh position={[0, 0, height / 2]} rotation={[Math.PI / 2, 0, 0]}>
              <cylinderGeometry args={[0.02, 0.02, height, 8]} />
              <meshBasicMaterial color={color} />
            </mesh>
            <mesh position={[0, 0, height]}>
              <sphereGeometry args={[open ? 0.16 : 0.11, 16, 12]} />
              <meshStandardMaterial color={color} emissive={color} emissiveIntensity={open ? 0.8 : 0.3} />
            </mesh>
            <mesh position={[0, 0, 0.01]}>
              <ringGeometry args={[0.12, 0.18, 24]} />
              <meshBasicMaterial color={color} transparent opacity={i.reviewed ? 0.35 : 0.8} />
            </mesh>
          </group>
        );
      })}
    </group>
  );
}
