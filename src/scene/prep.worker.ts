// Entry point of a preparation worker (see prepWorkerHost.ts and prepPool.ts).
import { hostPrepWorker, type PrepScope } from './prepWorkerHost';

hostPrepWorker(self as unknown as PrepScope);
