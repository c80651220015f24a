import {
  findNodeAtLocation,
  parse as parseJsonc,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import type { z } from 'zod';
import { siteProfileSchema, siteProfileSizeSchema, type SiteProfile } from './siteProfileSchema';
import { describeJson, expectedInWords, formatBytes, PROFILE_LIMITS } from './siteProfileLimits';

/** Problems listed for one file; a file with thousands of bad entries says how many more there are. */
const MAX_PROBLEMS = 20;

export interface ProfileProblem {
  /** JSON path such as robots[2].url, or "" for the whole file. */
  field: string;
  line: number;
  column: number;
  message: string;
}

export type ProfileParseResult = { ok: true; profile: SiteProfile } | { ok: false; problems: ProfileProblem[] };

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}

export function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** The file's value: the built-in parser first (fast); the JSONC parser only to say where a broken file breaks. */
function readJson(text: string): { data: unknown } | { problems: ProfileProblem[] } {
  try {
    return { data: JSON.parse(text) as unknown };
  } catch {
    const errors: ParseError[] = [];
    const data: unknown = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length === 0) return { data };
    const at = (e: ParseError) => lineCol(text, e.offset);
    return { problems: errors.map((e) => ({ field: '', ...at(e), message: `not valid JSON: ${printParseErrorCode(e.error)}` })) };
  }
}

/** Where a field is in the file: a top-level key by a text search, deeper ones through the (slower) syntax tree. */
function locator(text: string): (path: (string | number)[]) => { line: number; column: number } {
  let tree: JsonNode | undefined | null = null;
  return (path) => {
    if (path.length === 1 && typeof path[0] === 'string') {
      const at = text.indexOf(JSON.stringify(path[0]));
      if (at >= 0) return lineCol(text, at);
    }
    if (tree === null) tree = parseTree(text);
    // Point at the offending value; for a missing or unknown key, at the object that should (not) hold it.
    let node = tree && findNodeAtLocation(tree, path);
    for (let n = path.length - 1; !node && n >= 0 && tree; n--) node = findNodeAtLocation(tree, path.slice(0, n));
    return node ? lineCol(text, node.offset) : { line: 1, column: 1 };
  };
}

/** Validates a site profile file. Problems name the field and its line, so a person can fix the file. */
export function parseSiteProfile(text: string): ProfileParseResult {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > PROFILE_LIMITS.fileBytes) {
    const message = `the file is ${formatBytes(bytes)}; a site profile may be at most ${formatBytes(PROFILE_LIMITS.fileBytes)}`;
    return { ok: false, problems: [{ field: '', line: 1, column: 1, message }] };
  }
  const read = readJson(text);
  if ('problems' in read) return { ok: false, problems: read.problems };
  const { data } = read;
  const sizes = siteProfileSizeSchema.safeParse(data);
  const tooBig = sizes.success ? [] : sizes.error.issues.filter((i) => i.code === 'too_big');
  const result = tooBig.length ? { success: false as const, error: { issues: tooBig } } : siteProfileSchema.safeParse(data);
  if (result.success) return { ok: true, profile: result.data };
  const where = locator(text);
  const issues = result.error.issues;
  const problems = issues.slice(0, MAX_PROBLEMS).map((issue) => {
    let path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') path = [...path, issue.keys[0]];
    return { field: fieldName(path), ...where(path), message: issueMessage(issue, valueAt(data, path)) };
  });
  if (issues.length > MAX_PROBLEMS) {
    problems.push({ field: '', line: 1, column: 1, message: `and ${issues.length - MAX_PROBLEMS} more problems` });
  }
  return { ok: false, problems };
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let v = data;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** The person's words for a schema issue: the limit and the value for a bound, both types for a wrong type. */
function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is missing';
    return `expected ${expectedInWords(issue.expected)}, got ${describeJson(value)}`;
  }
  if (issue.code === 'too_big') {
    const got = Array.isArray(value) ? value.length : typeof value === 'string' ? [...value].length : value;
    return `${issue.message}, got ${String(got)}`;
  }
  return issue.message;
}

export function formatProblem(p: ProfileProblem): string {
  return `line ${p.line}, column ${p.column}${p.field ? `, ${p.field}` : ''}: ${p.message}`;
}
