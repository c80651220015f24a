// The records that travel between a console and the site hub, and the envelopes they travel in. The hub
// validates every input with these schemas and the console's sync client parses every answer with them, so
// both sides agree on one definition. Every record names its site and carries an id the writer chose: the
// same record sent twice (a retry after a lost answer) is stored once.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/** Bounds that keep one record small; the hub's body limit bounds a batch. */
export const LIMITS = { batch: 500, text: 10_000, id: 160 } as const;

export const siteIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'a site id holds letters, digits, "_", "-" and "." and starts with a letter or digit');
/** Record ids: UUIDs, "task-…", "inc-…", or blob paths such as "inc-…/clip.mcap". */
export const recordIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[\w.:/-]+$/, 'an id holds letters, digits and "_ . : / -" only');
const epochMs = z.number().int().nonnegative();
const text = (max: number = LIMITS.text) => z.string().max(max);
const shortText = text(400);

// ---- people -------------------------------------------------------------------------------------------

export const ROLES = ['viewer', 'operator', 'lead', 'trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** What a person may do; the hub enforces it, the console uses it to hide what would be refused. */
export const PERMISSIONS = {
  read: ROLES,
  'task.write': ['operator', 'lead', 'admin'],
  'mode.write': ['operator', 'lead', 'trainer', 'admin'],
  'audit.observe': ['operator', 'lead', 'trainer', 'admin'],
  /** Anyone who can reach a robot may stop it; the hub records it whoever pressed. */
  'audit.estop': ROLES,
  'takeover.approve': ['operator', 'lead', 'admin'],
  'robot.reenable': ['lead', 'admin'],
  'incident.create': ['operator', 'lead', 'trainer', 'admin'],
  /** Any incident; an operator may edit the incidents they created. */
  'incident.edit': ['lead', 'trainer', 'admin'],
  'incident.review': ['lead', 'trainer', 'admin'],
  'blob.write': ['operator', 'lead', 'trainer', 'admin'],
  'lease.hold': ['operator', 'lead', 'admin'],
  'lease.break': ['lead', 'admin'],
  'siteProfile.import': ['admin'],
  'users.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const usernameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.@-]+$/, 'a user name holds letters, digits and "_ . @ -" only');
export const passwordSchema = z.string().min(8, 'a password has at least 8 characters').max(256);

export const loginRequestSchema = z.object({ username: usernameSchema, password: z.string().min(1).max(256) });
export const userSchema = z.object({ username: usernameSchema, role: roleSchema, site: siteIdSchema, displayName: shortText });
export type HubUser = z.infer<typeof userSchema>;
export const sessionSchema = z.object({ token: z.string().min(20).max(200), expiresAt: epochMs, user: userSchema });
export type HubSession = z.infer<typeof sessionSchema>;
export const newUserSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
  displayName: shortText.optional(),
});

// ---- tasks ----------------------------------------------------------------------------------------------

export const TASK_STATES = ['queued', 'dispatched', 'active', 'succeeded', 'failed', 'canceled', 'rejected', 'unknown'] as const;
export type TaskStateName = (typeof TASK_STATES)[number];
/** The task state machine (the console's taskModel keeps the same table; a test compares them). */
export const TASK_TRANSITIONS: Record<TaskStateName, readonly TaskStateName[]> = {
  queued: ['dispatched', 'canceled', 'rejected', 'failed'],
  dispatched: ['active', 'succeeded', 'failed', 'canceled', 'rejected', 'unknown'],
  active: ['succeeded', 'failed', 'canceled', 'unknown'],
  unknown: ['dispatched', 'active', 'succeeded', 'failed', 'canceled', 'rejected'],
  succeeded: [],
  failed: [],
  canceled: [],
  rejected: [],
};

