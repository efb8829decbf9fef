import hljs from 'highlight.js/lib/common';

/** Highlighted HTML for code (hljs escapes the code itself), or null for an unknown language. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 400;

export function highlight(code: string, language: string): string | null {
  const lang = language.toLowerCase();
  if (!lang || !hljs.getLanguage(lang)) return null;
  const key = `${lang}\u0000${code}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}

/** Lines per independently highlighted piece of a code block that is still streaming. */
export const STREAM_CHUNK_LINES = 40;

/**
 * Splits a growing code block into pieces of whole lines, so closed pieces keep their highlight
 * (cached) and only the last piece is highlighted again as text arrives.
 */
export function streamingChunks(code: string): string[] {
  const lines = code.split('\n');
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += STREAM_CHUNK_LINES) {
    const end = Math.min(lines.length, i + STREAM_CHUNK_LINES);
    chunks.push(lines.slice(i, end).join('\n') + (end < lines.length ? '\n' : ''));
  }
  return chunks;
}
