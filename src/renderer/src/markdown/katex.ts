import katex from 'katex';
import 'katex/dist/katex.min.css';

const cache = new Map<string, string>();
const CACHE_LIMIT = 500;

/** KaTeX's own markup for a formula (KaTeX escapes its input; `trust: false` allows no links or HTML). */
export function renderMath(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    maxExpand: 500,
    maxSize: 50,
    output: 'htmlAndMathml',
  });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}
