import { boot } from './app/boot';

boot(document.getElementById('root')!).catch((err: unknown) => {
  console.error('[console] start-up failed', err);
  document.body.textContent = `Operator Console could not start: ${err instanceof Error ? err.message : String(err)}`;
});
