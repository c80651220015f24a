import { describe, expect, it } from 'vitest';
import { parseSiteProfile } from '../../../src/features/siteProfile/siteProfileParse';
import { PROFILE_LIMITS } from '../../../src/features/siteProfile/siteProfileLimits';
import { good } from './goodProfile';

const robots = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `bot-${i}`, url: `ws://10.0.${i >> 8}.${i & 255}:9090` }));

function problems(profile: unknown): string[] {
  const r = parseSiteProfile(JSON.stringify(profile, null, 2));
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
}

describe('site profile limits', () => {
  it('refuses a profile with 10,000 robots, naming the field, the limit and the value', () => {
    const got = problems({ ...good, robots: robots(10_000) });
    expect(got[0]).toBe(`robots: at most ${PROFILE_LIMITS.robots} robots, got 10000`);
    expect(got.length).toBeLessThanOrEqual(21);
  });

  it('accepts exactly the limit', () => {
    const r = parseSiteProfile(JSON.stringify({ ...good, robots: robots(PROFILE_LIMITS.robots) }));
    expect(r.ok).toBe(true);
  });

  it('bounds places, templates and texts too', () => {
    const places = Array.from({ length: PROFILE_LIMITS.places + 1 }, (_, i) => ({ name: `P${i}` }));
    expect(problems({ ...good, places })).toContain(`places: at most ${PROFILE_LIMITS.places} places, got ${PROFILE_LIMITS.places + 1}`);
    const templates = Array.from({ length: PROFILE_LIMITS.taskTemplates + 1 }, (_, i) => ({ ...good.taskTemplates[0], id: `t${i}` }));
    expect(problems({ ...good, taskTemplates: templates })[0]).toMatch(/^taskTemplates: at most 200 task templates, got 201$/);
    const long = 'x'.repeat(5000);
    expect(problems({ ...good, site: { name: long } })).toEqual([`site.name: at most ${PROFILE_LIMITS.text} characters, got 5000`]);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const text = JSON.stringify({ ...good, site: { name: 'x', notes: ' '.repeat(PROFILE_LIMITS.fileBytes) } });
    const r = parseSiteProfile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/^the file is 2\.0 MB; a site profile may be at most 2\.0 MB$/);
  });

  it('says what type was expected and what was given', () => {
    expect(problems({ ...good, site: { name: ['Plant', '7'] } })).toEqual(['site.name: expected a string, got an array']);
    expect(problems({ ...good, robots: 'all' })).toEqual(['robots: expected an array, got a string']);
    expect(problems({ ...good, places: [{ name: 'A', hidden: 'yes' }] })).toEqual([
      'places[0].hidden: expected a boolean (true or false), got a string',
    ]);
  });
});
