import { useEffect } from 'react';
import { useLocale, useT } from '../i18n';
import { FleetStrip } from '../features/fleet';
import { LanguageSwitch } from './LanguageSwitch';
import { SidePanel, usePanelStore } from './SidePanel';
import { HubStatus } from './HubStatus';
import { SceneView } from '../scene';
import { EStopButton, SafetyBar, TakeoverBanner } from '../features/control';
import { TeleopCameraView } from './TeleopCameraView';
import { useGlobalShortcuts } from './useGlobalShortcuts';
import { IncidentButton, IncidentForm, getReplaySession, onReplayChange, sceneLinkFor } from '../features/incidents';
import type { SceneSource } from '../scene';
import { meshSourceOf, useSiteConfig } from '../features/siteProfile';

/** A robot with a map of its own stands in the site where its profile entry says (siteTransform). */
const siteTransformOf = (id: string) => useSiteConfig.getState().robots[id]?.siteTransform;

// Live links, except the robot whose incident clip is being reviewed: it is drawn from the recording.
const SCENE_SOURCE: SceneSource = {
  linkFor: sceneLinkFor,
  extraRobotIds: () => {
    const replay = getReplaySession();
    return replay ? [replay.robotId] : [];
  },
  onChange: (cb) => onReplayChange(() => cb()),
};

export function App() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  useGlobalShortcuts();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <div className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <IncidentButton />
        <HubStatus onOpen={() => usePanelStore.getState().setTab('hub')} />
        <LanguageSwitch />
        <EStopButton />
      </header>
      <SafetyBar />
      <TakeoverBanner />
      <FleetStrip />
      <main className="workspace">
        <section className="scene-area" data-testid="scene-area">
          <SceneView source={SCENE_SOURCE} meshSourceFor={meshSourceOf} siteTransformFor={siteTransformOf} />
          <TeleopCameraView />
        </section>
        <SidePanel />
        <IncidentForm />
      </main>
    </div>
  );
}
