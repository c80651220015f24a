import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/app.css';
import { initFleet } from './fleet/fleetStore';
import { startFleetWatcher } from './fleet/fleetWatcher';
import { getConsoleApi } from './platform/consoleApi';
import { startTakeoverService, setRobotConfig } from './features/control';
import { startTasks } from './features/tasks/tasksRuntime';
import { startOperations } from './features/operations/operationsRuntime';
import { useSiteConfig } from './features/siteProfile/siteConfigStore';
import { exportSiteProfileFile, importSiteProfileFile } from './features/siteProfile/siteProfileActions';
import { usePanelStore } from './app/SidePanel';
import { translate, useLocale } from './i18n/i18n';
import { getLink } from './fleet/fleetLinks';
import {
  activeTaskOf,
  bridgeTakeoverCandidates,
  captureSceneScreenshot,
  controlModeOf,
  linkTopicsTap,
  scenePose,
  startIncidentService,
  useReviewStore,
} from './features/incidents';

async function boot(): Promise<void> {
  const launchRobots = await getConsoleApi().getLaunchRobots();
  initFleet(launchRobots);
  startFleetWatcher();
  // Per-robot settings from the site profile (namespace, velocity topic, e-stop service) before anything drives.
  for (const [url, r] of Object.entries(useSiteConfig.getState().robots)) {
    setRobotConfig(url, { ns: r.namespace, cmdVelTopic: r.velocityTopic, enableService: r.estopService });
  }
  startTakeoverService();
  startTasks();
  startOperations();
  startIncidentService({
    getPose: scenePose,
    getActiveTask: activeTaskOf,
    getControlMode: controlModeOf,
    captureScreenshot: captureSceneScreenshot,
    tapFor: (id) => linkTopicsTap(getLink(id)),
  });
  bridgeTakeoverCandidates();
  // A pin clicked in the 3D view opens its incident: show the review tab.
  useReviewStore.subscribe((s, prev) => {
    if (s.openId && s.openId !== prev.openId) usePanelStore.getState().setTab('review');
  });
  // File > Open / Save site profile… (Electron menu; Ctrl/Cmd+O and +S in a browser).
  getConsoleApi().onMenuCommand((c) => {
    const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(useLocale.getState().locale, k, v);
    usePanelStore.getState().setTab('site');
    void (c === 'open-site-profile' ? importSiteProfileFile(t) : exportSiteProfileFile(t));
  });
  createRoot(document.getElementById('root')!).render(<App />);
}

boot().catch((err: unknown) => {
  console.error('[console] start-up failed', err);
  document.body.textContent = `Operator Console could not start: ${err instanceof Error ? err.message : String(err)}`;
});
