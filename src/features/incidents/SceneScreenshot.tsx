import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';

type Capture = () => Promise<Blob | null>;
let current: Capture | null = null;

/**
 * Mount once inside the 3D canvas; then `captureSceneScreenshot` (the provider for startIncidentService)
 * renders a frame and reads it in the same task, so the canvas needs no preserveDrawingBuffer.
 */
export function SceneScreenshotSource() {
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    const capture: Capture = () =>
      new Promise((resolve) => {
        try {
          gl.render(scene, camera);
          gl.domElement.toBlob((b) => resolve(b), 'image/png');
        } catch {
          resolve(null);
        }
      });
    current = capture;
    return () => {
      if (current === capture) current = null;
    };
  }, [gl, scene, camera]);
  return null;
}

/** A PNG of the 3D view now, or null when no canvas is mounted. */
export function captureSceneScreenshot(): Promise<Blob | null> {
  return current ? current() : Promise.resolve(null);
}
