// The page's preparation worker (see src/scene/prepPool.ts): one pool, sized to the machine, preparing every
// big payload kind the scene and the features know (grids, point clouds).
import { sensorsPrepHandlers } from '../features/sensors/prep';
import { hostPrepWorker, scenePrepHandlers, type PrepScope } from '../scene/prep';

hostPrepWorker(self as unknown as PrepScope, { ...scenePrepHandlers, ...sensorsPrepHandlers });
