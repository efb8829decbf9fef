/**
 * A person's regular expression, checked before it is used: a pattern that could take very long
 * (a repeat inside a repeat, back-references, many long repeats) is refused in plain words, as is
 * one that is not valid. Rules then run on pieces of at most `RULE_WINDOW` characters, so even an
 * allowed pattern's worst case per piece stays small, and within a time budget per text.
 */

/** A regular expression rule matches within this many characters (words match anywhere). */
export const RULE_WINDOW = 200;
/** What one rule may spend on one text; past it the rule is set aside as too slow. */
export const RULE_BUDGET_MS = 50;
const MAX_LONG_REPEATS = 2;

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; message: string };

/** What a quantifier at `i` repeats at most (Infinity for `*`, `+`, `{n,}`), and where it ends. */
function quantifierAt(pattern: string, i: number): { max: number; end: number } | null {
  const c = pattern[i];
  if (c === '*' || c === '+') return { max: Infinity, end: i + 1 };
  if (c === '?') return { max: 1, end: i + 1 };
  if (c !== '{') return null;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!m) return null;
  const max = m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity;
  return { max, end: i + m[0].length };
}

/** Why this pattern could backtrack for very long, or null when its shape is safe. */
function slowShape(pattern: string): string | null {
  // For each open group: did it hold a repeat? Plus the whole pattern's count of long repeats.
  const groups: boolean[] = [];
  let longRepeats = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (!inClass && /[1-9k]/.test(pattern[i + 1] ?? '')) return 'it refers back to a group (\\1, \\k)';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const repeatsInside = groups.pop() ?? false;
      const q = quantifierAt(pattern, i + 1);
      if (q && q.max > 1 && repeatsInside) return 'it repeats a group that itself repeats';
      if (q && q.max > 1 && groups.length > 0) groups[groups.length - 1] = true;
      if (q && q.max > 20) longRepeats++;
    } else {
      const q = quantifierAt(pattern, i);
      if (q && q.max > 1) {
        if (groups.length > 0) groups[groups.length - 1] = true;
        if (q.max > 20) longRepeats++;
      }
    }
  }
  if (longRepeats > MAX_LONG_REPEATS) return `it has more than ${MAX_LONG_REPEATS} open-ended repeats`;
  return null;
}

/** Compiles a rule's regular expression (case-insensitive, Unicode), or says in plain words why not. */
export function compileRulePattern(source: string): CompiledPattern {
  const pattern = source.normalize('NFKC');
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'iu');
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    return { ok: false, message: `This is not a valid regular expression${why ? ` (${why})` : ''}.` };
  }
  const slow = slowShape(pattern);
  if (slow) return { ok: false, message: `This regular expression could take too long to check: ${slow}.` };
  return { ok: true, regex };
}

/**
 * Whether `regex` matches `text` within a window of RULE_WINDOW characters (overlapping pieces);
 * 'slow' when the pieces took longer than the budget (the rest is not looked at).
 */
export function matchesInWindows(regex: RegExp, text: string, budgetMs = RULE_BUDGET_MS): boolean | 'slow' {
  const overlap = RULE_WINDOW / 5;
  const deadline = performance.now() + budgetMs;
  for (const line of text.split('\n')) {
    for (let at = 0; at < line.length || at === 0; at += RULE_WINDOW - overlap) {
      if (regex.test(line.length <= RULE_WINDOW ? line : line.slice(at, at + RULE_WINDOW))) return true;
      if (performance.now() > deadline) return 'slow';
      if (line.length <= RULE_WINDOW) break;
    }
  }
  return false;
}
