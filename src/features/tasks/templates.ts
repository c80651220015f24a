// Task templates: which adapter carries a task to the robot, on which topic/action/service, and the message
// with {{target.x}}-style placeholders. Built-in defaults below; people may edit them (stored in the database).
import { z } from 'zod';
import type { Task } from './taskModel';

export const ADAPTER_KINDS = ['actionlib', 'simpleGoal', 'ros2Action', 'service'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

const name = z.string().trim().min(1);
const rosName = z
  .string()
  .trim()
  .regex(/^\/?[A-Za-z_~][\w/~]*$/, 'not a ROS name');
const rosType = z
  .string()
  .trim()
  .regex(/^[A-Za-z_]\w*\/(msg\/|srv\/|action\/)?[A-Za-z_]\w*$/, 'not a ROS type');
const paramDef = z.object({
  key: name,
  label: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]),
});

const common = {
  id: name,
  name,
  builtin: z.boolean().optional(),
  /** 'place' or 'pose': the task needs a target; 'none': it does not (a service with no pose). */
  target: z.enum(['place', 'pose', 'none']),
  /** A place this template always goes to (matched by key, then by name, case-insensitive), e.g. "dock". */
  fixedPlace: z.string().optional(),
  params: z.array(paramDef).optional(),
  message: z.unknown().refine((v) => v !== undefined, 'is missing'),
};

export const templateSchema = z.discriminatedUnion('adapter', [
  z.object({
    ...common,
    adapter: z.literal('actionlib'),
    /** Action namespace, e.g. /move_base (topics <action>/goal, /cancel, /status, /feedback, /result). */
    action: rosName,
    /** Action type prefix, e.g. move_base_msgs/MoveBase (-> MoveBaseActionGoal, ...Feedback, ...Result). */
    actionType: rosType,
  }),
  z.object({
    ...common,
    adapter: z.literal('simpleGoal'),
    topic: rosName,
    messageType: rosType,
    /** Metres from the target that count as arrived. */
    toleranceM: z.number().positive(),
    /** Seconds before an unfinished goal counts as failed. */
    timeoutSec: z.number().positive(),
    /** Frames for reading the robot's pose from /tf. */
    poseFrame: z.string().min(1).optional(),
    baseFrame: z.string().min(1).optional(),
  }),
  z.object({
    ...common,
    adapter: z.literal('ros2Action'),
    action: rosName,
    actionType: rosType,
  }),
  z.object({
    ...common,
    adapter: z.literal('service'),
    service: rosName,
    serviceType: rosType,
    timeoutSec: z.number().positive().optional(),
  }),
]);

export type TaskTemplate = z.infer<typeof templateSchema>;
export type TemplateOf<K extends AdapterKind> = Extract<TaskTemplate, { adapter: K }>;

export type TemplateCheck = { ok: true; template: TaskTemplate } | { ok: false; error: string };

/** Validates a template; the error names the field ("field \"action\" is missing"). */
export function validateTemplate(input: unknown): TemplateCheck {
  const r = templateSchema.safeParse(input);
  if (r.success) return { ok: true, template: r.data };
  const label =
    input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string'
      ? `Template "${(input as { name: string }).name}"`
      : 'Template';
  const parts = r.error.issues.map((iss) => {
    const field = iss.path.map(String).join('.') || 'adapter';
    const missing =
      iss.code === 'invalid_type' && /received undefined/.test(iss.message)
        ? 'is missing'
        : iss.code === 'invalid_union' && field === 'adapter'
          ? `must be one of ${ADAPTER_KINDS.join(', ')}`
          : iss.message;
    return `field "${field}" ${missing}`;
  });
  return { ok: false, error: `${label}: ${parts.join('; ')}` };
}

/** What placeholders can refer to. */
export interface TemplateContext {
  target: { x: number; y: number; z: number; yaw: number; frame: string; qz: number; qw: number; name: string; placeKey: string };
  params: Record<string, string | number | boolean>;
  robot: { id: string };
  goalId: string;
}

export function contextFor(task: Task, goalId: string): TemplateContext {
  const t = task.target;
  return {
    target: {
      x: t.x,
      y: t.y,
      z: 0,
      yaw: t.yaw,
      frame: t.frame,
      qz: Math.sin(t.yaw / 2),
      qw: Math.cos(t.yaw / 2),
      name: t.kind === 'place' ? t.name : '',
      placeKey: t.kind === 'place' ? t.placeKey : '',
    },
    params: task.params,
    robot: { id: task.robotId },
    goalId,
  };
}

const WHOLE = /^\{\{\s*([\w.]+)\s*\}\}$/;
const ANY = /\{\{\s*([\w.]+)\s*\}\}/g;

function lookup(ctx: TemplateContext, path: string): unknown {
  let cur: unknown = ctx;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object' || !(part in cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export class TemplateRenderError extends Error {}

/**
 * Fills placeholders. A string that is only a placeholder becomes the value itself (numbers stay numbers);
 * placeholders inside longer strings are interpolated. An unknown placeholder or a non-finite number throws.
 */
export function renderMessage(message: unknown, ctx: TemplateContext): unknown {
  const one = (path: string): unknown => {
    const v = lookup(ctx, path);
    if (v === undefined) throw new TemplateRenderError(`unknown placeholder {{${path}}}`);
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TemplateRenderError(`{{${path}}} is not a finite number`);
    return v;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = WHOLE.exec(v);
      if (whole) return one(whole[1]);
      return v.replace(ANY, (_m, p: string) => String(one(p)));
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) out[k] = walk(val);
      return out;
    }
    return v;
  };
  return walk(message);
}

const poseStamped = {
  header: { frame_id: '{{target.frame}}' },
  pose: {
    position: { x: '{{target.x}}', y: '{{target.y}}', z: 0 },
    orientation: { x: 0, y: 0, z: '{{target.qz}}', w: '{{target.qw}}' },
  },
};

export const DEFAULT_TEMPLATES: readonly TaskTemplate[] = [
  {
    id: 'go-to-place',
    name: 'Go to place',
    builtin: true,
    adapter: 'actionlib',
    action: '/move_base',
    actionType: 'move_base_msgs/MoveBase',
    target: 'place',
    message: { target_pose: poseStamped },
  },
  {
    id: 'go-to-place-simple',
    name: 'Go to place (simple goal)',
    builtin: true,
    adapter: 'simpleGoal',
    topic: '/move_base_simple/goal',
    messageType: 'geometry_msgs/PoseStamped',
    toleranceM: 0.3,
    timeoutSec: 120,
    poseFrame: 'map',
    baseFrame: 'base_link',
    target: 'place',
    message: poseStamped,
  },
  {
    id: 'return-to-dock',
    name: 'Return to dock',
    builtin: true,
    adapter: 'actionlib',
    action: '/move_base',
    actionType: 'move_base_msgs/MoveBase',
    target: 'place',
    fixedPlace: 'dock',
    message: { target_pose: poseStamped },
  },
  {
    id: 'start-task-service',
    name: 'Start task (service)',
    builtin: true,
    adapter: 'service',
    service: '/robot/start_task',
    serviceType: 'std_srvs/Trigger',
    target: 'none',
    timeoutSec: 10,
    message: {},
  },
  {
    id: 'navigate-ros2',
    name: 'Navigate (ROS 2)',
    builtin: true,
    adapter: 'ros2Action',
    action: '/navigate_to_pose',
    actionType: 'nav2_msgs/action/NavigateToPose',
    target: 'place',
    message: { pose: poseStamped, behavior_tree: '' },
  },
];
