import type { FilterRule } from '../../../../shared/filters.ts';

/** What is wrong with a rule before it is saved or tested: nothing, no pattern, or a broken expression. */
export type RuleProblem = null | { kind: 'empty' } | { kind: 'regex'; message: string };

/**
 * Checks a rule as the core will read it (JavaScript syntax, `u` and `i` flags). The engine's own
 * words after its preamble ("Unterminated group") say what is wrong; the pattern is not repeated.
 */
export function ruleProblem(rule: Pick<FilterRule, 'pattern' | 'regex'>): RuleProblem {
  if (!rule.pattern.trim()) return { kind: 'empty' };
  if (!rule.regex) return null;
  try {
    new RegExp(rule.pattern, 'iu');
    return null;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { kind: 'regex', message: text.split(': ').at(-1) ?? text };
  }
}

/** A new rule's id: short, unique enough within 200 rules, in the shape the settings take. */
export function newRuleId(): string {
  return `rule-${crypto.randomUUID().slice(0, 8)}`;
}
