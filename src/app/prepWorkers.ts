// Hands the scene's preparation pool the app's worker, which hosts every feature's preparation handlers.
import { configurePrepPool, type PrepPort } from '../scene';

export function startPrepWorkers(): void {
  configurePrepPool(
    () => new Worker(new URL('./prep.worker.ts', import.meta.url), { type: 'module', name: 'prepare' }) as unknown as PrepPort,
  );
}
