// Translating stored label values for display. Categories are the site's taxonomy words: the default ones
// have translations, a site's own words are shown as written.
import type { MessageKey } from '../../i18n';
import { useIncidentTaxonomy } from './taxonomy';
import { type ClipState, type ControlMode, type Incident, type Severity } from './types';

const CATEGORY_KEYS: Record<string, MessageKey> = {
  'collision risk': 'incidents.cat.collisionRisk',
  'slip or fall': 'incidents.cat.slipOrFall',
  'grasp failure': 'incidents.cat.graspFailure',
  'path blocked': 'incidents.cat.pathBlocked',
  'person in zone': 'incidents.cat.personInZone',
  'perception error': 'incidents.cat.perceptionError',
  'hardware fault': 'incidents.cat.hardwareFault',
  other: 'incidents.cat.other',
};

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function categoryLabel(t: T, category: string | null | undefined): string {
  if (!category) return t('incidents.unlabelled');
  const key = CATEGORY_KEYS[category];
  return key ? t(key) : category;
}

export const SEVERITY_KEYS: Record<Severity, MessageKey> = {
  info: 'incidents.sev.info',
  minor: 'incidents.sev.minor',
  major: 'incidents.sev.major',
  critical: 'incidents.sev.critical',
};

export const MODE_KEYS: Record<ControlMode, MessageKey> = {
  autonomous: 'incidents.mode.autonomous',
  teleop: 'incidents.mode.teleop',
  unknown: 'incidents.mode.unknown',
};

export const CLIP_KEYS: Record<ClipState, MessageKey> = {
  pending: 'incidents.clip.pending',
  complete: 'incidents.clip.complete',
  lost: 'incidents.clip.lost',
  none: 'incidents.clip.none',
};

export const SOURCE_KEYS: Record<Incident['source'], MessageKey> = {
  manual: 'incidents.source.manual',
  diagnostics: 'incidents.source.diagnostics',
  request: 'incidents.source.request',
  estop: 'incidents.source.estop',
  other: 'incidents.source.other',
};

/** The site's taxonomy (site profile), else the defaults. */
export function useTaxonomy(): readonly string[] {
  return useIncidentTaxonomy((s) => s.categories);
}

export function formatTime(locale: string, at: number): string {
  return new Date(at).toLocaleString(locale, { hour12: false });
}

export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
