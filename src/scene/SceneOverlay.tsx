// DOM overlay pieces that belong to the scene itself: camera buttons, the warnings badge and the list of
// robots that cannot be drawn (with the reason in plain words).

import { useState } from 'react';
import { shownRobotName, useFleetStore } from '../fleet';
import type { SceneExtension } from './sceneExtension';
import { countRender, type SceneRuntime } from './sceneRuntime';
import { statusText, useSceneText } from './sceneText';
import { useLocale } from '../i18n';
import { useSceneUiStore } from './sceneUiStore';
import { WARNING_TEXT } from './sceneWarnings';
import { shownText, TEXT_LIMITS } from '../ui';

export function CameraButtons({ rt, extensions = [] }: { rt: SceneRuntime; extensions?: readonly SceneExtension[] }) {
  countRender('CameraButtons');
  const t = useSceneText();
  const mode = useSceneUiStore((s) => s.cameraMode);
  const follow = useSceneUiStore((s) => s.follow);
  const setMode = useSceneUiStore((s) => s.setCameraMode);
  const setFollow = useSceneUiStore((s) => s.setFollow);
  const hasSelection = useFleetStore((s) => s.selectedId !== undefined);
  return (
    <div className="scene-toolbar" role="toolbar" aria-label={t('scene.label')}>
      <button
        type="button"
        data-testid="scene-btn-top"
        aria-pressed={mode === 'top'}
        title={`${t('scene.top')} (T)`}
        onClick={() => setMode('top')}
      >
        {t('scene.top')} <kbd>T</kbd>
      </button>
      <button
        type="button"
        data-testid="scene-btn-perspective"
        aria-pressed={mode === 'perspective'}
        title={`${t('scene.perspective')} (P)`}
        onClick={() => setMode('perspective')}
      >
        {t('scene.perspective')} <kbd>P</kbd>
      </button>
      <button type="button" data-testid="scene-btn-fit" title={`${t('scene.fit')} (F)`} onClick={() => rt.command({ kind: 'fit' })}>
        {t('scene.fit')} <kbd>F</kbd>
      </button>
      <button
        type="button"
        data-testid="scene-btn-follow"
        aria-pressed={follow}
        title={hasSelection ? `${t('scene.follow')} (L)` : t('scene.followNone')}
        onClick={() => setFollow(!follow)}
      >
        {t('scene.follow')} <kbd>L</kbd>
      </button>
      {extensions.map((ext) => ext.Toolbar && <ext.Toolbar key={ext.id} rt={rt} />)}
    </div>
  );
}

export function WarningsBadge() {
  countRender('WarningsBadge');
  const t = useSceneText();
  const warnings = useSceneUiStore((s) => s.warnings);
  const [open, setOpen] = useState(false);
  const total = warnings.reduce((n, w) => n + w.count, 0);
  return (
    <div className="scene-warnings">
      <button
        type="button"
        data-testid="scene-warnings"
        className={total ? 'has-warnings' : ''}
        aria-expanded={open}
        aria-label={`${t('scene.warnings')}: ${total}`}
        onClick={() => setOpen(!open)}
      >
        ⚠ {total}
      </button>
      {open && (
        <ul className="scene-card" data-testid="scene-warnings-list" aria-label={t('scene.warnings')}>
          {warnings.length === 0 && <li className="muted">{t('scene.warningsNone')}</li>}
          {warnings.map((w) => (
            <li key={w.kind} title={w.last}>
              <span className="num">{w.count}</span> {WARNING_TEXT[w.kind]}
              {w.last && <div className="muted mono">{w.last}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function RobotFrameProblems() {
  countRender('RobotFrameProblems');
  const t = useSceneText();
  const status = useSceneUiStore((s) => s.robotStatus);
  const locale = useLocale((s) => s.locale);
  const robots = useFleetStore((s) => s.robots);
  const rows = robots.filter((r) => status[r.id] && status[r.id].kind !== 'ok');
  if (!rows.length) return null;
  return (
    <section className="scene-card scene-robot-status" data-testid="scene-robot-status" aria-label={t('scene.robotsHidden')}>
      <ul>
        {rows.map((r) => (
          <li key={r.id} data-kind={status[r.id].kind}>
            <span className="swatch" style={{ background: r.color }} aria-hidden /> {shownRobotName(robots, r.id)}:{' '}
            {shownText(statusText(locale, status[r.id]), TEXT_LIMITS.text)}
          </li>
        ))}
      </ul>
    </section>
  );
}
