// Draw calls and triangles of the last frame: copied from WebGLRenderer.info inside the canvas once per frame
// (into the runtime, not React state), shown by a small badge that rewrites its own text twice a second.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import { useLocale } from '../i18n';
import type { SceneRuntime } from './sceneRuntime';
import { countRender } from './sceneRuntime';
import { sceneText, useSceneText } from './sceneText';

/** Inside the canvas. info is reset when a frame starts drawing, so before drawing it holds the last frame's. */
export function RenderInfoReader({ rt }: { rt: SceneRuntime }) {
  const gl = useThree((s) => s.gl);
  useFrame(() => {
    const r = gl.info.render;
    const out = rt.renderInfo;
    out.calls = r.calls;
    out.triangles = r.triangles;
    out.points = r.points;
    out.lines = r.lines;
    out.frames++;
  });
  return null;
}

export function SceneStatsBadge({ rt, software = false }: { rt: SceneRuntime; software?: boolean }) {
  countRender('SceneStatsBadge');
  const t = useSceneText();
  const locale = useLocale((s) => s.locale);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const show = () => {
      const i = rt.renderInfo;
      if (!ref.current) return;
      const stats = sceneText(locale, 'scene.stats', { calls: i.calls, triangles: i.triangles.toLocaleString(locale) });
      ref.current.textContent = software ? `${stats} · ${sceneText(locale, 'scene.software')}` : stats;
    };
    show();
    const h = setInterval(show, 500);
    return () => clearInterval(h);
  }, [rt, locale, software]);
  return (
    <div
      ref={ref}
      className="scene-stats muted mono"
      data-testid="scene-stats"
      title={software ? `${t('scene.stats.label')}\n${t('scene.software.hint')}` : t('scene.stats.label')}
    />
  );
}
