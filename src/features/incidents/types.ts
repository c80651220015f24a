// The incident record as the console keeps it, exports it (one line of incidents.jsonl, see DATASET.md) and
// validates it on import. zod is the single source: the TypeScript types are inferred from the schemas.
import { z } from 'zod';

export const SEVERITIES = ['info', 'minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Default taxonomy (the same words as the site profile's `incidentTaxonomy` default); a site profile may
 * replace it. A category is stored as its taxonomy word; the UI translates the default ones.
 */
export const DEFAULT_CATEGORIES = [
  'collision risk',
  'slip or fall',
  'grasp failure',
  'path blocked',
  'person in zone',
  'perception error',
  'hardware fault',
  'other',
] as const;

export const poseSchema = z.object({
  frame: z.string(),
  x: z.number(),
  y: z.number(),
  z: z.number(),
  /** Orientation as a quaternion (x, y, z, w). */
  qx: z.number(),
  qy: z.number(),
  qz: z.number(),
  qw: z.number(),
});
export type IncidentPose = z.infer<typeof poseSchema>;

export const taskRefSchema = z.object({ id: z.string(), name: z.string() });
export type TaskRef = z.infer<typeof taskRefSchema>;

export const CONTROL_MODES = ['autonomous', 'teleop', 'unknown'] as const;
export type ControlMode = (typeof CONTROL_MODES)[number];

/** Where the evidence clip is: the row is written 'pending' first, 'complete' once the blob is stored. */
export const CLIP_STATES = ['pending', 'complete', 'lost', 'none'] as const;
export type ClipState = (typeof CLIP_STATES)[number];

export const SOURCES = ['manual', 'diagnostics', 'request', 'estop', 'other'] as const;

export const incidentSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[\w.-]+$/, 'id may hold letters, digits, "_", "-" and "." only'),
  /** Epoch ms of the moment the incident is about. */
  at: z.number().int().nonnegative(),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  robotId: z.string().min(1),
  robotName: z.string(),
  person: z.string(),
  source: z.enum(SOURCES),
  /** Text of the diagnostics entry / request that raised it, if any. */
  sourceDetail: z.string().optional(),
  category: z.string().nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  tags: z.array(z.string()),
  note: z.string(),
  pose: poseSchema.nullable(),
  task: taskRefSchema.nullable(),
  controlMode: z.enum(CONTROL_MODES),
  /** 'draft' until a person saved the form. */
  labelState: z.enum(['draft', 'labelled']),
  reviewed: z.boolean(),
  reviewedBy: z.string().optional(),
  reviewedAt: z.number().optional(),
  clipState: z.enum(CLIP_STATES),
  /** Clip window, epoch ms. */
  clipStart: z.number().optional(),
  clipEnd: z.number().optional(),
  clipBlobId: z.string().optional(),
  screenshotBlobId: z.string().optional(),
});
export type Incident = z.infer<typeof incidentSchema>;

/** The fields a person edits in the form or corrects in review. */
export type IncidentLabels = Pick<Incident, 'category' | 'severity' | 'tags' | 'note'>;

export interface Candidate {
  id: string;
  robotId: string;
  at: number;
  source: Incident['source'];
  /** Short text shown in the list ("WARN motor_left: over temperature"). */
  title: string;
  detail?: string;
  /** For deduplicated candidates: how many times it was seen. */
  count: number;
  /** Snapshot at arrival, so a later confirm still says where the robot was. */
  pose: IncidentPose | null;
  task: TaskRef | null;
  controlMode: ControlMode;
  /** Suggested labels for the form. */
  suggestedCategory?: string;
  suggestedSeverity?: Severity;
}

export interface CandidateInput {
  robotId: string;
  source: Incident['source'];
  title: string;
  detail?: string;
  at?: number;
  suggestedCategory?: string;
  suggestedSeverity?: Severity;
  /** Candidates with the same key within the dedupe window are merged (count + 1). */
  dedupeKey?: string;
}

export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#4fb3ff',
  minor: '#f5e14a',
  major: '#f59a4a',
  critical: '#ff4d4d',
};

export function clipBlobId(incidentId: string): string {
  return `${incidentId}/clip.mcap`;
}
export function screenshotBlobId(incidentId: string, mime = 'image/png'): string {
  return `${incidentId}/screenshot.${mime === 'image/jpeg' ? 'jpg' : mime === 'image/webp' ? 'webp' : 'png'}`;
}

export function newIncidentId(at: number): string {
  const rand =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(16).slice(2, 10);
  return `inc-${new Date(at).toISOString().replace(/[-:]/g, '').replace('.', '').slice(0, 18)}-${rand}`;
}
