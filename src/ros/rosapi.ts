import type { Introspection, TopicInfo } from './types';

/** Calls a rosapi service and resolves with its `values`. */
export type CallFn = (service: string, type: string, args: unknown, timeoutMs?: number) => Promise<unknown>;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** rosapi/topics answers with parallel arrays: {topics: [...], types: [...]}. */
export function topicsFromRosapi(values: unknown): TopicInfo[] {
  const v = (values ?? {}) as { topics?: unknown; types?: unknown };
  const names = strings(v.topics);
  const types = Array.isArray(v.types) ? v.types : [];
  return names.map((name, i) => ({ name, type: typeof types[i] === 'string' ? (types[i] as string) : '' }));
}

/**
 * rosapi/get_param returns the value JSON-encoded inside a string ({"value": "\"<?xml ...\""}); a missing
 * parameter gives "null". Returns the decoded value (null when missing); a value that is not JSON is
 * returned as the raw string.
 */
export function paramFromRosapi(values: unknown): unknown {
  const raw = (values as { value?: unknown } | undefined)?.value;
  if (typeof raw !== 'string') return raw ?? null;
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** rosapi/get_time: {time: {secs, nsecs}} -> epoch ms, or undefined if the shape is wrong. */
export function timeFromRosapi(values: unknown): number | undefined {
  const t = (values as { time?: { secs?: unknown; nsecs?: unknown } } | undefined)?.time;
  if (!t || typeof t.secs !== 'number' || typeof t.nsecs !== 'number') return undefined;
  return t.secs * 1000 + t.nsecs / 1e6;
}

/** NTP-style estimate from one request: robot clock minus console clock at the midpoint of the round trip. */
export function clockEstimate(sentAt: number, robotMs: number, receivedAt: number): { latencyMs: number; clockOffsetMs: number } {
  return { latencyMs: receivedAt - sentAt, clockOffsetMs: robotMs - (sentAt + receivedAt) / 2 };
}

export async function listTopics(call: CallFn, timeoutMs?: number): Promise<TopicInfo[]> {
  return topicsFromRosapi(await call('/rosapi/topics', 'rosapi/Topics', {}, timeoutMs));
}

export async function introspect(call: CallFn, timeoutMs?: number): Promise<Introspection> {
  const [topics, services, params] = await Promise.all([
    listTopics(call, timeoutMs),
    call('/rosapi/services', 'rosapi/Services', {}, timeoutMs).then((v) => strings((v as { services?: unknown })?.services)),
    call('/rosapi/get_param_names', 'rosapi/GetParamNames', {}, timeoutMs).then((v) => strings((v as { names?: unknown })?.names)),
  ]);
  return { topics, services, params };
}

/** rosapi/publishers {topic}: the nodes publishing it ({publishers: [...]}, ROS 1 and ROS 2 alike). */
export async function listPublishers(call: CallFn, topic: string, timeoutMs?: number): Promise<string[]> {
  const v = (await call('/rosapi/publishers', 'rosapi/Publishers', { topic }, timeoutMs)) as { publishers?: unknown } | undefined;
  if (!v || !Array.isArray(v.publishers)) throw new Error('rosapi/publishers gave no list');
  return strings(v.publishers);
}
