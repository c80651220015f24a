import { create } from 'zustand';
import { DEFAULT_CATEGORIES } from '../incidents';
import { DEFAULT_SHIFTS, type ShiftDef } from '../operations';
import type { SiteProfile } from './siteProfileSchema';

// The site's setup that is not a robot link: shifts, incident taxonomy, place overrides and per-robot
// settings (namespace, velocity topic, e-stop service). Remembered in localStorage; replaced whole by a
// site profile.
const KEY = 'operator-console.site.v1';

export interface RobotSettings {
  name: string;
  namespace: string;
  velocityTopic: string;
  estopService: string;
  taskTemplates: string[];
  meshSource?: string;
  siteTransform?: { x: number; y: number; yaw: number };
  /** Evidence ring budget, MiB (else the site's). */
  evidenceBudgetMiB?: number;
}

export const DEFAULT_TAXONOMY: string[] = [...DEFAULT_CATEGORIES];

export interface SiteConfig {
  siteName: string;
  notes: string;
  /** IANA zone of the site; shift boundaries are in it. '' = the console's own zone. */
  timeZone: string;
  shifts: ShiftDef[];
  taxonomy: string[];
  places: SiteProfile['places'];
  /** Base URL of URDF meshes for robots without their own. */
  meshSource?: string;
  /** By robot URL. */
  robots: Record<string, RobotSettings>;
  /** Each robot's evidence ring budget, MiB (unset: the console's default). */
  evidenceBudgetMiB?: number;
}

const DEFAULTS: SiteConfig = {
  siteName: '',
  notes: '',
  timeZone: '',
  shifts: DEFAULT_SHIFTS,
  taxonomy: DEFAULT_TAXONOMY,
  places: [],
  robots: {},
};

function load(): SiteConfig {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (raw) return { ...DEFAULTS, ...(JSON.parse(raw) as Partial<SiteConfig>) };
  } catch (err) {
    console.warn('[site] stored site setup unreadable, using defaults:', err);
  }
  return DEFAULTS;
}

interface SiteConfigState extends SiteConfig {
  replace(config: SiteConfig): void;
}

export const useSiteConfig = create<SiteConfigState>((set) => ({
  ...load(),
  replace(config) {
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(config));
    } catch (err) {
      console.warn('[site] could not remember the site setup:', err);
    }
    set(config);
  },
}));

/** Where a robot's URDF meshes come from: its own mesh source, else the site's. */
export function meshSourceOf(url: string): string | undefined {
  const c = useSiteConfig.getState();
  return c.robots[url]?.meshSource || c.meshSource || undefined;
}

/** Per-robot settings with the contract's defaults for robots the profile does not name. */
export function robotSettings(url: string): RobotSettings {
  return (
    useSiteConfig.getState().robots[url] ?? {
      name: '',
      namespace: '',
      velocityTopic: '/cmd_vel',
      estopService: '/robot/set_enabled',
      taskTemplates: [],
    }
  );
}

export function configFromProfile(p: SiteProfile): SiteConfig {
  return {
    siteName: p.site.name,
    notes: p.site.notes,
    timeZone: p.site.timeZone ?? '',
    shifts: p.shifts,
    taxonomy: p.incidentTaxonomy,
    places: p.places,
    meshSource: p.site.meshSource,
    evidenceBudgetMiB: p.evidence?.budgetMiB,
    robots: Object.fromEntries(
      p.robots.map((r) => [
        r.url,
        {
          name: r.name,
          namespace: r.namespace,
          velocityTopic: r.velocityTopic,
          estopService: r.estopService,
          taskTemplates: r.taskTemplates,
          meshSource: r.meshSource,
          siteTransform: r.siteTransform,
          evidenceBudgetMiB: r.evidenceBudgetMiB,
        },
      ]),
    ),
  };
}

/** The evidence ring budget for a robot in bytes (its own, else the site's), or undefined for the default. */
export function evidenceBudgetBytes(url: string): number | undefined {
  const site = useSiteConfig.getState();
  const mib = site.robots[url]?.evidenceBudgetMiB ?? site.evidenceBudgetMiB;
  return mib === undefined ? undefined : mib * 1024 * 1024;
}
