// Text that a robot supplied (robot names, takeover reasons, problem texts, marker texts, place names, diagnostics,
// topic names) made safe to show: bidirectional controls removed (a right-to-left override must not show "evil" as
// "live"), other control characters replaced by spaces, and the length bounded (cut with an ellipsis; the full text,
// itself bounded, goes to the hover title). Works on code points, so a cut never splits a surrogate pair.

/** Bidi embeddings, overrides, isolates and marks (LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/g;
const LINE_BREAKS = /[\t\n\r]+/g;

/** Lengths in code points: what is shown in place; the hover title holds at most FULL. */
export const TEXT_LIMITS = {
  /** Robot, place and frame names. */
  name: 48,
  /** One-line texts: topic names, reasons in a row, problem texts. */
  line: 160,
  /** Longer texts in a panel (takeover reason, diagnostics message). */
  text: 400,
  /** A 3D label's line. */
  label: 40,
  /** The most kept of any text, for the hover title. */
  full: 2000,
} as const;

export interface ShownText {
  /** What to show in place (at most `max` code points, ending in … when cut). */
  text: string;
  /** The cleaned text up to TEXT_LIMITS.full code points, for the hover title. */
  full: string;
  cut: boolean;
}

export interface RobotTextOptions {
  /** Keep line breaks (3D labels of several lines, multi-line messages). Default: one line. */
  multiline?: boolean;
}

function toText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  return '';
}

function firstCodePoints(s: string, n: number): { head: string; cut: boolean } {
  // Fast path: fewer UTF-16 units than n cannot be more than n code points.
  if (s.length <= n) return { head: s, cut: false };
  let i = 0;
  let count = 0;
  while (i < s.length && count < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    count++;
  }
  return { head: s.slice(0, i), cut: i < s.length };
}

/** The cleaned text, without length bound: bidi controls gone, control characters as spaces. */
export function cleanRobotText(raw: unknown, opts: RobotTextOptions = {}): string {
  // Bound the work first: nothing past FULL (plus slack for what cleaning removes) is ever shown.
  let s = firstCodePoints(toText(raw), TEXT_LIMITS.full * 2).head;
  s = s.replace(BIDI_CONTROLS, '');
  if (!opts.multiline) s = s.replace(LINE_BREAKS, ' ');
  s = s.replace(CONTROLS, ' ');
  return opts.multiline ? s.replace(/[ \t]+\n/g, '\n').trim() : s.trim();
}

/** The text to show for robot-supplied `raw`, cut to `max` code points with an ellipsis. */
export function robotText(raw: unknown, max: number = TEXT_LIMITS.line, opts: RobotTextOptions = {}): ShownText {
  const clean = cleanRobotText(raw, opts);
  const full = firstCodePoints(clean, TEXT_LIMITS.full);
  const shown = firstCodePoints(clean, Math.max(1, max - 1));
  const fits = !firstCodePoints(clean, max).cut;
  return {
    text: fits ? clean : `${shown.head.trimEnd()}…`,
    full: full.cut ? `${full.head}…` : full.head,
    cut: !fits,
  };
}

/** Shorthand: just the text to show. */
export function shownText(raw: unknown, max: number = TEXT_LIMITS.line, opts: RobotTextOptions = {}): string {
  return robotText(raw, max, opts).text;
}
