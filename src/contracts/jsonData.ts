// Reading the operator topics' std_msgs/String JSON: the object in `data`, or undefined for anything else.
/** The JSON object carried in a std_msgs/String's `data`; undefined when it is not one (not a string, bad JSON, not an object). */
export function jsonData(msg: unknown): Record<string, unknown> | undefined {
  const data = (msg as { data?: unknown } | null)?.data;
  if (typeof data !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
