import katex from 'katex';
import { useMemo } from 'react';

/**
 * One LaTeX string rendered by KaTeX (HTML for the eye, MathML for screen readers).
 * KaTeX output of our own expressions is the one place this app sets innerHTML (src/security/rawHtml.test.ts
 * keeps it so); any string from a file inside `tex` must come through texText, which KaTeX shows as text.
 */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { output: 'htmlAndMathml', throwOnError: false, displayMode: display }), [tex, display]);
  return <span className={display ? 'tex tex-display' : 'tex'} dangerouslySetInnerHTML={{ __html: html }} />;
}
