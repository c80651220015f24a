// The composition root: opens the fleet, starts every feature's services with what they need from the others,
// registers the features' scene extensions, and renders the shell. Features never import each other's
// internals; where one needs another's state, it is handed over here.
import { createRoot } from 'react-dom/client';
import { initFleet, setConnectionGate, startFleetWatcher } from '../fleet';
import { translate, useLocale } from '../i18n';
import { getConsoleApi } from '../platform';
import { registerSceneExtension } from '../scene';
import { resumeQueue, setEstopWork, setRobotConfig, startTakeoverService } from '../features/control';
import {
  captureSceneScreenshot,
  fleetLinkTap,
  getIncidentService,
  incidentsSceneExtension,
  scenePose,
  setIncidentTaxonomy,
  startIncidentService,
  useReviewStore,
} from '../features/incidents';
import { mapSceneExtension } from '../features/map';
import { goalsSceneExtension } from '../features/goals';
import { startOperations } from '../features/operations';
import { sensorsSceneExtension } from '../features/sensors';
import { evidenceBudgetBytes, exportSiteProfileFile, importSiteProfileFile, useSiteConfig } from '../features/siteProfile';
import { setResumeQueueAction, startTasks, tasksSceneExtension } from '../features/tasks';
import { App } from './App';
import { startHubFromLaunch } from './hubRuntime';
import { activeTaskOf, bridgeTakeoverCandidates, controlModeOf } from './incidentBridges';
import { startPrepWorkers } from './prepWorkers';
import { usePanelStore } from './SidePanel';
import './app.css';

function applySiteConfig(): void {
  const site = useSiteConfig.getState();
  // Per-robot settings from the site profile (namespace, velocity topic, e-stop service) before anything drives.
  for (const [url, r] of Object.entries(site.robots)) {
    setRobotConfig(url, { ns: r.namespace, cmdVelTopic: r.velocityTopic, enableService: r.estopService });
  }
  setIncidentTaxonomy(site.taxonomy);
  getIncidentService()?.applyRingBudgets();
}

export async function boot(root: HTMLElement): Promise<void> {
  const api = getConsoleApi();
  // The desktop shell lets a link's worker reach only origins it was told about (its CSP): tell it first.
  setConnectionGate((url) => api.allowConnection('robot', url));
  const launchRobots = await api.getLaunchRobots();
  initFleet(launchRobots);
  startFleetWatcher();
  applySiteConfig();
  useSiteConfig.subscribe(applySiteConfig);
  // Mesh sources of the site profile (per robot or for the site): the desktop shell lets the page fetch only from
  // origins it was told about, so each is registered before a robot's URDF asks for its meshes.
  const allowMeshes = () => {
    const c = useSiteConfig.getState();
    for (const src of new Set([c.meshSource, ...Object.values(c.robots).map((r) => r.meshSource)]))
      if (src) api.allowConnection('mesh', src).catch((e: unknown) => console.warn(`mesh source ${src} not allowed: ${String(e)}`));
  };
  allowMeshes();
  useSiteConfig.subscribe(allowMeshes);
  // Big payloads (grids, clouds) are prepared in workers hosting every feature's handlers: set before any scene mounts.
  startPrepWorkers();
  for (const ext of [mapSceneExtension, sensorsSceneExtension, tasksSceneExtension, incidentsSceneExtension, goalsSceneExtension])
    registerSceneExtension(ext);
  // Before anything records: with a hub configured, what the features write from now on is queued for it.
  await startHubFromLaunch();
  startTakeoverService();
  const tasks = startTasks();
  // E-stop stops the work: the goal is canceled through the robot's task adapter, its queue paused.
  setEstopWork({
    cancelActive: (robotId, reason) => tasks.cancelOnRobot(robotId, reason),
    pauseQueue: (robotId, by, reason) => tasks.pauseQueue(robotId, by, reason),
    resumeQueue: (robotId) => tasks.resumeQueue(robotId),
    queuePaused: (robotId) => tasks.queuePause(robotId) !== undefined,
  });
  setResumeQueueAction(resumeQueue);
  startOperations();
  startIncidentService({
    getPose: scenePose,
    getActiveTask: activeTaskOf,
    getControlMode: controlModeOf,
    captureScreenshot: captureSceneScreenshot,
    tapFor: (id) => fleetLinkTap(id),
    ringBytesFor: evidenceBudgetBytes,
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
  createRoot(root).render(<App />);
}
