// Adapts the scene's TF buffer to the sensor layers' `lookup(frameId, stampSec?) => Matrix4 | null`: the pose
// of a sensor frame in the fixed frame at the message's stamp, falling back to the latest transform when the
// stamp is outside the buffer (a robot clock ahead of TF, or a scan older than the history).
import * as THREE from 'three';
import type { LookupResult } from '../../../scene';
import type { TfLookup } from './pointsLayerCore';

export interface TfSource {
  lookup(target: string, source: string, time?: number): LookupResult;
}

export function makeTfLookup(tf: TfSource, fixedFrame: string | (() => string)): TfLookup {
  const pos = new THREE.Vector3();
  const rot = new THREE.Quaternion();
  const one = new THREE.Vector3(1, 1, 1);
  return (frameId, stampSec) => {
    const fixed = typeof fixedFrame === 'function' ? fixedFrame() : fixedFrame;
    const frame = frameId.startsWith('/') ? frameId.slice(1) : frameId;
    if (!frame) return null;
    let r = tf.lookup(fixed, frame, stampSec);
    if (!r.ok && stampSec !== undefined) r = tf.lookup(fixed, frame);
    if (!r.ok) return null;
    const t = r.transform;
    return new THREE.Matrix4().compose(pos.set(t.tx, t.ty, t.tz), rot.set(t.qx, t.qy, t.qz, t.qw), one);
  };
}
