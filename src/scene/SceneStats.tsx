// Draw calls and triangles of the last frame (copied from WebGLRenderer.info by PacedFrames.tsx into the runtime,
// not React state), shown by a small badge that rewrites its own text twice a second.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef, useState } from 'react';
import { formatNumber, useLocale, type Locale } from '../i18n';
import type { SceneRuntime } from './sceneRuntime';
import { countRender } from './sceneRuntime';
import { sceneText, useSceneText } from './sceneText';

/**
 * Draws the view at the resolution the detail governor asks for (level 4: half, detailGovernor.ts): the
 * renderer's pixel ratio follows, through r3f's setDpr, only when the scale changes.
 */
export function DetailResolution({ rt }: { rt: SceneRuntime }) {
  const setDpr = useThree((s) => s.setDpr);
  const initialDpr = useThree((s) => s.viewport.initialDpr);
  const applied = useRef(1);
  useFrame(() => {
    const scale = rt.detail.resolutionScale;
    if (scale === applied.current) return;
    applied.current = scale;
    setDpr(initialDpr * scale);
  });
  return null;
}

function formatFps(locale: Locale, fps: number): string {
  return formatNumber(locale, fps, fps < 10 ? 1 : 0);
}

export function SceneStatsBadge({ rt, software = false }: { rt: SceneRuntime; software?: boolean }) {
  countRender('SceneStatsBadge');
  const t = useSceneText();
  const locale = useLocale((s) => s.locale);
  const ref = useRef<HTMLDivElement>(null);
  const title = software ? `${t('scene.stats.label')}\n${t('scene.software.hint')}` : t('scene.stats.label');
  useEffect(() => {
    const show = () => {
      const i = rt.renderInfo;
      if (!ref.current) return;
      const parts = [sceneText(locale, 'scene.stats', { calls: i.calls, triangles: i.triangles.toLocaleString(locale) })];
      if (software) parts.push(sceneText(locale, 'scene.software'));
      const pacer = rt.pacer;
      if (pacer.pacing) parts.push(sceneText(locale, 'scene.paced', { fps: formatFps(locale, 1000 / (pacer.costMs + pacer.gapMs)) }));
      if (rt.detail.reduced) parts.push(sceneText(locale, 'scene.detail.reduced'));
      if (rt.detail.resolutionScale < 1) parts.push(sceneText(locale, 'scene.detail.halfResolution'));
      ref.current.textContent = parts.join(' · ');
      // The line is cut to the view's width: its tooltip has all of it.
      ref.current.title = [parts.join(' · '), title].join('\n');
      ref.current.dataset.paced = String(pacer.pacing);
      ref.current.dataset.detail = String(rt.detail.effective);
    };
    show();
    const h = setInterval(show, 500);
    return () => clearInterval(h);
  }, [rt, locale, software, title]);
  return <div ref={ref} className="scene-stats muted mono" data-testid="scene-stats" title={title} />;
}

/**
 * Shown while the view has reduced its detail (or the person holds it at full detail): one click draws every
 * point and the finest marker shapes again whatever the frames cost, another gives the choice back to the view.
 */
export function DetailToggle({ rt }: { rt: SceneRuntime }) {
  const t = useSceneText();
  const [state, setState] = useState({ level: 0, full: false });
  useEffect(() => {
    const read = () =>
      setState((s) => (s.level === rt.detail.level && s.full === rt.detail.full ? s : { level: rt.detail.level, full: rt.detail.full }));
    read();
    const h = setInterval(read, 500);
    return () => clearInterval(h);
  }, [rt]);
  if (state.level === 0 && !state.full) return null;
  const toggle = () => {
    rt.detail.full = !rt.detail.full;
    setState({ level: rt.detail.level, full: rt.detail.full });
  };
  return (
    <button
      type="button"
      className="scene-detail"
      data-testid="scene-detail-toggle"
      data-full={String(state.full)}
      title={t(state.full ? 'scene.detail.adaptive.hint' : 'scene.detail.full.hint')}
      onClick={toggle}
    >
      {t(state.full ? 'scene.detail.adaptive' : 'scene.detail.full')}
    </button>
  );
}
