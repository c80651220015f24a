import { useMemo } from 'react';
import type { ThreeEvent } from '@react-three/fiber';
import { openIncident, useReviewStore } from '../review/reviewStore';
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
  return (
    <group name="incident-pins">
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
