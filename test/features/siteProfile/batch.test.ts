import { describe, expect, it } from 'vitest';
import { instantiateBatch } from '../../../src/features/siteProfile/batch';
import { parseSiteProfile } from '../../../src/features/siteProfile/siteProfileParse';
import { good } from './goodProfile';

describe('site profile batch', () => {
  it('instantiates a batch with numbered names and ports, and refuses clashing addresses', () => {
    const r = parseSiteProfile(JSON.stringify(good));
    if (!r.ok) throw new Error('fixture');
    const batch = instantiateBatch(r.profile, { count: 3, basePort: 9100 });
    expect(batch.robots.map((x) => [x.name, x.url])).toEqual([
      ['picker-01', 'ws://gw.local:9100'],
      ['picker-02', 'ws://gw.local:9101'],
      ['picker-03', 'ws://gw.local:9102'],
    ]);
    const fixed = { ...r.profile, robots: [{ ...r.profile.robots[0], url: 'ws://one:9090' }] };
    expect(() => instantiateBatch(fixed, { count: 2 })).toThrow(/same address/);
    expect(() => instantiateBatch(r.profile, { count: 0 })).toThrow(/count/);
  });
});
