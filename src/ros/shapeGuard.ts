import { LimitError, type DecodeLimits } from './limits';

type ShapeLimits = Pick<DecodeLimits, 'depth' | 'arrayLength' | 'containers'>;

/**
 * Checks a decoded frame against the depth, array-length and container limits. Used for small frames,
 * whose decoding cannot allocate much; the recursion stops at `depth`, so a hostile frame cannot overflow
 * the stack here. Throws LimitError.
 */
export function checkShape(value: unknown, limits: ShapeLimits): void {
  const budget = { containers: limits.containers };
  walk(value, 1, limits, budget);
}

function walk(value: unknown, depth: number, limits: ShapeLimits, budget: { containers: number }): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > limits.depth) throw new LimitError('depth', 'nesting', depth, limits.depth);
  if (--budget.containers < 0) throw new LimitError('containers', 'message', limits.containers + 1, limits.containers);
  if (ArrayBuffer.isView(value)) {
    const n = (value as unknown as { length?: number }).length ?? value.byteLength;
    if (n > limits.arrayLength) throw new LimitError('arrayLength', 'typed array', n, limits.arrayLength);
    return;
  }
  if (Array.isArray(value)) {
    const n = value.length;
    if (n > limits.arrayLength) throw new LimitError('arrayLength', 'array', n, limits.arrayLength);
    for (let i = 0; i < n; i++) {
      const v = value[i];
      if (v !== null && typeof v === 'object') walk(v, depth + 1, limits, budget);
    }
    return;
  }
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (v !== null && typeof v === 'object') walk(v, depth + 1, limits, budget);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;

/** A run of numbers, separators and blanks (what a numeric array is made of), skipped natively. */
const NUMBER_RUN = /[-+0-9.eE,\s]*/y;

/**
 * Reads the structure of JSON text without building it: nesting depth, elements per array and the number
 * of objects and arrays, so that a large frame is refused before JSON.parse allocates for it. Strings are
 * skipped with indexOf and runs of numbers with a sticky regex, so a 10 MB occupancy grid costs a small
 * part of its JSON.parse. An array can hold no more elements than half its characters; only an array
 * longer than twice the limit has its elements counted. Malformed text is left to JSON.parse to report.
 * Throws LimitError.
 */
export function scanJson(text: string, limits: ShapeLimits): void {
  const maxDepth = limits.depth;
  // starts[d]: where the array open at depth d began (-1: an object)
  const starts = new Int32Array(maxDepth + 2);
  let depth = 0;
  let containers = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) return;
    } else if (c === OPEN_ARR || c === OPEN_OBJ) {
      if (++depth > maxDepth) throw new LimitError('depth', 'nesting', depth, maxDepth);
      if (++containers > limits.containers) throw new LimitError('containers', 'message', containers, limits.containers);
      starts[depth] = c === OPEN_ARR ? i : -1;
    } else if (c === CLOSE_ARR || c === CLOSE_OBJ) {
      if (depth === 0) continue;
      const from = starts[depth];
      if (c === CLOSE_ARR && from >= 0 && (i - from) / 2 > limits.arrayLength) {
        const count = elementsIn(text, from, i);
        if (count > limits.arrayLength) throw new LimitError('arrayLength', 'array', count, limits.arrayLength);
      }
      depth--;
    } else if (depth > 0 && starts[depth] >= 0 && c !== COMMA) {
      NUMBER_RUN.lastIndex = i;
      if (NUMBER_RUN.test(text) && NUMBER_RUN.lastIndex > i + 1) i = NUMBER_RUN.lastIndex - 1;
    }
  }
}

/** Elements of the array from `open` ([) to `close` (]): its own separators, not those of what it holds. */
function elementsIn(text: string, open: number, close: number): number {
  let depth = 0;
  let commas = 0;
  let empty = true;
  for (let i = open + 1; i < close; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i < 0) break;
      empty = false;
    } else if (c === OPEN_ARR || c === OPEN_OBJ) {
      depth++;
      empty = false;
    } else if (c === CLOSE_ARR || c === CLOSE_OBJ) depth--;
    else if (c === COMMA && depth === 0) commas++;
    else if (c > 0x20) empty = false;
  }
  return empty ? 0 : commas + 1;
}

/** Index of the quote that closes the string opening at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return -1;
    let backslashes = 0;
    for (let j = i - 1; j > start && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if ((backslashes & 1) === 0) return i;
  }
}

/** The `"topic": "..."` near the start of a rosbridge JSON text (rosbridge writes op and topic first). */
export function topicHint(text: string): string | undefined {
  const m = /"topic"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(text.length > 400 ? text.slice(0, 400) : text);
  return m ? m[1].replace(/\\\//g, '/') : undefined;
}
