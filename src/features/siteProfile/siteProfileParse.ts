import { findNodeAtLocation, parse as parseJsonc, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { siteProfileSchema, type SiteProfile } from './siteProfileSchema';

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

/** Validates a site profile file. Problems name the field and its line, so a person can fix the file. */
export function parseSiteProfile(text: string): ProfileParseResult {
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    return {
      ok: false,
      problems: errors.map((e) => ({ field: '', ...lineCol(text, e.offset), message: `not valid JSON: ${printParseErrorCode(e.error)}` })),
    };
  }
  const result = siteProfileSchema.safeParse(data);
  if (result.success) return { ok: true, profile: result.data };
  const tree = parseTree(text);
  const problems = result.error.issues.map((issue) => {
    let path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') path = [...path, issue.keys[0]];
    // Point at the offending value; for a missing or unknown key, at the object that should (not) hold it.
    let node = tree && findNodeAtLocation(tree, path);
    for (let n = path.length - 1; !node && n >= 0 && tree; n--) node = findNodeAtLocation(tree, path.slice(0, n));
    const where = node ? lineCol(text, node.offset) : { line: 1, column: 1 };
    const field = fieldName(path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      message = 'is missing';
    }
    return { field, ...where, message };
  });
  return { ok: false, problems };
}

export function formatProblem(p: ProfileProblem): string {
  return `line ${p.line}, column ${p.column}${p.field ? `, ${p.field}` : ''}: ${p.message}`;
}
