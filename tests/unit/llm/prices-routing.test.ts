import { describe, expect, it } from 'vitest';
import { capabilitiesFor } from '../../../src/main/core/llm/capabilities.ts';
import { timeoutsFor } from '../../../src/main/core/llm/http.ts';
import { cheapestFit } from '../../../src/main/core/llm/routing.ts';
import { costUsd, defaultPrices, priceFor, priceTable } from '../../../src/main/core/metrics/prices.ts';
import { openAiProvider } from './support.ts';

describe('price table', () => {
  it('prices dated and vendor-prefixed variants by the longest matching name', () => {
    expect(priceFor(defaultPrices, 'gpt-4o-mini-2024-07-18')).toEqual(defaultPrices['gpt-4o-mini']);
    expect(priceFor(defaultPrices, 'gpt-4o-2024-08-06')).toEqual(defaultPrices['gpt-4o']);
    expect(priceFor(defaultPrices, 'openai/gpt-4o')).toEqual(defaultPrices['gpt-4o']);
    expect(priceFor(defaultPrices, 'gpt-4oops')).toBeNull();
    expect(priceFor(defaultPrices, 'my-local-model')).toBeNull();
  });

  it('computes cost from an edited table', () => {
    const table = { 'my-model': { inputPerMTok: 2, outputPerMTok: 10 } };
    expect(costUsd(table, 'my-model', { inputTokens: 500_000, outputTokens: 100_000 })).toBeCloseTo(2);
    expect(costUsd(table, 'gpt-4o', { inputTokens: 1, outputTokens: 1 })).toBeNull();
  });
});

describe('cheapest-fit routing', () => {
  const openai = openAiProvider('https://api.openai.com/v1');
  const chain = [
    { provider: openai, model: 'gpt-4o' },
    { provider: openai, model: 'gpt-3.5-turbo' },
    { provider: openai, model: 'gpt-4o-mini' },
    { provider: openai, model: 'unpriced-local' },
  ];

  it('tries the cheapest model whose context holds the request first', () => {
    expect(cheapestFit(chain, defaultPrices, 1000).map((link) => link.model)).toEqual([
      'gpt-4o-mini',
      'gpt-3.5-turbo',
      'gpt-4o',
      'unpriced-local',
    ]);
  });

  it('puts models too small for the request last', () => {
    const order = cheapestFit(chain, defaultPrices, 20_000, 1000).map((link) => link.model);
    expect(order).toEqual(['gpt-4o-mini', 'gpt-4o', 'unpriced-local', 'gpt-3.5-turbo']);
  });

  it('uses the edited price table', () => {
    const prices = { ...defaultPrices, 'gpt-4o': { inputPerMTok: 0.01, outputPerMTok: 0.01 } };
    expect(cheapestFit(chain, prices, 1000)[0]!.model).toBe('gpt-4o');
  });
});

describe('capability table', () => {
  it('knows families and leaves unknown models with safe defaults', () => {
    const openai = openAiProvider('https://api.openai.com/v1');
    expect(capabilitiesFor(openai, 'o4-mini')).toMatchObject({
      reasoning: true,
      tokenLimitParam: 'max_completion_tokens',
      instructionsRole: 'developer',
      parameters: expect.objectContaining({ temperature: false, reasoningEffort: true }),
    });
    expect(capabilitiesFor(openai, 'gpt-5-chat-latest')).toMatchObject({
      reasoning: false,
      parameters: expect.objectContaining({ temperature: true, reasoningEffort: false }),
    });
    expect(capabilitiesFor(openai, 'gpt-4.1-mini')).toMatchObject({
      reasoning: false,
      contextWindow: 1_047_576,
    });
    const unknown = capabilitiesFor(
      openAiProvider('http://127.0.0.1:1234/v1', { kind: 'openai-compatible' }),
      'qwen2.5-coder',
    );
    expect(unknown).toMatchObject({
      family: 'unknown',
      reasoning: false,
      tokenLimitParam: 'max_tokens',
      parameters: expect.objectContaining({ temperature: true, seed: true, thinkingBudget: false }),
      instructionsRole: 'system',
      streamUsage: false,
    });
    expect(unknown.contextWindow).toBeUndefined();
  });
});

describe('timeout defaults', () => {
  it('give reasoning models longer, and let the provider override either', () => {
    expect(timeoutsFor({})).toEqual({ connectMs: 15_000, headersMs: 300_000, idleMs: 300_000 });
    expect(timeoutsFor({}, true)).toEqual({ connectMs: 15_000, headersMs: 600_000, idleMs: 600_000 });
    expect(timeoutsFor({ timeouts: { idleMs: 5000 } }, true)).toEqual({
      connectMs: 15_000,
      headersMs: 600_000,
      idleMs: 5000,
    });
  });
});

describe('price overrides', () => {
  const ref = (model: string, providerId = 'work') => ({ providerId, model });

  it('applies `providerId/model` keys (as documented) to that provider only', () => {
    const table = priceTable({ 'work/gpt-4o': { inputPerMTok: 1, outputPerMTok: 1 } });
    expect(priceFor(table, ref('gpt-4o'))).toEqual({ inputPerMTok: 1, outputPerMTok: 1 });
    expect(priceFor(table, ref('gpt-4o-2024-08-06'))).toEqual({ inputPerMTok: 1, outputPerMTok: 1 });
    expect(priceFor(table, ref('gpt-4o', 'openai'))).toEqual(defaultPrices['gpt-4o']);
    // A more specific built-in entry still prices a model the override does not name.
    expect(priceFor(table, ref('gpt-4o-mini'))).toEqual(defaultPrices['gpt-4o-mini']);
    expect(costUsd(table, ref('gpt-4o'), { inputTokens: 1_000_000, outputTokens: 0 })).toBeCloseTo(1);
  });

  it('a plain `model` override wins over the built-in price everywhere', () => {
    const table = priceTable({ 'gpt-4o-mini': { inputPerMTok: 9, outputPerMTok: 9 } });
    expect(priceFor(table, ref('gpt-4o-mini', 'any'))?.inputPerMTok).toBe(9);
    expect(priceFor(table, 'gpt-4o-mini-2024-07-18')?.inputPerMTok).toBe(9);
  });

  it('routing uses the provider-qualified override', () => {
    const openai = openAiProvider('https://api.openai.com/v1');
    const chain = [
      { provider: openai, model: 'gpt-4o-mini' },
      { provider: openai, model: 'gpt-4o' },
    ];
    const table = priceTable({ 'test-openai/gpt-4o': { inputPerMTok: 0.001, outputPerMTok: 0.001 } });
    expect(cheapestFit(chain, table, 1000)[0]!.model).toBe('gpt-4o');
  });
});
