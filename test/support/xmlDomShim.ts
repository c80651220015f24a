// Just enough DOM for urdf-loader in Node tests (the tests run without a browser): DOMParser over the scene's
// own XML reader, elements with nodeName, children, getAttribute/hasAttribute and the one querySelector form
// urdf-loader uses (child[link="name"]). Install with installXmlDomShim() in a test file.
import { parseXml, type XmlElement } from '../../src/scene/urdfXml';

class ShimElement {
  readonly nodeName: string;
  readonly children: ShimElement[];
  constructor(private readonly el: XmlElement) {
    this.nodeName = el.name;
    this.children = el.children.map((c) => new ShimElement(c));
  }
  getAttribute(name: string): string | null {
    return this.el.attrs[name] ?? null;
  }
  hasAttribute(name: string): boolean {
    return name in this.el.attrs;
  }
  querySelector(sel: string): ShimElement | null {
    const m = /^(\w+)\[(\w+)="([^"]*)"\]$/.exec(sel);
    if (!m) throw new Error(`shim: unsupported selector ${sel}`);
    for (const c of this.children) {
      if (c.nodeName === m[1] && c.getAttribute(m[2]!) === m[3]) return c;
      const deeper = c.querySelector(sel);
      if (deeper) return deeper;
    }
    return null;
  }
}

class ShimDocument {}

class ShimDOMParser {
  parseFromString(text: string): { children: ShimElement[] } {
    const r = parseXml(text);
    return { children: r.ok ? [new ShimElement(r.root)] : [] };
  }
}

export function installXmlDomShim(): void {
  const g = globalThis as Record<string, unknown>;
  g.Document ??= ShimDocument;
  g.Element ??= ShimElement;
  g.DOMParser ??= ShimDOMParser;
}
