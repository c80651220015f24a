import { describe, expect, it } from 'vitest';
import { appCsp, browserFallbackCsp, buildCsp, CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, withCspHeader } from '../../electron/csp';
import { ConnectAllowlist } from '../../electron/connectAllowlist';

function parse(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('CSP', () => {
  const p = parse(CONTENT_SECURITY_POLICY);

  it('has the required directives', () => {
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('connect-src')).toEqual(["'self'"]);
    expect(p.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(p.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(p.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(p.get('object-src')).toEqual(["'none'"]);
    expect(p.get('base-uri')).toEqual(["'none'"]);
  });

  it('allows no remote, inline or eval scripts', () => {
    const script = p.get('script-src')!;
    expect(script).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    const withoutStyle = CONTENT_SECURITY_POLICY.replace(/style-src[^;]*/, '');
    expect(withoutStyle).not.toMatch(/unsafe-inline/);
  });

  it('is the serialisation of CSP_DIRECTIVES', () => {
    expect(buildCsp()).toBe(CONTENT_SECURITY_POLICY);
    expect(p.size).toBe(Object.keys(CSP_DIRECTIVES).length);
  });

  it('supports overrides and rejects malformed sources', () => {
    expect(buildCsp({ 'connect-src': ["'self'"] })).toContain("connect-src 'self';");
    expect(() => buildCsp({ 'script-src': ["'self'; img-src *"] })).toThrow(/invalid CSP source/);
    expect(() => buildCsp({ 'Bad Name': ["'self'"] })).toThrow(/invalid CSP directive/);
  });

  it('withCspHeader replaces any existing policy, case-insensitively, and keeps other headers', () => {
    const out = withCspHeader({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' }, CONTENT_SECURITY_POLICY);
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(withCspHeader(undefined, CONTENT_SECURITY_POLICY)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('connect-src of the app', () => {
  it('names exactly the allowed origins, after the rest of the policy unchanged', () => {
    const list = new ConnectAllowlist();
    list.allow('robot', 'ws://10.0.0.5:9090');
    list.allow('robot', 'wss://r2.site.example/bridge');
    list.allow('hub', 'https://hub.site.example:8443');
    const csp = parse(appCsp(list.sources()));
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'ws://10.0.0.5:9090',
      'wss://r2.site.example',
      'https://hub.site.example:8443',
      'wss://hub.site.example:8443',
    ]);
    for (const [name, sources] of parse(CONTENT_SECURITY_POLICY)) {
      if (name !== 'connect-src') expect(csp.get(name), name).toEqual(sources);
    }
    expect(appCsp(list.sources())).not.toContain('*');
  });

  it('grows when a robot is added, so the next worker script response carries it', () => {
    const list = new ConnectAllowlist();
    list.allow('robot', 'ws://10.0.0.5:9090');
    const before = appCsp(list.sources());
    list.allow('robot', 'ws://10.0.0.6:9090');
    expect(before).not.toContain('ws://10.0.0.6:9090');
    expect(appCsp(list.sources())).toContain("connect-src 'self' ws://10.0.0.5:9090 ws://10.0.0.6:9090;");
  });

  it('the browser fallback allows WebSockets anywhere and the hub over http(s)', () => {
    const csp = parse(browserFallbackCsp(['https://hub:8443', 'wss://hub:8443']));
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:', 'https://hub:8443']);
    expect(parse(browserFallbackCsp()).get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
  });
});
