import { afterEach, describe, expect, it } from 'vitest';
import type { FilterFinding } from '../../../src/shared/filters.ts';
import { secretKindsFound } from '../../../src/shared/filters.ts';
import { i18n } from '../../../src/renderer/src/i18n/index.ts';
import { filtersEn } from '../../../src/renderer/src/i18n/filters-en.ts';
import { filtersZhCN } from '../../../src/renderer/src/i18n/filters-zh-CN.ts';
import {
  flaggedLabel,
  holdLines,
  providerLine,
} from '../../../src/renderer/src/components/filters/finding-text.ts';
import { holdOf } from '../../../src/renderer/src/components/filters/hold.ts';

const words = () => ({ t: i18n.t.bind(i18n), language: i18n.language });
const han = /\p{Script=Han}/u;
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Every leaf of a strings object, by its dotted path. */
function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  return Object.entries(value as object).flatMap(([key, child]) =>
    leaves(child, path ? `${path}.${key}` : key),
  );
}

afterEach(async () => {
  await i18n.changeLanguage('en');
});

const rules = [
  { id: 'r-1', pattern: 'project falcon', regex: false, action: 'warn' as const, scope: 'both' as const },
];

describe('the content filters in plain words', () => {
  it('has every string in Chinese, with the same placeholders as in English', () => {
    const zh = new Map(leaves(filtersZhCN));
    for (const [path, text] of leaves(filtersEn)) {
      const other = zh.get(path);
      expect(other, path).toBeDefined();
      if (/[A-Za-z]/.test(text.replace(/\{\{\w+\}\}/g, '')) && path !== 'separator')
        expect(other, path).toMatch(han);
      expect(placeholders(other!), path).toEqual(placeholders(text));
    }
    for (const kind of secretKindsFound) expect(filtersEn.secret[`${kind}_one`], kind).toBeTruthy();
  });

  it('names the kinds of secret found, with their count and place, never the text', async () => {
    const findings: FilterFinding[] = [
      { source: 'secret', kind: 'openai-key', count: 2, where: 'message' },
      { source: 'secret', kind: 'private-key', count: 1, where: 'message' },
      { source: 'secret', kind: 'jwt', count: 1, where: 'notes.txt' },
    ];
    expect(holdLines(findings, rules, words())).toEqual([
      'This message looks like it contains 2 OpenAI API keys and a private key.',
      'The file “notes.txt” looks like it contains a JSON Web Token.',
    ]);
    await i18n.changeLanguage('zh-CN');
    expect(holdLines(findings, rules, words())[0]).toBe('这条消息似乎包含：2 个 OpenAI API 密钥和1 个私钥。');
  });

  it('translates moderation categories, names a rule by its pattern, and words provider filters', async () => {
    const findings: FilterFinding[] = [
      { source: 'moderation', categories: ['harassment', 'violence/graphic', 'harassment', 'new-category'] },
      { source: 'rule', ruleId: 'r-1', action: 'block' },
      { source: 'rule', ruleId: 'gone', action: 'warn' },
    ];
    expect(holdLines(findings, rules, words())).toEqual([
      'Flagged for: harassment · graphic violence · new-category',
      'Matches your rule “project falcon”, which blocks it.',
      'Matches your rule “gone”.',
    ]);
    expect(flaggedLabel(findings, rules, words())).toBe(
      'Flagged for: harassment · graphic violence · new-category',
    );
    expect(flaggedLabel([{ source: 'rule', ruleId: 'r-1', action: 'warn' }], rules, words())).toBe(
      'Flagged by your rule “project falcon”',
    );
    const azure = {
      source: 'provider' as const,
      kind: 'filtered' as const,
      categories: [{ category: 'violence', severity: 'medium' }],
    };
    expect(providerLine(azure, 'Azure', words())).toBe(
      'Azure’s content filter stopped this answer (violence: medium).',
    );
    expect(providerLine({ ...azure, kind: 'refusal', categories: [] }, 'Azure', words())).toBe(
      'The model refused to answer.',
    );
    await i18n.changeLanguage('zh-CN');
    expect(flaggedLabel(findings, rules, words())).toBe('被标记为：骚扰 · 血腥暴力 · new-category');
    expect(providerLine(azure, 'Azure', words())).toBe('Azure 的内容过滤中止了这个回答（暴力: 中）。');
  });

  it('reads a hold only from a held question’s error, checked', () => {
    const hold = { findings: [], blocked: false, canSendAnyway: true, canRedact: false };
    expect(holdOf({ code: 'content_filtered', reason: 'message_held', message: '', hold })).toEqual(hold);
    expect(holdOf({ code: 'content_filtered', message: '', hold })).toBeNull();
    expect(holdOf({ code: 'content_filtered', reason: 'message_held', hold: { blocked: 'yes' } })).toBeNull();
    expect(holdOf(null)).toBeNull();
  });
});
