import hljs from 'highlight.js/lib/common';

/**
 * Code highlighting, off the critical path. highlight.js output (it escapes the code itself) is
 * cached by language and text; what is not cached yet is highlighted in idle time, a few blocks
 * per idle period, and the code shows as plain text (same size, so nothing moves) until then.
 * A block that is still streaming is highlighted line by line: its complete lines only, so the
 * growing tail costs one highlight per finished line, never one per frame.
 */
const cache = new Map<string, string | null>();
const CACHE_LIMIT = 600;

function cacheKey(code: string, language: string): string {
  return `${language}\u0000${code}`;
}

function known(language: string): string | null {
  const lang = language.toLowerCase();
  return lang && hljs.getLanguage(lang) ? lang : null;
}

/** Highlighted HTML for code now (cached), or null for an unknown language. */
export function highlight(code: string, language: string): string | null {
  const lang = known(language);
  if (!lang) return null;
  const key = cacheKey(code, lang);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, html);
  return html;
}

/** The highlighted HTML if it is ready, null for an unknown language, undefined if not done yet. */
export function cachedHighlight(code: string, language: string): string | null | undefined {
  const lang = known(language);
  if (!lang) return null;
  const key = cacheKey(code, lang);
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Recently used: keep it at the young end of the cache.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

interface Job {
  code: string;
  language: string;
  listeners: Set<() => void>;
}

const jobs = new Map<string, Job>();
let scheduled = false;
/** Idle work per turn: a little, so a frame that comes due is never held up for long. */
const SLICE_MS = 6;

interface IdleDeadline {
  timeRemaining(): number;
}
type RequestIdleCallback = (run: (deadline: IdleDeadline) => void, options: { timeout: number }) => number;
const idleCallback = (globalThis as { requestIdleCallback?: RequestIdleCallback }).requestIdleCallback;
/** Idle time, or within a quarter second if the page is never idle. */
const requestIdle: (run: (deadline?: IdleDeadline) => void) => void = idleCallback
  ? (run) => void idleCallback(run, { timeout: 250 })
  : (run) => void setTimeout(run, 16);

function runJobs(deadline?: IdleDeadline): void {
  scheduled = false;
  const start = performance.now();
  for (const [key, job] of jobs) {
    jobs.delete(key);
    highlight(job.code, job.language);
    for (const listener of job.listeners) listener();
    const spent = performance.now() - start;
    if (spent > SLICE_MS || (deadline && deadline.timeRemaining() < 2)) break;
  }
  if (jobs.size > 0 && !scheduled) {
    scheduled = true;
    requestIdle(runJobs);
  }
}

/**
 * Highlights `code` in idle time and calls `done` when `cachedHighlight` has it. Returns a
 * cancel function (a block that unmounts first needs no highlighting).
 */
export function highlightWhenIdle(code: string, language: string, done: () => void): () => void {
  const lang = known(language);
  if (!lang) return () => {};
  const key = cacheKey(code, lang);
  let job = jobs.get(key);
  if (!job) {
    job = { code, language: lang, listeners: new Set() };
    jobs.set(key, job);
  }
  job.listeners.add(done);
  if (!scheduled) {
    scheduled = true;
    requestIdle(runJobs);
  }
  const scheduledJob = job;
  return () => {
    scheduledJob.listeners.delete(done);
    if (scheduledJob.listeners.size === 0 && jobs.get(key) === scheduledJob) jobs.delete(key);
  };
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
