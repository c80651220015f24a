import { useEffect } from 'react';
import { useLocale, useT } from '../i18n/i18n';
import { FleetStrip } from '../features/fleet/FleetStrip';
import { LanguageSwitch } from './LanguageSwitch';
import { SidePanel } from './SidePanel';
import { SceneView } from '../scene/SceneView';
import { EStopButton, TakeoverBanner } from '../features/takeover';
import { renderSceneExtras } from './SceneExtras';
import { TeleopCameraView } from './TeleopCameraView';
import { useGlobalShortcuts } from './useGlobalShortcuts';

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
        <LanguageSwitch />
        <EStopButton />
      </header>
      <TakeoverBanner />
      <FleetStrip />
      <main className="workspace">
        <section className="scene-area" data-testid="scene-area">
          <SceneView extraLayers={renderSceneExtras} />
          <TeleopCameraView />
        </section>
        <SidePanel />
      </main>
    </div>
  );
}
