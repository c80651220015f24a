// A small, strict XML reader for robot descriptions that keeps the line of every element, so a bad URDF can be
// reported as "line 12, <joint name="knee">: ...". It runs in the browser and in Node (no DOMParser), reads
// elements and attributes only (text, comments, CDATA, processing instructions and DOCTYPE are skipped), and
// stops at the first well-formedness error with its line and column.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  line: number;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; line: number; message: string };

const NAME = /[A-Za-z_:][\w:.-]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

function decodeEntities(s: string, at: number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (_m, e: string | undefined) => {
    if (!e) throw new XmlError(at, 'a bare "&" in an attribute value (write &amp;)');
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlError(at, `unknown entity &${e};`);
    return v;
  });
}

class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) throw new XmlError(this.pos, `expected a name, found ${this.peekText()}`);
    this.pos += m[0].length;
    return m[0];
  }

  skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
    return this.pos > start;
  }

  skipPast(end: string, what: string): void {
    const i = this.s.indexOf(end, this.pos);
    if (i < 0) throw new XmlError(this.pos, `${what} is never closed`);
    this.pos = i + end.length;
  }

  peekText(): string {
    if (this.pos >= this.s.length) return 'the end of the text';
    return JSON.stringify(this.s.slice(this.pos, this.pos + 12));
  }

  /** Skips comments, CDATA, PIs and DOCTYPE; true when something was skipped. */
  skipMarkup(): boolean {
    const s = this.s;
    if (s.startsWith('<!--', this.pos)) this.skipPast('-->', 'a comment');
    else if (s.startsWith('<![CDATA[', this.pos)) this.skipPast(']]>', 'a CDATA section');
    else if (s.startsWith('<?', this.pos)) this.skipPast('?>', 'a processing instruction');
    else if (s.startsWith('<!', this.pos)) this.skipPast('>', 'a declaration');
    else return false;
    return true;
  }
}

function readAttrs(r: Reader, el: XmlElement): boolean {
  for (;;) {
    const spaced = r.skipSpace();
    const c = r.s[r.pos];
    if (c === '/' && r.s[r.pos + 1] === '>') {
      r.pos += 2;
      return true;
    }
    if (c === '>') {
      r.pos++;
      return false;
    }
    if (c === undefined) throw new XmlError(r.pos, `<${el.name}> is never closed`);
    if (!spaced) throw new XmlError(r.pos, `expected a space, "/>" or ">" in <${el.name}>, found ${r.peekText()}`);
    const at = r.pos;
    const name = r.name();
    r.skipSpace();
    if (r.s[r.pos] !== '=') throw new XmlError(r.pos, `attribute ${name} of <${el.name}> has no value`);
    r.pos++;
    r.skipSpace();
    const q = r.s[r.pos];
    if (q !== '"' && q !== "'") throw new XmlError(r.pos, `the value of ${name} in <${el.name}> is not quoted`);
    const end = r.s.indexOf(q, r.pos + 1);
    if (end < 0) throw new XmlError(r.pos, `the value of ${name} in <${el.name}> is never closed`);
    const raw = r.s.slice(r.pos + 1, end);
    if (raw.includes('<')) throw new XmlError(r.pos, `the value of ${name} in <${el.name}> contains "<"`);
    if (name in el.attrs) throw new XmlError(at, `attribute ${name} appears twice in <${el.name}>`);
    el.attrs[name] = decodeEntities(raw, at);
    r.pos = end + 1;
  }
}

function readDocument(r: Reader, lineAt: (pos: number) => number): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const s = r.s;
  while (r.pos < s.length) {
    const lt = s.indexOf('<', r.pos);
    const text = s.slice(r.pos, lt < 0 ? s.length : lt);
    if (stack.length === 0 && text.trim()) throw new XmlError(r.pos + text.search(/\S/), 'text outside the root element');
    if (lt < 0) break;
    r.pos = lt;
    if (r.skipMarkup()) continue;
    if (s[lt + 1] === '/') {
      r.pos = lt + 2;
      const name = r.name();
      r.skipSpace();
      if (s[r.pos] !== '>') throw new XmlError(r.pos, `expected ">" after </${name}`);
      r.pos++;
      const open = stack.pop();
      if (!open) throw new XmlError(lt, `</${name}> closes nothing`);
      if (open.name !== name) throw new XmlError(lt, `</${name}> closes <${open.name}> opened on line ${open.line}`);
      continue;
    }
    r.pos = lt + 1;
    const el: XmlElement = { name: r.name(), attrs: {}, children: [], line: lineAt(lt) };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new XmlError(lt, `a second root element <${el.name}> (the first was <${root.name}>)`);
    else root = el;
    if (!readAttrs(r, el)) stack.push(el);
  }
  if (stack.length) {
    const open = stack[stack.length - 1]!;
    throw new XmlError(s.length, `<${open.name}> opened on line ${open.line} is never closed`);
  }
  if (!root) throw new XmlError(0, 'no XML element at all');
  return root;
}

export function parseXml(text: string): XmlResult {
  const lineStarts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  try {
    return { ok: true, root: readDocument(new Reader(text), lineAt) };
  } catch (err) {
    if (err instanceof XmlError) return { ok: false, line: lineAt(err.at), message: err.message };
    throw err;
  }
}
