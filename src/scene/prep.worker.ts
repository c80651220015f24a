// Entry point of a preparation worker (see prepWorkerHost.ts and prepPool.ts).
import { meshDetailReady } from './meshSimplify';
import { hostPrepWorker, scenePrepHandlers, type PrepScope } from './prepWorkerHost';

hostPrepWorker(self as unknown as PrepScope, scenePrepHandlers, meshDetailReady());
