import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * KaTeX's own markup for a formula (KaTeX escapes its input; `trust: false` allows no links or
 * HTML), guarded: `throwOnError: false` covers only parse errors, and a deeply nested formula
 * overflows KaTeX's stack (`\frac{1}{` x 800 throws RangeError) or takes hundreds of ms. So a
 * formula past the size or nesting cap is never given to KaTeX, anything KaTeX throws is caught,
 * and each task spends at most a small budget in KaTeX (the rest waits for idle time).
 * Either way the source then shows as code.
 */
export const MATH_MAX_CHARS = 2_000;
export const MATH_MAX_DEPTH = 24;
/** KaTeX time per task (ms): formulas past it are rendered in idle time. */
const TASK_BUDGET_MS = 12;

/** null: shown as its source (refused or failed); string: KaTeX's markup. */
const cache = new Map<string, string | null>();
const CACHE_LIMIT = 500;

let spent = 0;
let resetScheduled = false;

function key(tex: string, display: boolean): string {
  return `${display ? 'D' : 'I'}${tex}`;
}

/** Groups, `\left` pairs and environments nest, and so does a run of commands: the deepest point. */
export function mathDepth(tex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      const name = /^\\([a-zA-Z]+|.?)/.exec(tex.slice(i, i + 40))![1]!;
      if (name === 'left' || name === 'begin') depth++;
      else if (name === 'right' || name === 'end') depth = Math.max(0, depth - 1);
      i += name.length;
    } else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (depth > deepest) deepest = depth;
  }
  return deepest + commandRun(tex);
}

/** The longest run of back-to-back commands (`\sqrt\sqrt…`), each of which may take the next as its argument. */
function commandRun(tex: string): number {
  let longest = 0;
  for (const match of tex.matchAll(/(?:\\[a-zA-Z]+\s*){2,}/g)) {
    const run = match[0].split('\\').length - 1;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Whether KaTeX may be given this formula at all. */
export function mathAllowed(tex: string): boolean {
  return tex.length <= MATH_MAX_CHARS && mathDepth(tex) <= MATH_MAX_DEPTH;
}

/** Renders now: KaTeX's markup, or null to show the source (refused or failed). Cached. */
export function renderMath(tex: string, display: boolean): string | null {
  const k = key(tex, display);
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  let html: string | null = null;
  if (mathAllowed(tex)) {
    const start = performance.now();
    try {
      html = katex.renderToString(tex, {
        displayMode: display,
        throwOnError: false,
        trust: false,
        strict: 'ignore',
        maxExpand: 500,
        maxSize: 50,
        output: 'htmlAndMathml',
      });
    } catch {
      html = null; // RangeError (stack), or anything else KaTeX throws: the source shows instead
    }
    charge(performance.now() - start);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(k, html);
  return html;
}

/**
 * The markup if it is cached or fits this task's budget; undefined when it has to wait for idle
 * time (the caller shows the source until then and asks `renderMath` in idle time).
 */
export function mathNow(tex: string, display: boolean): string | null | undefined {
  const hit = cache.get(key(tex, display));
  if (hit !== undefined) return hit;
  if (spent > TASK_BUDGET_MS) return undefined;
  return renderMath(tex, display);
}

export function mathKey(tex: string, display: boolean): string {
  return `math\u0000${key(tex, display)}`;
}

function charge(ms: number): void {
  spent += ms;
  if (resetScheduled) return;
  resetScheduled = true;
  // The budget is per task: it starts again once this task is over.
  setTimeout(() => {
    spent = 0;
    resetScheduled = false;
  }, 0);
}
