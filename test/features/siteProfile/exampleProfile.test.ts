import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSiteProfile } from '../../../src/features/siteProfile/siteProfileParse';
import { DEFAULT_TEMPLATES } from '../../../src/features/tasks/templates';
import { PLACES } from '../../../src/sim/siteMap';

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
