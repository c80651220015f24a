// An XML DOM for COLLADA mesh files in a preparation worker. three's ColladaLoader reads its file through
// `new DOMParser()`, which workers do not have; @xmldom/xmldom is a standard DOMParser in plain JavaScript. Of
// what the loader uses, xmldom lacks only querySelector, which it calls with one selector form ([sid="..."],
// [id="..."]): that form is added here; any other selector throws, and the file is then parsed on the page.

import { DOMParser as XmlDomParser } from '@xmldom/xmldom';

const ATTRIBUTE_EQUALS = /^\[([A-Za-z_:][\w:.-]*)="([^"]*)"\]$/;

interface XmlNode {
  nodeType: number;
  childNodes: ArrayLike<XmlNode>;
  getAttribute?(name: string): string | null;
}

/** The first element under `root` (depth first, document order) whose attribute `name` is `value`. */
function findByAttribute(root: XmlNode, name: string, value: string): XmlNode | null {
  const stack: XmlNode[] = [];
  for (let i = root.childNodes.length - 1; i >= 0; i--) stack.push(root.childNodes[i]!);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeType !== 1) continue;
    if (n.getAttribute?.(name) === value) return n;
    for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]!);
  }
  return null;
}

/** What the loader asked of the worker's XML DOM that it does not do (the page's DOM does). */
export class XmlReaderLacks extends Error {}

function querySelector(this: XmlNode, selector: string): XmlNode | null {
  const m = ATTRIBUTE_EQUALS.exec(selector);
  if (!m) throw new XmlReaderLacks(`the worker's XML reader has no selector ${selector}`);
  return findByAttribute(this, m[1]!, m[2]!);
}

let patched = false;
function patch(): void {
  if (patched) return;
  patched = true;
  const doc = new XmlDomParser().parseFromString('<a/>', 'application/xml');
  for (const proto of [Object.getPrototypeOf(doc), Object.getPrototypeOf(doc.documentElement)] as Record<string, unknown>[])
    if (!('querySelector' in proto)) Object.defineProperty(proto, 'querySelector', { value: querySelector, configurable: true });
}

/** Runs `fn` with xmldom's DOMParser as the global one (and the global as it was afterwards). */
export function withXmlDom<T>(fn: () => T): T {
  patch();
  const g = globalThis as { DOMParser?: unknown };
  const had = Object.hasOwn(g, 'DOMParser');
  const before = g.DOMParser;
  g.DOMParser = XmlDomParser;
  try {
    return fn();
  } finally {
    if (had) g.DOMParser = before;
    else delete g.DOMParser;
  }
}
