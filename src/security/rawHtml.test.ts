/**
 * Issue 10: text from files never becomes markup. The source sets raw HTML in exactly one place —
 * Tex.tsx, KaTeX's output of our own expressions (strings from files reach it only through
 * texText, see katex.test.ts) — and never evaluates strings as code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const RAW_HTML = /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment|srcdoc/g;
const EVAL = /\beval\(|new Function\(|setTimeout\(\s*['"`]|setInterval\(\s*['"`]/g;

/** Every non-test .ts/.tsx file under src, as [path relative to src, text]. */
function sources(): [string, string][] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|testutil)\.tsx?$/.test(f))
    .map((f) => [relative(SRC, join(SRC, f)).split('\\').join('/'), readFileSync(join(SRC, f), 'utf8')]);
}

/** "path: match" for every match of `pattern` in the sources. */
function hits(pattern: RegExp): string[] {
  return sources().flatMap(([path, text]) => [...text.matchAll(pattern)].map((m) => `${path}: ${m[0]}`));
}

describe('no raw HTML and no eval in the app', () => {
  it('scans the app’s sources', () => {
    expect(sources().length).toBeGreaterThan(50);
    expect(sources().some(([path]) => path === 'ui/examples/Tex.tsx')).toBe(true);
  });

  it('sets raw HTML only in Tex.tsx (KaTeX output)', () => {
    expect(hits(RAW_HTML)).toEqual(['ui/examples/Tex.tsx: dangerouslySetInnerHTML']);
  });

  it('never evaluates a string as code', () => {
    expect(hits(EVAL)).toEqual([]);
  });
});
