// Checks a robot description before three.js sees it: well-formed XML, a <robot> root, links and joints that
// name each other correctly and form one tree, and numbers that would otherwise become NaN transforms or crash
// the loader (a <geometry> without a shape, a colour without rgba). Each problem names its line and element.
// What is checked is what breaks drawing; URDF fields the scene does not use (limits, inertia) are not judged.

import { parseXml, type XmlElement } from './urdfXml';

export interface UrdfIssue {
  line: number;
  /** The element, e.g. `<joint name="knee">`; empty for XML syntax errors. */
  element: string;
  message: string;
}

export interface UrdfCheck {
  ok: boolean;
  issues: UrdfIssue[];
  /** Mesh file names the description references (visual and collision), as written. */
  meshes: string[];
}

const MAX_ISSUES = 20;
const JOINT_TYPES = new Set(['revolute', 'continuous', 'prismatic', 'fixed', 'floating', 'planar']);
const SHAPES = new Set(['box', 'cylinder', 'sphere', 'mesh', 'capsule']);

export function issueText(i: UrdfIssue): string {
  return i.element ? `line ${i.line}, ${i.element}: ${i.message}` : `line ${i.line}: ${i.message}`;
}

function describe(el: XmlElement): string {
  return el.attrs.name !== undefined ? `<${el.name} name="${el.attrs.name}">` : `<${el.name}>`;
}

class Checker {
  readonly issues: UrdfIssue[] = [];
  readonly meshes: string[] = [];

  add(el: XmlElement, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ line: el.line, element: describe(el), message });
  }

  numbers(el: XmlElement, attr: string, count: number, opts: { min?: number; required?: boolean } = {}): void {
    const raw = el.attrs[attr];
    if (raw === undefined) {
      if (opts.required) this.add(el, `has no ${attr}`);
      return;
    }
    const parts = raw.trim().split(/\s+/).filter(Boolean);
    const values = parts.map(Number);
    if (parts.length !== count || values.some((v) => !Number.isFinite(v)))
      this.add(el, `${attr}="${raw}" must be ${count === 1 ? 'a number' : `${count} numbers`}`);
    else if (opts.min !== undefined && values.some((v) => v < opts.min!)) this.add(el, `${attr}="${raw}" must not be below ${opts.min}`);
  }

  origin(parent: XmlElement): void {
    for (const o of parent.children.filter((c) => c.name === 'origin')) {
      this.numbers(o, 'xyz', 3);
      this.numbers(o, 'rpy', 3);
    }
  }

  material(m: XmlElement): void {
    for (const c of m.children.filter((x) => x.name === 'color')) this.numbers(c, 'rgba', 4, { required: true });
    if (m.children.length === 0 && m.attrs.name === undefined) this.add(m, 'has neither a name nor a colour');
  }

  geometry(owner: XmlElement): void {
    const geos = owner.children.filter((c) => c.name === 'geometry');
    if (geos.length !== 1) {
      this.add(owner, geos.length ? 'has more than one <geometry>' : 'has no <geometry>');
      return;
    }
    const g = geos[0]!;
    const shape = g.children[0];
    if (!shape || g.children.length !== 1 || !SHAPES.has(shape.name)) {
      this.add(g, 'must hold exactly one of <box>, <cylinder>, <sphere> or <mesh>');
      return;
    }
    if (shape.name === 'box') this.numbers(shape, 'size', 3, { min: 0, required: true });
    else if (shape.name === 'sphere') this.numbers(shape, 'radius', 1, { min: 0, required: true });
    else if (shape.name === 'cylinder' || shape.name === 'capsule') {
      this.numbers(shape, 'radius', 1, { min: 0, required: true });
      this.numbers(shape, 'length', 1, { min: 0, required: true });
    } else {
      const file = shape.attrs.filename;
      if (!file) this.add(shape, 'has no filename');
      else this.meshes.push(file);
      this.numbers(shape, 'scale', 3);
    }
  }

  link(l: XmlElement): void {
    for (const part of l.children) {
      if (part.name !== 'visual' && part.name !== 'collision') continue;
      this.origin(part);
      this.geometry(part);
      for (const m of part.children.filter((c) => c.name === 'material')) this.material(m);
    }
  }

  joint(j: XmlElement, links: Map<string, XmlElement>, parentOf: Map<string, string>): void {
    const type = j.attrs.type;
    if (!type) this.add(j, 'has no type');
    else if (!JOINT_TYPES.has(type)) this.add(j, `type "${type}" is not one of ${[...JOINT_TYPES].join(', ')}`);
    this.origin(j);
    for (const a of j.children.filter((c) => c.name === 'axis')) this.numbers(a, 'xyz', 3);
    const ends: Record<'parent' | 'child', string | undefined> = { parent: undefined, child: undefined };
    for (const end of ['parent', 'child'] as const) {
      const els = j.children.filter((c) => c.name === end);
      if (els.length !== 1) {
        this.add(j, els.length ? `has more than one <${end}>` : `has no <${end}>`);
        continue;
      }
      const name = els[0]!.attrs.link;
      if (!name) this.add(els[0]!, 'has no link attribute');
      else if (!links.has(name)) this.add(els[0]!, `link "${name}" does not exist`);
      else ends[end] = name;
    }
    const { parent, child } = ends;
    if (!parent || !child) return;
    if (parent === child) this.add(j, `joins link "${child}" to itself`);
    else if (parentOf.has(child)) this.add(j, `link "${child}" already has a parent ("${parentOf.get(child)}")`);
    else parentOf.set(child, parent);
  }

  tree(robot: XmlElement, links: Map<string, XmlElement>, parentOf: Map<string, string>): void {
    const roots = [...links.keys()].filter((n) => !parentOf.has(n));
    for (const name of links.keys()) {
      const seen = new Set<string>();
      let at: string | undefined = name;
      while (at !== undefined && !seen.has(at)) {
        seen.add(at);
        at = parentOf.get(at);
      }
      if (at !== undefined && at === name) this.add(links.get(name)!, 'is part of a loop of joints');
    }
    if (roots.length > 1) this.add(robot, `has ${roots.length} unconnected parts (root links ${roots.slice(0, 5).join(', ')})`);
  }
}