const taskStateSchema = z.enum(TASK_STATES);
const finite = z.number().finite();
const taskTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('place'), placeKey: shortText, name: shortText, x: finite, y: finite, yaw: finite, frame: shortText.min(1) }),
  z.object({ kind: z.literal('pose'), x: finite, y: finite, yaw: finite, frame: shortText.min(1) }),
]);
const historyEntrySchema = z.object({ at: epochMs, state: taskStateSchema, reason: shortText.optional() });
const progressSchema = z.object({
  distance: finite.optional(),
  feedback: shortText.optional(),
  x: finite.optional(),
  y: finite.optional(),
  at: epochMs.optional(),
});

/** A task as the console keeps it (taskModel's Task), plus its site. */
export const taskBodySchema = z.object({
  site: siteIdSchema,
  id: recordIdSchema,
  robotId: shortText.min(1),
  templateId: shortText.min(1),
  target: taskTargetSchema,
  params: z.record(z.string().max(100), z.union([z.string().max(1000), finite, z.boolean()])),
  assignedBy: shortText,
  assignedAt: epochMs,
  order: finite,
  state: taskStateSchema,
  stateReason: shortText.optional(),
  history: z.array(historyEntrySchema).max(200),
  progress: progressSchema,
  goalId: shortText.optional(),
  retryOf: recordIdSchema.optional(),
  cancelRequested: z.boolean().optional(),
});
/** The hub's copy: `version` counts the accepted changes (1 when created). */
export const taskSchema = taskBodySchema.extend({ version: z.number().int().positive() });
export type SyncedTask = z.infer<typeof taskSchema>;

/**
 * A change to a task, made on `baseVersion`. The hub applies it only if the task is still at that version
 * (and the state move is legal); otherwise the change is refused with the current task (409).
 */
export const taskChangeSchema = z
  .object({
    site: siteIdSchema,
    id: recordIdSchema,
    taskId: recordIdSchema,
    baseVersion: z.number().int().positive(),
    at: epochMs,
    to: taskStateSchema.optional(),
    reason: shortText.optional(),
    order: finite.optional(),
    goalId: shortText.optional(),
    cancelRequested: z.boolean().optional(),
  })
  .refine((c) => c.to !== undefined || c.order !== undefined || c.goalId !== undefined || c.cancelRequested !== undefined, {
    message: 'a task change sets at least one of to, order, goalId, cancelRequested',
  });
export type TaskChange = z.infer<typeof taskChangeSchema>;

/** Live progress: last writer (by `at`) wins, no version check, the version does not move. */
export const taskProgressSchema = z.object({
  site: siteIdSchema,
  id: recordIdSchema,
  taskId: recordIdSchema,
  progress: progressSchema.extend({ at: epochMs }),
});
export type TaskProgressRecord = z.infer<typeof taskProgressSchema>;

// ---- takeover audit -----------------------------------------------------------------------------------------

/** The console's audit kinds plus `enable` (a robot re-enabled after an e-stop). */
export const AUDIT_KINDS = ['request', 'approve', 'deny', 'control', 'estop', 'handback', 'enable'] as const;
export type AuditKindName = (typeof AUDIT_KINDS)[number];

/** Append-only. `prevHash`/`hash` carry a tamper-evident chain where the writer keeps one. */
export const auditEntrySchema = z.object({
  site: siteIdSchema,
  id: recordIdSchema,
  at: epochMs,
  robotId: shortText.min(1),
  kind: z.enum(AUDIT_KINDS),
  person: shortText,
  data: z.record(z.string().max(100), z.unknown()),
  prevHash: z.string().max(200).optional(),
  hash: z.string().max(200).optional(),
});
export type AuditRecordWire = z.infer<typeof auditEntrySchema>;

/** Which permission an audit entry of this kind needs. */
export function auditPermission(kind: AuditKindName): Permission {
  switch (kind) {
    case 'estop':
      return 'audit.estop';
    case 'approve':
    case 'deny':
    case 'handback':
      return 'takeover.approve';
    case 'enable':
      return 'robot.reenable';
    default:
      return 'audit.observe';
  }
}

// ---- incidents ----------------------------------------------------------------------------------------------

