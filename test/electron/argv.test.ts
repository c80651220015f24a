import { describe, expect, it } from 'vitest';
import { hubFromQuery, parseLaunchArgs, robotsFromQuery, robotsToQuery, validateHubUrl, validateRobotUrl } from '../../electron/argv';

describe('validateRobotUrl', () => {
  it('accepts ws and wss and normalises the trailing slash', () => {
    expect(validateRobotUrl('ws://10.0.0.5:9090')).toEqual({ ok: true, url: 'ws://10.0.0.5:9090' });
    expect(validateRobotUrl(' wss://Robot.local/bridge ')).toEqual({ ok: true, url: 'wss://robot.local/bridge' });
    expect(validateRobotUrl('ws://[::1]:9090/')).toEqual({ ok: true, url: 'ws://[::1]:9090' });
  });

  it.each([
    ['http://10.0.0.5:9090', /only ws: and wss:/],
    ['file:///etc/passwd', /only ws: and wss:/],
    ['javascript:alert(1)', /only ws: and wss:/],
    ['10.0.0.5:9090', /scheme|not a URL/],
    ['', /empty/],
    ['ws://user:pw@host:9090', /credentials/],
    ['ws://host:9090/#x', /fragments/],
    ['not a url', /not a URL/],
  ])('rejects %s', (input, error) => {
    const r = validateRobotUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('rejects non-strings and overlong input', () => {
    expect(validateRobotUrl(42).ok).toBe(false);
    expect(validateRobotUrl('ws://h/' + 'a'.repeat(3000)).ok).toBe(false);
  });
});

describe('validateHubUrl', () => {
  it('accepts http(s) and ws(s) hubs', () => {
    expect(validateHubUrl('https://Hub.Site.example:8443/')).toEqual({ ok: true, url: 'https://hub.site.example:8443' });
    expect(validateHubUrl('ws://10.0.0.2:7000/live')).toEqual({ ok: true, url: 'ws://10.0.0.2:7000/live' });
  });

  it.each([
    ['file:///srv/hub', /unsupported scheme "file:"/],
    ['https://admin:secret@hub', /credentials are not allowed in hub URLs/],
    ['hub.local', /not a URL/],
  ])('rejects %s', (input, error) => {
    const r = validateHubUrl(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

describe('parseLaunchArgs', () => {
  it('parses --hub once, validated', () => {
    expect(parseLaunchArgs(['--hub', 'https://hub:8443']).hub).toBe('https://hub:8443');
    expect(parseLaunchArgs(['--hub=https://hub:8443', '--hub', 'https://hub:8443/']).errors).toEqual([]);
    expect(parseLaunchArgs(['--hub', 'https://a', '--hub', 'https://b']).errors[0]).toMatch(/one hub/);
    expect(parseLaunchArgs(['--hub', 'ftp://x']).errors[0]).toMatch(/--hub: unsupported scheme/);
    expect(parseLaunchArgs(['--hub']).errors[0]).toMatch(/--hub needs a URL/);
  });

  it('recognises --support-devtools', () => {
    expect(parseLaunchArgs(['--support-devtools']).supportDevTools).toBe(true);
    expect(parseLaunchArgs(['--robot', 'ws://a:1']).supportDevTools).toBe(false);
  });

  it('collects repeated --robot in both spellings, de-duplicated and in order', () => {
    const a = parseLaunchArgs(['--robot', 'ws://a:9090', '--robot=wss://b:443', '--robot', 'ws://a:9090/']);
    expect(a.robots).toEqual(['ws://a:9090', 'wss://b']); // default port dropped by URL normalisation
    expect(a.errors).toEqual([]);
  });

  it('reports bad URLs and missing values without throwing', () => {
    const a = parseLaunchArgs(['--robot', 'http://x', '--robot']);
    expect(a.robots).toEqual([]);
    expect(a.errors).toHaveLength(2);
    expect(a.errors[0]).toMatch(/--robot: unsupported scheme/);
    expect(a.errors[1]).toMatch(/--robot needs a URL/);
  });

  it('does not swallow the next flag as a value', () => {
    const a = parseLaunchArgs(['--robot', '--port', '5174']);
    expect(a.errors[0]).toMatch(/needs a URL/);
    expect(a.port).toBe(5174);
  });

  it('parses --port and --help, keeps unknown args (Electron passes its own)', () => {
    const a = parseLaunchArgs(['/usr/bin/electron', '.', '--no-sandbox', '--port=8080', '-h', '--', '--robot', 'ws://c']);
    expect(a.port).toBe(8080);
    expect(a.help).toBe(true);
    expect(a.unknown).toEqual(['/usr/bin/electron', '.', '--no-sandbox']);
    expect(a.robots).toEqual(['ws://c']);
  });

  it('rejects bad ports', () => {
    expect(parseLaunchArgs(['--port', '0']).errors).toHaveLength(1);
    expect(parseLaunchArgs(['--port', '70000']).errors).toHaveLength(1);
    expect(parseLaunchArgs(['--port', 'abc']).errors).toHaveLength(1);
  });
});

describe('query round trip', () => {
  it('robotsToQuery / robotsFromQuery', () => {
    const robots = ['ws://127.0.0.1:9090', 'wss://r2.example:8443/bridge?x=1'];
    const q = robotsToQuery(robots);
    expect(q.startsWith('?robot=ws://127.0.0.1:9090&robot=')).toBe(true);
    expect(robotsFromQuery(q)).toEqual(robots);
    expect(robotsToQuery([])).toBe('');
  });

  it('carries the hub too', () => {
    const q = robotsToQuery(['ws://a:1'], 'https://hub:8443');
    expect(q).toBe('?robot=ws://a:1&hub=https://hub:8443');
    expect(hubFromQuery(q)).toBe('https://hub:8443');
    expect(hubFromQuery('?hub=javascript:alert(1)')).toBeNull();
    expect(hubFromQuery('')).toBeNull();
  });

  it('drops invalid query robots', () => {
    expect(robotsFromQuery('?robot=http://x&robot=ws://ok:1&robot=ws://ok:1')).toEqual(['ws://ok:1']);
  });
});
