// The laser-scan and point-cloud layers of every robot in the scene, as one scene extension: the scene
// subscribes /scan and /points for each robot and hands the messages to sensorSlots.ts; these layers draw them.
// Settings (visible, decay, cap) come from useSensorLayerStore; <SensorLayerControls/> edits them.
import { useFrame } from '@react-three/fiber';
import { useRef, useState } from 'react';
import * as THREE from 'three';
import type { SceneExtension, SceneLayerProps } from '../../../scene';
import { LaserScanLayer } from './LaserScanLayer';
import { PointCloudLayer } from './PointCloudLayer';
import { PointsLayerCore } from './pointsLayerCore';
import { useSensorLayerStore } from './sensorLayerStore';
import { CLOUD_TOPIC, SCAN_TOPIC, dropSlots, onCloud, onScan } from './sensorSlots';

function SensorLayers({ rt }: SceneLayerProps) {
  const [ids, setIds] = useState<string[]>(() => [...rt.model.feeds.keys()]);
  const seen = useRef(rt.model.feedsVersion);
  // The robot set changes rarely; compare its version per frame instead of subscribing to the fleet.
  useFrame(() => {
    if (seen.current === rt.model.feedsVersion) return;
    seen.current = rt.model.feedsVersion;
    setIds([...rt.model.feeds.keys()]);
  });
  return (
    <>
      {ids.map((id) => (
        <group key={id}>
          <LaserScanLayer rt={rt} robotId={id} />
          <PointCloudLayer rt={rt} robotId={id} />
        </group>
      ))}
    </>
  );
}

export const sensorsSceneExtension: SceneExtension = {
  id: 'sensors',
  topics: [
    { topic: SCAN_TOPIC, type: 'sensor_msgs/LaserScan', options: { queueLength: 1, compression: 'cbor' } },
    { topic: CLOUD_TOPIC, type: 'sensor_msgs/PointCloud2', options: { queueLength: 1, compression: 'cbor' } },
  ],
  onMessage(feed, topic, msg) {
    if (topic === SCAN_TOPIC) onScan(feed, msg);
    else onCloud(feed, msg, useSensorLayerStore.getState().settings.cloud.maxPoints);
  },
  onRobotRemoved: dropSlots,
  Layer: SensorLayers,
  // Scans and clouds draw with the points layer's material (vertex colours, a fixed size on screen), from
  // float xyz positions and rgb colours: one such point is drawn once, unseen (warmUp.ts).
  warmUp: () => {
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3), 3));
    g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(3), 3));
    return [new THREE.Points(g, new PointsLayerCore().material)];
  },
};
