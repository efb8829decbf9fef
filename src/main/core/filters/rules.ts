import type { FilterRule, FilterRuleAction, FilterTestResult } from '../../../shared/filters.ts';
import { compileRulePattern, matchesInWindows } from './rule-pattern.ts';

/**
 * The person's own rules: words or regular expressions, to block or to warn, matched ignoring case
 * and full-width/half-width forms (both sides folded with NFKC and lower-cased, so `ＡＢＣ`, `abc`
 * and `Abc` are one word, as are full- and half-width katakana and punctuation).
 */

export const foldText = (text: string): string => text.normalize('NFKC').toLowerCase();

export interface RuleMatch {
  ruleId: string;
  action: FilterRuleAction;
}

export interface RuleCheck {
  matches: RuleMatch[];
  invalid: { ruleId: string; message: string }[];
}

type Where = 'question' | 'answer';

const SLOW_RULE = 'This regular expression took too long to check and was skipped. Make it simpler.';

const applies = (rule: FilterRule, where: Where | null): boolean =>
  where === null || rule.scope === 'both' || rule.scope === where;

/** A compiled rule set; compile once per send, check many times (an answer's paragraphs). */
export class RuleSet {
  readonly #checks: { rule: FilterRule; test: (folded: string) => boolean | 'slow' }[] = [];
  readonly invalid: { ruleId: string; message: string }[] = [];

  constructor(rules: readonly FilterRule[]) {
    for (const rule of rules) {
      if (!rule.regex) {
        const word = foldText(rule.pattern);
        this.#checks.push({ rule, test: (folded) => folded.includes(word) });
        continue;
      }
      const compiled = compileRulePattern(rule.pattern);
      if (compiled.ok)
        this.#checks.push({ rule, test: (folded) => matchesInWindows(compiled.regex, folded) });
      else this.invalid.push({ ruleId: rule.id, message: compiled.message });
    }
  }

  get empty(): boolean {
    return this.#checks.length === 0;
  }

  /** The rules that match `text` where it is (a question or an answer; null: every rule). */
  check(text: string, where: Where | null): RuleMatch[] {
    if (this.#checks.length === 0) return [];
    const folded = foldText(text);
    const matches: RuleMatch[] = [];
    for (const check of this.#checks) {
      const { rule } = check;
      if (!applies(rule, where)) continue;
      const matched = check.test(folded);
      if (matched === true) matches.push({ ruleId: rule.id, action: rule.action });
      else if (matched === 'slow') {
        // Set aside for good: the Test box says so, and no later text waits for it.
        check.test = () => false;
        this.invalid.push({ ruleId: rule.id, message: SLOW_RULE });
      }
    }
    return matches;
  }
}

/** Settings' Test box: which rules match, and which patterns cannot be used, in plain words. */
export function testRules(text: string, rules: readonly FilterRule[]): FilterTestResult {
  const set = new RuleSet(rules);
  return { matches: set.check(text, null), invalid: set.invalid };
}
