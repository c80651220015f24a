import { describe, expect, it } from 'vitest';
import {
  appCsp,
  browserFallbackCsp,
  buildCsp,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  isPrepWorkerScript,
  withCspHeader,
} from '../../electron/csp';
import { cspHeaders } from '../../src/launcher/start';
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

  it("lets only the preparation workers' scripts compile WebAssembly (the mesh simplifier), never eval", () => {
    for (const url of [
      'app://console/assets/prep.worker-Cqzt7PXH.js',
      '/assets/prep.worker-DPeRdvne.js',
      'http://127.0.0.1:4173/assets/prep.worker-a_b-1.js?v=2',
    ])
      expect(isPrepWorkerScript(url), url).toBe(true);
    for (const url of [
      'app://console/index.html',
      '/assets/linkWorker-DsKs3jeP.js',
      '/assets/prep.worker-Cqzt7PXH.js.map',
      '/assets/index-prep.worker-x.js',
      '/prep.worker-x.js',
      '/assets/prep.worker-x.js/../evil.js',
      'http://[bad',
    ])
      expect(isPrepWorkerScript(url), url).toBe(false);
    const worker = parse(appCsp(['ws://10.0.0.5:9090'], { wasm: true }));
    expect(worker.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(worker.get('connect-src')).toEqual(["'self'", 'ws://10.0.0.5:9090']);
    // everything else as the page's policy
    const page = parse(appCsp(['ws://10.0.0.5:9090']));
    expect([...worker].filter(([k]) => k !== 'script-src')).toEqual([...page].filter(([k]) => k !== 'script-src'));
    expect(appCsp([], { wasm: true })).not.toMatch(/'unsafe-eval'/);
    expect(parse(browserFallbackCsp([], { wasm: true })).get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(parse(browserFallbackCsp([])).get('script-src')).toEqual(["'self'"]);
  });

  it('the browser fallback of npm start sends each response its policy: the preparation worker its own', () => {
    const plugin = cspHeaders(['https://hub.example:8443']);
    let handler: ((req: { url?: string }, res: { setHeader(n: string, v: string): void }, next: () => void) => void) | undefined;
    const server = { middlewares: { use: (fn: typeof handler) => (handler = fn) } };
    (plugin.configurePreviewServer as (s: unknown) => void)(server);
    const served = (url: string) => {
      const headers: Record<string, string> = {};
      let passed = false;
      handler!({ url }, { setHeader: (n, v) => (headers[n] = v) }, () => (passed = true));
      expect(passed).toBe(true);
      return parse(headers['Content-Security-Policy']!);
    };
    expect(served('/').get('script-src')).toEqual(["'self'"]);
    expect(served('/assets/linkWorker-DsKs3jeP.js').get('script-src')).toEqual(["'self'"]);
    expect(served('/assets/prep.worker-Cqzt7PXH.js').get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(served('/').get('connect-src')).toEqual(["'self'", 'ws:', 'wss:', 'https://hub.example:8443']);
  });
});
