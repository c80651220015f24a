import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/app.css';
import { initFleet } from './features/fleet/fleetStore';
import { startFleetWatcher } from './features/fleet/fleetWatcher';
import { getConsoleApi } from './platform/consoleApi';
import { startTakeoverService } from './features/takeover';

async function boot(): Promise<void> {
  const launchRobots = await getConsoleApi().getLaunchRobots();
  initFleet(launchRobots);
  startFleetWatcher();
  startTakeoverService();
  createRoot(document.getElementById('root')!).render(<App />);
}

boot().catch((err: unknown) => {
  console.error('[console] start-up failed', err);
  document.body.textContent = `Operator Console could not start: ${err instanceof Error ? err.message : String(err)}`;
});
