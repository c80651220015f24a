// The 3D panel's UI text lives in the app's tables (src/i18n); these helpers keep the scene's call sites short.
import { translate, useLocale, type Locale, type MessageKey } from '../i18n';
import type { RobotFrameStatus } from './sceneUiStore';

export type SceneTextKey = Extract<MessageKey, `scene.${string}`>;

export function useSceneText(): (k: SceneTextKey) => string {
  const locale = useLocale((s) => s.locale);
  return (k) => translate(locale, k);
}

export function sceneText(locale: Locale, k: SceneTextKey, vars: Record<string, string | number> = {}): string {
  return translate(locale, k, vars);
}

/** A robot's frame status in the console language. */
export function statusText(locale: Locale, s: RobotFrameStatus): string {
  switch (s.reason) {
    case 'no-link':
      return sceneText(locale, 'scene.status.noLink');
    case 'no-tf':
      return sceneText(locale, 'scene.status.noTf');
    case 'stale':
      return sceneText(locale, 'scene.status.stale', { s: s.seconds ?? 0 });
    case 'not-connected':
      return sceneText(locale, 'scene.status.notConnected', { frame: s.frame ?? '?', fixed: s.fixed ?? '?' });
    default:
      return s.text;
  }
}
