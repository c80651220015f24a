// Entry point of the per-link Web Worker: the WebSocket and all frame decoding live here, off the UI thread.
import { hostLinkWorker } from './transport/workerHost';
import type { FromWorker, PortLike, ToWorker } from './transport/workerProtocol';

hostLinkWorker(self as unknown as PortLike<ToWorker, FromWorker>);
