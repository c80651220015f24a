// Import and export of the site profile file, callable from the panel and from the File menu alike.
import { create } from 'zustand';
import type { MessageKey } from '../../i18n';
import { getConsoleApi } from '../../platform';
import { startTasks } from '../tasks';
import { instantiateBatch } from './batch';
import { applySiteProfile, currentSiteProfile } from './siteProfileApply';
import { parseSiteProfile, type ProfileProblem } from './siteProfileParse';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export type ProfileOutcome =
  { kind: 'ok'; text: string } | { kind: 'problems'; file: string; problems: ProfileProblem[] } | { kind: 'error'; text: string };

export const useProfileOutcome = create<{ outcome: ProfileOutcome | null }>(() => ({ outcome: null }));
const show = (outcome: ProfileOutcome) => useProfileOutcome.setState({ outcome });

const JSON_FILTER = [{ name: 'Site profile', extensions: ['json'] }];
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function importSiteProfileFile(t: T): Promise<void> {
  let file: { path: string; text: string } | null;
  try {
    file = await getConsoleApi().openFile({ title: t('profile.import'), filters: JSON_FILTER });
  } catch (e) {
    return show({ kind: 'error', text: message(e) });
  }
  if (!file) return;
  const parsed = parseSiteProfile(file.text);
  if (!parsed.ok) {
    console.warn(`[site] ${file.path}: profile refused`, parsed.problems);
    return show({ kind: 'problems', file: file.path, problems: parsed.problems });
  }
  try {
    const s = await applySiteProfile(parsed.profile);
    show({ kind: 'ok', text: t('profile.applied', { name: parsed.profile.site.name, robots: s.robots, templates: s.templates }) });
  } catch (e) {
    show({ kind: 'error', text: message(e) });
  }
}

/** Saves the current setup; with `batch`, the first robot instantiated N times with numbered names and ports. */
export async function exportSiteProfileFile(t: T, batch?: { count: number; basePort: number }): Promise<void> {
  let profile = currentSiteProfile(startTasks().listTemplates());
  try {
    if (batch) {
      if (profile.robots.length === 0) throw new Error('add a verified robot first: the batch is made from the first robot');
      const template = {
        ...profile.robots[0],
        name: `${profile.robots[0].name.replace(/[-_ ]?\d+$/, '')}-{n}`,
        url: profile.robots[0].url.replace(/:\d+(?=\/|$)/, ':{port}'),
      };
      profile = instantiateBatch({ ...profile, robots: [template] }, batch);
    }
    const name = `${(profile.site.name || 'site').replace(/[^\w.-]+/g, '-')}${batch ? `-batch-${batch.count}` : ''}.json`;
    await getConsoleApi().saveFile({ title: t('profile.export'), defaultName: name, text: JSON.stringify(profile, null, 2) + '\n' });
  } catch (e) {
    show({ kind: 'error', text: message(e) });
  }
}
