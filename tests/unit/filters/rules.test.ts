import { describe, expect, it } from 'vitest';
import type { FilterRule } from '../../../src/shared/filters.ts';
import { RuleSet, testRules } from '../../../src/main/core/filters/rules.ts';
import { compileRulePattern } from '../../../src/main/core/filters/rule-pattern.ts';

const rule = (id: string, pattern: string, more: Partial<FilterRule> = {}): FilterRule => ({
  id,
  pattern,
  regex: false,
  action: 'warn',
  scope: 'both',
  ...more,
});

describe('rules match ignoring case and full/half width', () => {
  it.each([
    ['Secret Plan', 'the SECRET PLAN is'],
    ['Secret Plan', 'the ｓｅｃｒｅｔ　ｐｌａｎ is'],
    ['ＡＢＣ', 'abc'],
    ['机密', '这是机密文件'],
    ['ｶﾀｶﾅ', 'カタカナ'],
    ['１２３', 'code 123'],
  ])('word %s matches %s', (pattern, text) => {
    expect(testRules(text, [rule('r', pattern)]).matches).toEqual([{ ruleId: 'r', action: 'warn' }]);
  });

  it('regular expressions fold the text too and keep their own classes (\\d, \\S)', () => {
    const rules = [rule('id', '员工编号\\s*\\d{4}', { regex: true, action: 'block' })];
    expect(testRules('员工编号 ２０２４', rules).matches).toEqual([{ ruleId: 'id', action: 'block' }]);
    expect(testRules('员工编号 abcd', rules).matches).toEqual([]);
    expect(testRules('VERSION 2', [rule('v', 'version\\s\\S', { regex: true })]).matches).toHaveLength(1);
  });

  it('a rule applies where its scope says', () => {
    const set = new RuleSet([
      rule('q', 'alpha', { scope: 'question' }),
      rule('a', 'alpha', { scope: 'answer' }),
    ]);
    expect(set.check('Alpha', 'question').map((m) => m.ruleId)).toEqual(['q']);
    expect(set.check('Alpha', 'answer').map((m) => m.ruleId)).toEqual(['a']);
  });

  it('a word does not match across a near-miss', () => {
    expect(testRules('secret-plan', [rule('r', 'secret plan')]).matches).toEqual([]);
  });
});

describe('patterns that cannot be used are reported in plain words, never thrown', () => {
  it.each([
    ['(unclosed', /not a valid regular expression/],
    ['[z-a]', /not a valid regular expression/],
    ['(a+)+$', /repeats a group that itself repeats/],
    ['(x*y?)*', /repeats a group that itself repeats/],
    ['(a)\\1', /refers back/],
    ['a.*b.*c.*d', /more than 2 open-ended repeats/],
  ])('%s', (pattern, why) => {
    const compiled = compileRulePattern(pattern);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.message).toMatch(why);
    expect(testRules('anything', [rule('r', pattern, { regex: true })]).invalid).toEqual([
      { ruleId: 'r', message: expect.stringMatching(why) },
    ]);
  });

  it.each(['colou?r', '(foo|bar)+', '\\d{3}-\\d{4}', '[(*+]', 'a{2,5}b', '\\(a+\\)+'])(
    '%s is allowed',
    (pattern) => {
      expect(compileRulePattern(pattern).ok).toBe(true);
    },
  );

  it('an allowed pattern that is slow on a hostile text is set aside within its budget, in plain words', () => {
    const started = performance.now();
    const result = testRules('a'.repeat(100_000), [rule('r', 'a*a*b', { regex: true }), rule('w', 'b')]);
    expect(result.matches).toEqual([]);
    expect(result.invalid).toEqual([{ ruleId: 'r', message: expect.stringMatching(/took too long/) }]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a pattern matches across a long line within its window', () => {
    const line = `${'x'.repeat(5_000)} token 42 ${'y'.repeat(5_000)}`;
    expect(testRules(line, [rule('r', 'token \\d+', { regex: true })]).matches).toHaveLength(1);
  });
});