function checkRobot(robot: XmlElement, c: Checker): void {
  if (!robot.attrs.name) c.add(robot, 'has no name');
  const links = new Map<string, XmlElement>();
  for (const el of robot.children) {
    if (el.name.startsWith('xacro:')) {
      c.add(el, 'is a xacro macro: the description must be expanded by xacro before it is published');
      continue;
    }
    if (el.name !== 'link') continue;
    const name = el.attrs.name;
    if (!name) c.add(el, 'has no name');
    else if (links.has(name)) c.add(el, `name "${name}" is used by the link on line ${links.get(name)!.line} too`);
    else links.set(name, el);
    c.link(el);
  }
  if (links.size === 0) {
    c.add(robot, 'has no <link>');
    return;
  }
  const parentOf = new Map<string, string>();
  const jointNames = new Map<string, XmlElement>();
  for (const j of robot.children.filter((el) => el.name === 'joint')) {
    const name = j.attrs.name;
    if (!name) c.add(j, 'has no name');
    else if (jointNames.has(name)) c.add(j, `name "${name}" is used by the joint on line ${jointNames.get(name)!.line} too`);
    else jointNames.set(name, j);
    c.joint(j, links, parentOf);
  }
  c.tree(robot, links, parentOf);
  for (const m of robot.children.filter((el) => el.name === 'material')) c.material(m);
}

/** Validates a URDF string; `ok` when nothing that would break drawing was found. */
export function checkUrdf(text: string): UrdfCheck {
  const xml = parseXml(text);
  if (!xml.ok) return { ok: false, issues: [{ line: xml.line, element: '', message: xml.message }], meshes: [] };
  const c = new Checker();
  if (xml.root.name !== 'robot') c.add(xml.root, 'is the root element; a URDF starts with <robot>');
  else checkRobot(xml.root, c);
  return { ok: c.issues.length === 0, issues: c.issues, meshes: c.meshes };
}
