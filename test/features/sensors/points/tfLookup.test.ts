import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { TfBuffer } from '../../../../src/scene/tfBuffer';
import { makeTfLookup } from '../../../../src/features/sensors/points/tfLookup';

describe('TF lookup for sensor layers', () => {
  it('gives the sensor frame pose in the fixed frame, falling back to the latest transform', () => {
    const tf = new TfBuffer();
    const tfm = (parent: string, child: string, x: number, secs: number) => ({
      header: { stamp: { secs, nsecs: 0 }, frame_id: parent },
      child_frame_id: child,
      transform: { translation: { x, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    });
    tf.addMessage({ transforms: [tfm('map', 'base_link', 2, 100)] }, false, Date.now());
    tf.addMessage({ transforms: [tfm('base_link', 'laser', 0.15, 0)] }, true, Date.now());
    const lookup = makeTfLookup(tf, 'map');
    const m = lookup('/laser', 100);
    expect(m).not.toBeNull();
    expect(new THREE.Vector3(1, 0, 0).applyMatrix4(m!).x).toBeCloseTo(3.15);
    expect(lookup('laser', 5000)).not.toBeNull();
    expect(lookup('nowhere')).toBeNull();
    expect(lookup('')).toBeNull();
  });
});