const poseSchema = z.object({ frame: shortText, x: finite, y: finite, z: finite, qx: finite, qy: finite, qz: finite, qw: finite });
export const INCIDENT_SOURCES = ['manual', 'diagnostics', 'request', 'estop', 'other'] as const;

/** The console's incident (features/incidents/types.ts) plus its site. */
export const incidentBodySchema = z.object({
  site: siteIdSchema,
  id: z
    .string()
    .min(1)
    .max(80)
    .regex(/^[\w.-]+$/, 'id may hold letters, digits, "_", "-" and "." only'),
  at: epochMs,
  createdAt: epochMs,
  updatedAt: epochMs,
  robotId: shortText.min(1),
  robotName: shortText,
  person: shortText,
  source: z.enum(INCIDENT_SOURCES),
  sourceDetail: text(2000).optional(),
  category: shortText.nullable(),
  severity: z.enum(['info', 'minor', 'major', 'critical']).nullable(),
  tags: z.array(shortText).max(100),
  note: text(),
  pose: poseSchema.nullable(),
  task: z.object({ id: shortText, name: shortText }).nullable(),
  controlMode: z.enum(['autonomous', 'teleop', 'unknown']),
  labelState: z.enum(['draft', 'labelled']),
  reviewed: z.boolean(),
  reviewedBy: shortText.optional(),
  reviewedAt: epochMs.optional(),
  clipState: z.enum(['pending', 'complete', 'lost', 'none']),
  clipStart: epochMs.optional(),
  clipEnd: epochMs.optional(),
  clipBlobId: recordIdSchema.optional(),
  screenshotBlobId: recordIdSchema.optional(),
});
export const incidentSchema = incidentBodySchema.extend({ version: z.number().int().positive() });
export type SyncedIncident = z.infer<typeof incidentSchema>;

export const INCIDENT_LABEL_FIELDS = ['category', 'severity', 'tags', 'note', 'labelState'] as const;
export const INCIDENT_REVIEW_FIELDS = ['reviewed', 'reviewedBy', 'reviewedAt'] as const;
export const INCIDENT_EVIDENCE_FIELDS = ['clipState', 'clipStart', 'clipEnd', 'clipBlobId', 'screenshotBlobId'] as const;
const editable = incidentBodySchema.pick({
  category: true,
  severity: true,
  tags: true,
  note: true,
  labelState: true,
  reviewed: true,
  reviewedBy: true,
  reviewedAt: true,
  clipState: true,
  clipStart: true,
  clipEnd: true,
  clipBlobId: true,
  screenshotBlobId: true,
});

/**
 * An edit of some fields. Edits are never refused for being concurrent: each is kept in the incident's
 * history in the order the hub received them, and the current incident is the fields of the latest edit
 * that set them.
 */
export const incidentEditSchema = z
  .object({ site: siteIdSchema, id: recordIdSchema, incidentId: recordIdSchema, at: epochMs, set: editable.partial() })
  .refine((e) => Object.keys(e.set).length > 0, { message: 'an incident edit sets at least one field' });
export type IncidentEdit = z.infer<typeof incidentEditSchema>;

// ---- robot modes and blobs -------------------------------------------------------------------------------------

export const ROBOT_MODES = ['autonomous', 'teleop', 'idle', 'disconnected'] as const;
/** A robot was in `mode` from `start` until `end` (null while it still is). Sent again once, with its end. */
export const modeSpanSchema = z
  .object({
    site: siteIdSchema,
    id: recordIdSchema,
    robotId: shortText.min(1),
    mode: z.enum(ROBOT_MODES),
    start: epochMs,
    end: epochMs.nullable(),
  })
  .refine((s) => s.end === null || s.end >= s.start, { message: 'a mode span ends at or after its start' });
export type ModeSpan = z.infer<typeof modeSpanSchema>;

