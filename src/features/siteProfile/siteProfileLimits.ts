// The stated limits of a site profile. A profile beyond them is refused whole, with the field, the limit and the
// value, before anything is applied or stored: a file with 10,000 robots must not freeze this start or the next.
export const PROFILE_LIMITS = {
  /** Size of the file, in bytes (UTF-8, counted before it is parsed). */
  fileBytes: 2 * 1024 * 1024,
  robots: 100,
  places: 2000,
  taskTemplates: 200,
  /** Aliases of one place; template ids of one robot. */
  perItemList: 50,
  incidentCategories: 100,
  shifts: 24,
  /** A name, address, topic or id. */
  text: 200,
  /** The site's notes. */
  notes: 10_000,
} as const;

/** "at most 100 robots" — the limit in words, for schema messages. */
export function atMost(limit: number, noun: string): string {
  return `at most ${limit} ${noun}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** What a JSON value is, in words, for "expected a string, got an array". */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

/** zod's expected type name in words. */
export function expectedInWords(expected: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    boolean: 'a boolean (true or false)',
    array: 'an array',
    object: 'an object',
    int: 'a whole number',
  };
  return words[expected] ?? expected;
}
