// Turning a validated site profile into the console's setup, and the console's setup back into a profile.
// A profile is validated whole before anything changes, so a bad or partial file changes nothing.
import { useFleetStore } from '../../fleet';
import { setRobotConfig } from '../control';
import { startTasks } from '../tasks';
import type { TaskTemplate } from '../tasks';
import { configFromProfile, useSiteConfig } from './siteConfigStore';
import { SITE_PROFILE_FORMAT, type SiteProfile } from './siteProfileSchema';

export interface ApplySummary {
  robots: number;
  templates: number;
}

export async function applySiteProfile(profile: SiteProfile): Promise<ApplySummary> {
  const engine = startTasks();
  // Templates first: it is the only step that can fail (storage); the fleet and settings follow.
  for (const t of profile.taskTemplates) {
    const r = await engine.saveTemplate(t);
    if (!r.ok) throw new Error(r.error);
  }
  const fleet = useFleetStore.getState();
  const wanted = new Set(profile.robots.map((r) => r.url));
  for (const r of fleet.robots) if (r.remembered && !wanted.has(r.url)) fleet.removeRobot(r.id);
  for (const r of profile.robots) {
    const present = useFleetStore.getState().robots.find((x) => x.url === r.url);
    if (!present) useFleetStore.getState().addRobot(r.url, { remember: true, name: r.name });
    else useFleetStore.getState().rename(present.id, r.name);
    setRobotConfig(r.url, { ns: r.namespace, cmdVelTopic: r.velocityTopic, enableService: r.estopService });
  }
  useSiteConfig.getState().replace(configFromProfile(profile));
  return { robots: profile.robots.length, templates: profile.taskTemplates.length };
}

/** The current setup as a profile file's object: robots, their settings, editable templates, places, taxonomy, shifts. */
export function currentSiteProfile(templates: readonly TaskTemplate[]): SiteProfile {
  const site = useSiteConfig.getState();
  const robots = useFleetStore.getState().robots;
  return {
    format: SITE_PROFILE_FORMAT,
    site: {
      name: site.siteName || 'Unnamed site',
      notes: site.notes,
      ...(site.meshSource ? { meshSource: site.meshSource } : {}),
      ...(site.timeZone ? { timeZone: site.timeZone } : {}),
    },
    robots: robots.map((r) => {
      const s = site.robots[r.url];
      return {
        name: r.name,
        url: r.url,
        namespace: s?.namespace ?? '',
        velocityTopic: s?.velocityTopic ?? '/cmd_vel',
        estopService: s?.estopService ?? '/robot/set_enabled',
        taskTemplates: s?.taskTemplates ?? [],
        ...(s?.meshSource ? { meshSource: s.meshSource } : {}),
        ...(s?.siteTransform ? { siteTransform: s.siteTransform } : {}),
        ...(s?.evidenceBudgetMiB !== undefined ? { evidenceBudgetMiB: s.evidenceBudgetMiB } : {}),
      };
    }),
    taskTemplates: templates.map((t) => {
      const { builtin: _builtin, ...rest } = t;
      return rest as TaskTemplate;
    }),
    places: site.places,
    incidentTaxonomy: site.taxonomy,
    shifts: site.shifts,
    ...(site.evidenceBudgetMiB !== undefined ? { evidence: { budgetMiB: site.evidenceBudgetMiB } } : {}),
  };
}
