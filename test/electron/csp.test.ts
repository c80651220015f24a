import { describe, expect, it } from 'vitest';
import { buildCsp, CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, withCspHeader } from '../../electron/csp';

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
    expect(p.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
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
    const out = withCspHeader({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' });
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
