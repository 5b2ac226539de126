/**
 * The lab's Content-Security-Policy, in one place (issue 10: nothing leaves the browser).
 *
 * The built app is sent with it twice: as a `<meta http-equiv>` tag injected into dist/index.html
 * (so any static host enforces it on the page) and as a response header from `vite preview` (so the
 * compute worker, whose policy comes from its own response, is held to it too). The dev server sends
 * a looser variant: Vite's dev client needs an inline script (the React refresh preamble) and inline
 * `<style>` elements.
 */

/** A policy: directive name → source expressions. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * The production policy. Every fetch, script, style, font, image, worker and frame is limited to
 * the page's own origin or forbidden outright; no third-party origin appears anywhere.
 */
export const CSP_DIRECTIVES: CspDirectives = {
  // Anything not named below: same origin only.
  'default-src': ["'self'"],
  // Our bundles only; 'wasm-unsafe-eval' lets WebAssembly.instantiate compile the lab's SGD kernel
  // (and the tiny i64 module of long.js, which tfjs bundles) without letting any string run as script.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The lab's module worker is a same-origin file; the WebAssembly SGD threads it starts are blob:
  // workers made by our own code from our own source (src/model/sgdThreadPool.ts). blob: is no
  // origin: nothing is fetched from anywhere.
  'worker-src': ["'self'", 'blob:'],
  // fetch/XHR/WebSocket: the wasm kernel is fetched from the page's origin; nothing else is fetched.
  'connect-src': ["'self'"],
  // Style sheets are same-origin files; inline style attributes are allowed because KaTeX's HTML
  // output positions glyphs with style="…" (styles cannot run script, and with img-src/font-src
  // 'self' a style cannot load anything from elsewhere either). Browsers that know style-src-elem
  // refuse inline <style> elements.
  'style-src': ["'self'", "'unsafe-inline'"],
  'style-src-elem': ["'self'"],
  // KaTeX's fonts and the favicon are same-origin files (nothing is inlined as a data: URL).
  'font-src': ["'self'"],
  'img-src': ["'self'"],
  // No plugins, no frames, no <base> rewriting, no form posts anywhere.
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  // Nobody may frame the lab (header only: browsers ignore it in a meta tag).
  'frame-ancestors': ["'none'"],
};

/** Directives a browser ignores when the policy arrives in a `<meta>` tag (CSP Level 3, §3.3). */
export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

/**
 * The dev server's policy: the production one, plus inline scripts (Vite's React refresh preamble)
 * and inline `<style>` elements (Vite injects CSS modules as style elements). Still no third-party
 * origin: the HMR WebSocket is on the page's own host and port, which 'self' covers.
 */
export const DEV_CSP_DIRECTIVES: CspDirectives = {
  ...CSP_DIRECTIVES,
  'script-src': ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"],
  'style-src-elem': ["'self'", "'unsafe-inline'"],
};

/**
 * Serialises a policy as a header value (`name src src; name src`), in the object's key order.
 * With `forMeta`, drops the directives a `<meta>` policy cannot carry (HEADER_ONLY_DIRECTIVES).
 */
export function serializeCsp(directives: CspDirectives, { forMeta = false }: { forMeta?: boolean } = {}): string {
  return Object.entries(directives)
    .filter(([name]) => !(forMeta && HEADER_ONLY_DIRECTIVES.includes(name)))
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * Parses a serialised policy back into directives (for tests that read the header or meta tag):
 * directive names lower-cased, empty directives kept with no sources, a repeated directive ignored
 * as browsers do (the first one wins).
 */
export function parseCsp(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!(key in out)) out[key] = sources;
  }
  return out;
}

/**
 * Source expressions of a policy that let the page reach beyond its own origin: every host, scheme
 * (https:, data:, blob:) or wildcard. Quoted keywords ('self', 'none', 'unsafe-inline', …) name no
 * origin and are not reported.
 */
export function foreignSources(directives: CspDirectives): string[] {
  return Object.values(directives)
    .flat()
    .filter((s) => !/^'[^']*'$/.test(s));
}