export const BLOB_MIMES = ['application/x-mcap', 'image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'] as const;
export const blobMetaSchema = z.object({
  site: siteIdSchema,
  id: recordIdSchema,
  mime: z.enum(BLOB_MIMES),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  incidentId: recordIdSchema.optional(),
  createdAt: epochMs,
});
export type BlobMeta = z.infer<typeof blobMetaSchema>;

// ---- leases ---------------------------------------------------------------------------------------------------------

export const leaseSchema = z.object({
  site: siteIdSchema,
  robotId: shortText.min(1),
  holder: usernameSchema,
  consoleId: recordIdSchema,
  acquiredAt: epochMs,
  expiresAt: epochMs,
});
export type Lease = z.infer<typeof leaseSchema>;
export const leaseRequestSchema = z.object({ consoleId: recordIdSchema, ttlMs: z.number().int().min(1000).max(600_000).optional() });
export const leaseBreakSchema = z.object({ reason: z.string().min(1).max(400) });

// ---- push, pull, live -------------------------------------------------------------------------------------------------

export const pushRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('task'), record: taskBodySchema }),
  z.object({ kind: z.literal('taskChange'), record: taskChangeSchema }),
  z.object({ kind: z.literal('taskProgress'), record: taskProgressSchema }),
  z.object({ kind: z.literal('audit'), record: auditEntrySchema }),
  z.object({ kind: z.literal('incident'), record: incidentBodySchema }),
  z.object({ kind: z.literal('incidentEdit'), record: incidentEditSchema }),
  z.object({ kind: z.literal('mode'), record: modeSpanSchema }),
]);
export type PushRecord = z.infer<typeof pushRecordSchema>;
export type PushKind = PushRecord['kind'];

export const pushRequestSchema = z.object({ consoleId: recordIdSchema, records: z.array(pushRecordSchema).min(1).max(LIMITS.batch) });
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const PUSH_STATUSES = ['applied', 'duplicate', 'conflict', 'forbidden', 'notFound'] as const;
export const pushResultSchema = z.object({
  kind: z.string(),
  id: z.string(),
  status: z.enum(PUSH_STATUSES),
  /** The HTTP status this record alone would have had (200, 403, 404, 409). */
  code: z.number().int(),
  seq: z.number().int().optional(),
  message: z.string().optional(),
  /** For a conflict: the record as the hub has it now. */
  current: z.unknown().optional(),
});
export type PushResult = z.infer<typeof pushResultSchema>;
export const pushResponseSchema = z.object({ results: z.array(pushResultSchema), head: z.number().int().nonnegative() });
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const ENTITIES = ['task', 'audit', 'incident', 'mode', 'blob', 'lease', 'siteProfile'] as const;
export type Entity = (typeof ENTITIES)[number];
/** One row of the hub's change feed: the entity as it is after the change, and who made it. */
export const feedEntrySchema = z.object({
  seq: z.number().int().positive(),
  entity: z.enum(ENTITIES),
  id: z.string(),
  body: z.unknown(),
  /** The pushed record that made this change (an incident edit, a task change), when it differs from body. */
  change: z.unknown().optional(),
  by: z.string(),
  consoleId: z.string(),
  /** Hub clock, epoch ms. */
  receivedAt: z.number(),
});
export type FeedEntry = z.infer<typeof feedEntrySchema>;
export const pullResponseSchema = z.object({
  entries: z.array(feedEntrySchema),
  cursor: z.number().int().nonnegative(),
  head: z.number().int().nonnegative(),
  /** Entries of this site after `cursor` still to pull (counted up to 100,000). */
  remaining: z.number().int().nonnegative(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const liveClientMessageSchema = z.object({
  type: z.literal('hello'),
  token: z.string().max(200),
  cursor: z.number().int().nonnegative(),
});
export const liveServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), head: z.number().int().nonnegative() }),
  z.object({ type: z.literal('changes'), entries: z.array(feedEntrySchema), head: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: z.number().int(), message: z.string() }),
]);
export type LiveServerMessage = z.infer<typeof liveServerMessageSchema>;

/** Error bodies of every 4xx/5xx answer. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.string()).optional(),
  current: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
