import hljs from 'highlight.js/lib/common';
import { whenIdle } from './idle.ts';

/**
 * Code highlighting, off the critical path. highlight.js output (it escapes the code itself) is
 * cached by language and text; what is not cached yet is highlighted in idle time, a few blocks
 * per idle period, and the code shows as plain text (same size, so nothing moves) until then.
 * A block that is still streaming is highlighted line by line: its complete lines only, so the
 * growing tail costs one highlight per finished line, never one per frame.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 600;

/** Past this size a piece of code shows as plain text: highlighting it would hold a task too long. */
export const HIGHLIGHT_MAX_CHARS = 20_000;

function cacheKey(code: string, language: string): string {
  return `${language}\u0000${code}`;
}

function known(language: string): string | null {
  const lang = language.toLowerCase();
  return lang && hljs.getLanguage(lang) ? lang : null;
}

/**
 * Whether highlight.js has compiled the language: it compiles one on its first use, in one go
 * (tens of ms for TypeScript, more for some), so that is done in an idle turn of its own
 * (`whenLanguageReady`), never in the middle of a render.
 */
function compiled(lang: string): boolean {
  return (hljs.getLanguage(lang) as { isCompiled?: boolean } | undefined)?.isCompiled === true;
}

/**
 * Highlighted HTML for code now (cached), null for an unknown language, or undefined while the
 * language is not compiled yet (`whenLanguageReady` says when it is).
 */
export function highlight(code: string, language: string): string | null | undefined {
  const lang = known(language);
  if (!lang || code.length > HIGHLIGHT_MAX_CHARS) return null;
  return compiled(lang) ? highlightKnown(code, lang) : undefined;
}

function highlightKnown(code: string, lang: string): string {
  const key = cacheKey(code, lang);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}

/**
 * Compiles the language in an idle turn and then calls `done` (at once if there is nothing to
 * do: an unknown or compiled language calls nothing). Returns a cancel function.
 */
export function whenLanguageReady(language: string, done: () => void): () => void {
  const lang = known(language);
  if (!lang || compiled(lang)) return () => {};
  const compile = () => void hljs.highlight('', { language: lang, ignoreIllegals: true });
  return whenIdle(`lang\u0000${lang}`, compile, done, { alone: true });
}

/** The highlighted HTML if it is ready, null for an unknown language, undefined if not done yet. */
export function cachedHighlight(code: string, language: string): string | null | undefined {
  const lang = known(language);
  if (!lang || code.length > HIGHLIGHT_MAX_CHARS) return null;
  const key = cacheKey(code, lang);
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Recently used: keep it at the young end of the cache.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Highlights `code` in idle time (its language compiled first, in a turn of its own) and calls
 * `done` when `cachedHighlight` has it. Returns a cancel function (a block that unmounts first
 * needs no highlighting).
 */
export function highlightWhenIdle(code: string, language: string, done: () => void): () => void {
  const lang = known(language);
  if (!lang) return () => {};
  let cancel = () => {};
  const highlightJob = () => {
    cancel = whenIdle(`hl\u0000${cacheKey(code, lang)}`, () => highlightKnown(code, lang), done);
  };
  if (compiled(lang)) highlightJob();
  else cancel = whenLanguageReady(lang, highlightJob);
  return () => cancel();
}

/**
 * Lines per independently highlighted piece of a code block that is still streaming (small, so
 * each finished line costs a few lines' highlighting), or too long to highlight in one go.
 */
export const STREAM_CHUNK_LINES = 12;
/** Past this many lines a finished block stays in pieces, each highlighted in its own idle turn. */
export const WHOLE_BLOCK_LINES = 80;

/**
 * Splits a code block into pieces of whole lines, so a growing block's closed pieces keep their
 * highlight (cached) and only the last piece is highlighted again as lines arrive.
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

/** A piece's complete lines (highlighted) and its unfinished last line (shown as it is). */
export function splitLastLine(code: string): { complete: string; partial: string } {
  const cut = code.lastIndexOf('\n') + 1;
  return { complete: code.slice(0, cut), partial: code.slice(cut) };
}
