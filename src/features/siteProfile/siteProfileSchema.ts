import { z } from 'zod';
import { templateSchema } from '../tasks';
import { DEFAULT_CATEGORIES } from '../incidents';
import { DEFAULT_SHIFTS, isTimeZone } from '../operations';
import { atMost, PROFILE_LIMITS as L } from './siteProfileLimits';

// One JSON file describes a site, so a verified setup can be rolled out to a batch of similar sites.
// Version the format in `format`; a reader refuses what it does not know rather than guessing.
export const SITE_PROFILE_FORMAT = 'operator-console/site-profile@1';

/** A name, address or id: bounded like every text in the profile. */
const text = () => z.string().max(L.text, atMost(L.text, 'characters'));
const list = <T extends z.ZodType>(item: T, max: number, noun: string) => z.array(item).max(max, atMost(max, noun));

const rosName = text().regex(/^\/?[A-Za-z_~{][\w/{}~-]*$/, 'must be a ROS name such as /cmd_vel');
const wsUrl = text().regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, 'must be a ws:// or wss:// address such as ws://10.0.0.5:9090');
const meshSource = text()
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http:// or https:// address such as http://10.0.0.2:8080/meshes')
  .optional();
/** Where a robot's own map lies in the site's map: the pose of its map frame in the site frame (m, rad). */
const siteTransform = z.strictObject({ x: z.number().finite(), y: z.number().finite(), yaw: z.number().finite().default(0) }).optional();
/** An evidence ring budget in MiB: at least a few seconds of a camera, at most what a console machine can spare. */
const evidenceMiB = z.number().int().min(8, 'must be at least 8 MiB').max(4096, 'must be at most 4096 MiB');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM');

export const robotProfileSchema = z.strictObject({
  name: text().min(1, 'must not be empty'),
  url: wsUrl,
  namespace: text().default(''),
  velocityTopic: rosName.default('/cmd_vel'),
  estopService: rosName.default('/robot/set_enabled'),
  /** Ids of task templates this robot may run (empty: all). */
  taskTemplates: list(text(), L.perItemList, 'template ids').default([]),
  /** Base URL of this robot's URDF meshes (package://pkg/x.stl is fetched from <meshSource>/pkg/x.stl); else the site's. */
  meshSource,
  /** Set for a robot whose map is its own (not the site map): where that map lies in the site. */
  siteTransform,
  /** This robot's evidence ring budget in MiB (else the site's evidence.budgetMiB). */
  evidenceBudgetMiB: evidenceMiB.optional(),
});

/** Task templates are validated by the tasks feature's own schema, so a profile cannot carry one it would refuse. */
export const taskTemplateProfileSchema = templateSchema;

export const placeOverrideSchema = z.strictObject({
  /** The place's name as the robot publishes it (label text). */
  name: text().min(1),
  aliases: list(text().min(1), L.perItemList, 'aliases').default([]),
  x: z.number().finite().optional(),
  y: z.number().finite().optional(),
  yaw: z.number().finite().optional(),
  hidden: z.boolean().default(false),
});

export const siteProfileSchema = z.strictObject({
  format: z.literal(SITE_PROFILE_FORMAT, { message: `must be "${SITE_PROFILE_FORMAT}"` }),
  site: z.strictObject({
    name: text().min(1, 'must not be empty'),
    notes: z.string().max(L.notes, atMost(L.notes, 'characters')).default(''),
    /** Base URL of the robots' URDF meshes, for robots without their own. */
    meshSource,
    /** IANA zone the shifts are in, e.g. "Asia/Shanghai"; absent: the console's own zone. */
    timeZone: text().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').optional(),
  }),
  robots: list(robotProfileSchema, L.robots, 'robots').min(1, 'needs at least one robot'),
  taskTemplates: list(taskTemplateProfileSchema, L.taskTemplates, 'task templates').default([]),
  places: list(placeOverrideSchema, L.places, 'places').default([]),
  incidentTaxonomy: list(text().min(1), L.incidentCategories, 'categories')
    .min(1, 'needs at least one category')
    .default([...DEFAULT_CATEGORIES]),
  shifts: list(z.strictObject({ name: text().min(1), start: hhmm, end: hhmm }), L.shifts, 'shifts').default(
    DEFAULT_SHIFTS.map((s) => ({ ...s })),
  ),
  /** Evidence recording: the byte budget of each robot's ring (default 128 MiB, see README "Incidents"). */
  evidence: z.strictObject({ budgetMiB: evidenceMiB.optional() }).optional(),
});

/**
 * The lists' lengths alone, checked before the entries: a file with 10,000 robots is refused at once, without
 * validating (and reporting on) each of them.
 */
export const siteProfileSizeSchema = z.looseObject({
  robots: z
    .unknown()
    .pipe(list(z.unknown(), L.robots, 'robots'))
    .optional(),
  taskTemplates: z
    .unknown()
    .pipe(list(z.unknown(), L.taskTemplates, 'task templates'))
    .optional(),
  places: z
    .unknown()
    .pipe(list(z.unknown(), L.places, 'places'))
    .optional(),
});

export type SiteProfile = z.infer<typeof siteProfileSchema>;
export type RobotProfile = z.infer<typeof robotProfileSchema>;
