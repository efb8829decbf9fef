/** The default answer and the usage estimates. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeAnswer, defaultAnswer, estimateTokens, truncateToTokens } from '../../mock-server/answer.ts';

describe('default answer', () => {
  it('is deterministic Markdown quoting the message: heading, list, table, fenced code', () => {
    const answer = defaultAnswer('How do I stream?\nSecond line');
    expect(answer).toBe(defaultAnswer('How do I stream?\nSecond line'));
    expect(answer).toMatch(/^### /);
    expect(answer).toContain('> How do I stream?\n> Second line');
    expect(answer).toMatch(/^- /m);
    expect(answer).toContain('| Lines | 2 |');
    expect(answer).toMatch(/```ts\n[\s\S]+\n```$/);
  });

  it('answers in Chinese when the message contains CJK', () => {
    expect(defaultAnswer('解释一下 SSE')).toContain('### 模拟回答');
    expect(defaultAnswer('日本語のテスト')).toContain('模拟回答');
  });

  it('uses a fence the message cannot close', () => {
    const answer = defaultAnswer('see ```` this');
    expect(answer).toMatch(/\n`{5}ts\n[\s\S]+\n`{5}$/);
  });
});

describe('token estimates', () => {
  it('count one token per CJK character and one per four other characters', () => {
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('')).toBe(0);
  });

  it('truncation yields the longest prefix within the budget', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(50), (text, budget) => {
        const cut = truncateToTokens(text, budget);
        expect(text.startsWith(cut)).toBe(true);
        expect(estimateTokens(cut)).toBeLessThanOrEqual(budget);
        const chars = Array.from(text);
        const next = chars.slice(0, Array.from(cut).length + 1).join('');
        if (cut !== text) expect(estimateTokens(next)).toBeGreaterThan(budget);
      }),
    );
  });

  it('composeAnswer cuts at max tokens with finish length and reports consistent usage', () => {
    const body = { messages: [{ role: 'user', content: 'hello' }] };
    const answer = composeAnswer({ body, script: { reasoning: 'abcdefgh' }, maxTokens: 6 });
    expect(answer.finish).toBe('length');
    expect(answer.reasoningTokens).toBe(2);
    expect(answer.completionTokens).toBeLessThanOrEqual(6);
    expect(answer.completionTokens).toBe(answer.reasoningTokens + estimateTokens(answer.text));
    expect(composeAnswer({ body, script: { text: 'ok', finishReason: 'content_filter' } }).finish).toBe(
      'content_filter',
    );
  });
});
