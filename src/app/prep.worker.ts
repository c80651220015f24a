// The page's preparation worker (see src/scene/prepPool.ts): one pool, sized to the machine, preparing every
// big payload kind the scene and the features know (grids, point clouds).
import { sensorsPrepHandlers } from '../features/sensors/prep';
import { hostPrepWorker, meshDetailReady, scenePrepHandlers, type PrepScope } from '../scene/prep';

// Requests wait for the mesh simplifier's WebAssembly (big URDF meshes get coarse twins: meshDetail.ts).
hostPrepWorker(self as unknown as PrepScope, { ...scenePrepHandlers, ...sensorsPrepHandlers }, meshDetailReady());
