// Both sensor layers for every robot in the fleet, for the scene to mount once inside its <Canvas>:
//   <SensorLayers lookupFor={(id) => makeTfLookup(feeds.get(id).tf, () => model.fixedFrame)} />
// Settings (visible, decay, cap) come from useSensorLayerStore; <SensorLayerControls/> edits them.
import { useEffect, useMemo, useState } from 'react';
import { getLink, onLinksChanged } from '../../../fleet/fleetLinks';
import { useFleetStore } from '../../../fleet/fleetStore';
import type { TfLookup } from './pointsLayerCore';
import { LaserScanLayer } from './LaserScanLayer';
import { PointCloudLayer } from './PointCloudLayer';

export interface SensorLayersProps {
  /** The TF lookup of one robot (each robot has its own TF tree). Return null while it is not known. */
  lookupFor: (robotId: string) => TfLookup | null;
  scanTopic?: string;
  cloudTopic?: string;
}

const NONE: TfLookup = () => null;

export function SensorLayers({ lookupFor, scanTopic = '/scan', cloudTopic = '/points' }: SensorLayersProps) {
  const ids = useFleetStore((s) => s.robots.map((r) => r.id).join('\n'));
  const [linksRev, setLinksRev] = useState(0);
  useEffect(() => onLinksChanged(() => setLinksRev((n) => n + 1)), []);
  const robots = useMemo(() => (ids ? ids.split('\n') : []).map((id) => ({ id, link: getLink(id) })), [ids, linksRev]);
  return (
    <>
      {robots.map(({ id, link }) => {
        // Resolved per call so a robot whose TF appears later is picked up without re-rendering.
        const lookup: TfLookup = (frame, stamp) => (lookupFor(id) ?? NONE)(frame, stamp);
        return (
          <group key={id}>
            <LaserScanLayer link={link} robotId={id} topic={scanTopic} lookup={lookup} />
            <PointCloudLayer link={link} robotId={id} topic={cloudTopic} lookup={lookup} />
          </group>
        );
      })}
    </>
  );
}
