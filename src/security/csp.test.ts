import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, DEV_CSP_DIRECTIVES, foreignSources, parseCsp, serializeCsp } from './csp';

describe('the Content-Security-Policy', () => {
  it('names no origin but the page’s own, in production and in dev', () => {
    // blob: only for the WebAssembly SGD threads our own code starts (worker-src): no origin, nothing fetched
    expect(foreignSources(CSP_DIRECTIVES)).toEqual(['blob:']);
    expect(foreignSources(DEV_CSP_DIRECTIVES)).toEqual(['blob:']);
    expect(Object.entries(CSP_DIRECTIVES).filter(([, v]) => v.includes('blob:')).map(([k]) => k)).toEqual(['worker-src']);
  });

  it('lets the page connect to its own origin only', () => {
    expect(CSP_DIRECTIVES['connect-src']).toEqual(["'self'"]);
    expect(CSP_DIRECTIVES['default-src']).toEqual(["'self'"]);
    expect(DEV_CSP_DIRECTIVES['connect-src']).toEqual(["'self'"]);
  });

  it('runs our own scripts and WebAssembly, never eval or inline script, in the build', () => {
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CSP_DIRECTIVES['worker-src']).toEqual(["'self'", 'blob:']);
    expect(CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
    expect(CSP_DIRECTIVES['base-uri']).toEqual(["'none'"]);
  });

  it('as a header: every directive, in order, separated by "; "', () => {
    const header = serializeCsp(CSP_DIRECTIVES);
    expect(header.startsWith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; ")).toBe(true);
    expect(header).toContain("connect-src 'self'");
    expect(header.endsWith("frame-ancestors 'none'")).toBe(true);
    expect(Object.keys(parseCsp(header))).toEqual(Object.keys(CSP_DIRECTIVES));
  });

  it('as a meta tag: without frame-ancestors, which a meta policy cannot carry; the rest unchanged', () => {
    const meta = parseCsp(serializeCsp(CSP_DIRECTIVES, { forMeta: true }));
    expect(meta['frame-ancestors']).toBeUndefined();
    const { 'frame-ancestors': _dropped, ...rest } = CSP_DIRECTIVES;
    expect(meta).toEqual(rest);
  });

  it('parseCsp keeps the first of a repeated directive and lower-cases names, as browsers do', () => {
    expect(parseCsp("Connect-Src 'self'; connect-src https://evil.example;  ; img-src")).toEqual({ 'connect-src': ["'self'"], 'img-src': [] });
  });

  it('foreignSources reports hosts, schemes and wildcards, not quoted keywords', () => {
    expect(foreignSources({ 'connect-src': ["'self'", 'https://api.example.com', 'data:', '*'], 'script-src': ["'unsafe-eval'", 'blob:'] })).toEqual([
      'https://api.example.com',
      'data:',
      '*',
      'blob:',
    ]);
  });
});
