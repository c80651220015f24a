// Sensors for the person driving: camera views (with decoding off the UI thread) and the laser-scan and
// point-cloud layers of the 3D view (sensorsSceneExtension).
export { sensorsSceneExtension } from './points/SensorLayers';
export { CameraPanel } from './camera/CameraPanel';
export { SensorLayerControls } from './camera/SensorLayerControls';
