import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseSiteProfile } from '../../../src/features/siteProfile/siteProfileParse';
import { DEFAULT_TEMPLATES } from '../../../src/features/tasks/templates';
import { PLACES } from '../../../src/sim/siteMap';
import { good } from './goodProfile';

describe('site profile', () => {
  it('accepts a good profile and fills defaults', () => {
    const r = parseSiteProfile(JSON.stringify(good, null, 2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.robots[0]).toMatchObject({ estopService: '/robot/set_enabled', namespace: '' });
    expect(r.profile.incidentTaxonomy).toContain('person in zone');
    expect(r.profile.taskTemplates[0]).toMatchObject({ action: '/move_base' });
  });

  it('names the field and the line of a bad value', () => {
    const bad = structuredClone(good) as typeof good;
    bad.robots[0].url = 'http://gw.local:9090';
    const text = JSON.stringify(bad, null, 2);
    const r = parseSiteProfile(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    const p = r.problems[0];
    expect(p.field).toBe('robots[0].url');
    expect(text.split('\n')[p.line - 1]).toContain('http://gw.local:9090');
    expect(formatProblem(p)).toMatch(/^line \d+, column \d+, robots\[0\]\.url: must be a ws:\/\/ or wss:\/\/ address/);
  });

  it('takes a mesh source for the site and per robot, and where a robot with its own map lies in the site', () => {
    const p = structuredClone(good) as typeof good & { site: { meshSource?: string } };
    p.site.meshSource = 'http://10.0.0.2:8080/meshes';
    Object.assign(p.robots[0], { meshSource: 'https://files.local/atlas', siteTransform: { x: 12, y: -3 } });
    const r = parseSiteProfile(JSON.stringify(p, null, 2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.site.meshSource).toBe('http://10.0.0.2:8080/meshes');
    expect(r.profile.robots[0]).toMatchObject({ meshSource: 'https://files.local/atlas', siteTransform: { x: 12, y: -3, yaw: 0 } });
    Object.assign(p.robots[0], { meshSource: '/home/me/meshes' });
    const bad = parseSiteProfile(JSON.stringify(p, null, 2));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems[0]!.field).toBe('robots[0].meshSource');
  });

  it('refuses a task template the tasks feature would refuse, naming the field', () => {
    const bad = structuredClone(good) as typeof good & { taskTemplates: Record<string, unknown>[] };
    const { action: _dropped, ...withoutAction } = bad.taskTemplates[0];
    bad.taskTemplates[0] = withoutAction as (typeof bad.taskTemplates)[0];
    const r = parseSiteProfile(JSON.stringify(bad, null, 2));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toContain('taskTemplates[0].action');
  });

  it('reports missing and unknown fields, and broken JSON with its line', () => {
    const { site: _site, ...noSite } = good;
    const r1 = parseSiteProfile(JSON.stringify({ ...noSite, extra: 1 }, null, 2));
    expect(r1.ok).toBe(false);
    if (!r1.ok) {
      const fields = r1.problems.map((p) => `${p.field}: ${p.message}`);
      expect(fields).toContain('site: is missing');
      expect(fields).toContain('extra: unknown field extra');
      const lines = JSON.stringify({ ...noSite, extra: 1 }, null, 2).split('\n');
      expect(lines[r1.problems.find((p) => p.field === 'extra')!.line - 1]).toContain('"extra"');
    }
    const r2 = parseSiteProfile('{\n  "format": "x",\n  "robots": [\n}');
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.problems[0]).toMatchObject({ line: 4, field: '' });
  });
});

const FILE = path.resolve(__dirname, '../../../assets/site-profile.example.json');

describe('assets/site-profile.example.json', () => {
  it('is a valid profile for the simulated fleet, with the built-in templates and real place names', () => {
    const r = parseSiteProfile(readFileSync(FILE, 'utf8'));
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}: ${p.field} ${p.message}`).join('\n'));
    expect(r.profile.robots.map((x) => x.url)).toEqual(['ws://127.0.0.1:9090', 'ws://127.0.0.1:9091', 'ws://127.0.0.1:9092']);
    expect(r.profile.taskTemplates.map((t) => t.id)).toEqual(DEFAULT_TEMPLATES.map((t) => t.id));
    const names = new Set(PLACES.map((p) => p.name));
    for (const p of r.profile.places) expect(names.has(p.name), p.name).toBe(true);
  });
});
