import { describe, expect, it } from 'vitest';
import { ConnectAllowlist, cspHostProblem, originOf } from '../../electron/connectAllowlist';

describe('ConnectAllowlist', () => {
  it('allows a robot by its origin: any path on that host and port, nothing else', () => {
    const list = new ConnectAllowlist();
    const r = list.allow('robot', 'ws://10.0.0.5:9090/');
    expect(r).toEqual({ ok: true, url: 'ws://10.0.0.5:9090', origins: ['ws://10.0.0.5:9090'], added: true });
    expect(list.allows('ws://10.0.0.5:9090')).toBe(true);
    expect(list.allows('ws://10.0.0.5:9090/some/path?x=1')).toBe(true);
    expect(list.allows('ws://10.0.0.5:9091')).toBe(false);
    expect(list.allows('wss://10.0.0.5:9090')).toBe(false);
    expect(list.allows('http://10.0.0.5:9090')).toBe(false);
    expect(list.allows('ws://10.0.0.50:9090')).toBe(false);
    expect(list.allows('not a url')).toBe(false);
  });

  it('drops default ports the way URL and CSP both do', () => {
    const list = new ConnectAllowlist();
    list.allow('robot', 'wss://Robot.Site.example:443/bridge');
    expect(list.sources()).toEqual(['wss://robot.site.example']);
    expect(list.allows('wss://robot.site.example/bridge')).toBe(true);
    expect(list.allows('wss://robot.site.example:443/x')).toBe(true);
  });

  it('allows a hub over both its http(s) API and its ws(s) feed', () => {
    const list = new ConnectAllowlist();
    expect(list.allow('hub', 'https://hub.site.example:8443/api')).toMatchObject({
      ok: true,
      origins: ['https://hub.site.example:8443', 'wss://hub.site.example:8443'],
    });
    const ws = new ConnectAllowlist();
    expect(ws.allow('hub', 'ws://10.0.0.2:7000/live')).toMatchObject({ ok: true, origins: ['http://10.0.0.2:7000', 'ws://10.0.0.2:7000'] });
    expect(list.allows('wss://hub.site.example:8443/live')).toBe(true);
    expect(list.allows('https://elsewhere.example')).toBe(false);
  });

  it('a robot may not be given as http', () => {
    const r = new ConnectAllowlist().allow('robot', 'http://10.0.0.5:9090');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/unsupported scheme "http:"/) });
  });

  it('registering the same robot again changes nothing', () => {
    const list = new ConnectAllowlist();
    list.allow('robot', 'ws://a.local:9090');
    expect(list.allow('robot', 'ws://A.local:9090/')).toMatchObject({ ok: true, added: false });
    expect(list.size).toBe(1);
  });

  it.each([
    ['robot', 'ws://[::1]:9090', /IPv6 addresses \(\[::1\]\) cannot be allowed/],
    ['robot', 'ws://robot_1.local:9090', /characters a Content-Security-Policy cannot name/],
    ['robot', 'ws://user:pw@robot:9090', /credentials/],
    ['robot', 'javascript:alert(1)', /unsupported scheme/],
    ['robot', 42, /must be a string/],
    ['camera', 'ws://a:1', /kind must be one of robot, hub/],
    ['hub', 'file:///etc/passwd', /unsupported scheme/],
  ])('refuses %s %s with a reason', (kind, url, error) => {
    const list = new ConnectAllowlist();
    const r = list.allow(kind, url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
    expect(list.size).toBe(0);
  });

  it('is bounded, and says so', () => {
    const list = new ConnectAllowlist(3);
    expect(list.allow('robot', 'ws://a:1').ok).toBe(true);
    expect(list.allow('robot', 'ws://b:1').ok).toBe(true);
    // A hub needs two origins: one slot left is not enough.
    const hub = list.allow('hub', 'https://hub');
    expect(hub).toEqual({ ok: false, error: expect.stringMatching(/already allows 2 .* \(limit 3\); restart/) });
    expect(list.allow('robot', 'ws://c:1').ok).toBe(true);
    expect(list.allow('robot', 'ws://d:1').ok).toBe(false);
    expect(list.allow('robot', 'ws://a:1').ok).toBe(true);
    expect(list.sources()).toEqual(['ws://a:1', 'ws://b:1', 'ws://c:1']);
  });
});

describe('mesh sources', () => {
  it('a site profile’s http(s) mesh base URL is allowed by origin, so its mesh files pass the request filter', () => {
    const list = new ConnectAllowlist();
    expect(list.allows('https://files.site.local:8443/meshes/sim_humanoid/torso.stl')).toBe(false);
    const r = list.allow('mesh', 'https://files.site.local:8443/meshes');
    expect(r).toMatchObject({ ok: true, origins: ['https://files.site.local:8443'], added: true });
    expect(list.allows('https://files.site.local:8443/meshes/sim_humanoid/torso.stl')).toBe(true);
    // Only that origin: not its ws pair (that is a hub's), not another port.
    expect(list.sources()).toEqual(['https://files.site.local:8443']);
    expect(list.allows('https://files.site.local/meshes/x.stl')).toBe(false);
  });

  it('a mesh source must be http(s) without credentials', () => {
    const list = new ConnectAllowlist();
    expect(list.allow('mesh', 'ws://files.site.local/meshes')).toMatchObject({
      ok: false,
      error: expect.stringContaining('unsupported scheme'),
    });
    expect(list.allow('mesh', 'file:///opt/meshes')).toMatchObject({ ok: false });
    expect(list.allow('mesh', 'https://u:p@files.site.local/')).toMatchObject({ ok: false, error: expect.stringContaining('credentials') });
    expect(list.allow('meshes', 'https://files.site.local/')).toMatchObject({
      ok: false,
      error: expect.stringContaining('robot, hub, mesh'),
    });
    expect(list.size).toBe(0);
  });
});

describe('helpers', () => {
  it('cspHostProblem accepts names and IPv4', () => {
    expect(cspHostProblem('10.0.0.5')).toBeNull();
    expect(cspHostProblem('robot-7.site.example')).toBeNull();
    expect(cspHostProblem('xn--bcher-kva.example')).toBeNull();
    expect(cspHostProblem('robot.')).toMatch(/cannot name/);
  });

  it('originOf', () => {
    expect(originOf('wss://h:443/x')).toBe('wss://h');
    expect(originOf('app://console/index.html')).toBe('app://console');
    expect(originOf('data:text/plain,x')).toBeNull();
    expect(originOf('%')).toBeNull();
  });
});
