import { describe, expect, it } from 'vitest';
import { LinkHealth } from '../../../src/main/core/llm/link-health.ts';
import { routeChain } from '../../../src/main/core/llm/route-chain.ts';
import type { ModelRef } from '../../../src/shared/providers.ts';
import { ManualClock, openAiProvider } from './support.ts';

/** The order a chain is tried in, by routing mode and circuit breakers, without the network. */

const provider = openAiProvider('https://api.openai.com/v1');
const link = (model: string) => ({ provider, model });
const chain = ['a', 'b', 'c'].map(link);
const ref = (model: string): ModelRef => ({ providerId: provider.id, model });

function setup() {
  const clock = new ManualClock();
  const health = new LinkHealth(clock);
  const open = (model: string) => {
    for (let i = 0; i < 5; i++)
      health.record(ref(model), { probe: null }, { code: 'server_error', message: '' });
  };
  const route = (mode: 'ordered' | 'fastest' | 'cheapest', quality?: (r: ModelRef) => number | null) =>
    routeChain(chain, mode, {
      health,
      quality,
      prices: {},
      inputTokens: () => Promise.resolve(10),
      contextWindow: () => undefined,
    });
  const models = async (routed: ReturnType<typeof route>) => (await routed).chain.map((l) => l.model);
  return { clock, health, open, route, models };
}

describe('fastest routing', () => {
  it('puts measured healthy models first, lowest p95 first; unmeasured keep their order', async () => {
    const { health, route, models } = setup();
    expect(await models(route('fastest'))).toEqual(['a', 'b', 'c']);
    expect((await route('fastest')).reason).toBeNull();
    for (const ms of [900, 100, 120]) health.observeTtft(ref('c'), ms);
    for (const ms of [300, 310, 320]) health.observeTtft(ref('b'), ms);
    // c's p95 is its slowest of three (900): b goes first, then c, then the unmeasured a.
    expect(await models(route('fastest'))).toEqual(['b', 'c', 'a']);
    expect((await route('fastest')).reason).toBe('fastest');
    expect(await models(route('ordered'))).toEqual(['a', 'b', 'c']);
  });

  it('breaks a tie by rating, then by chain order', async () => {
    const { health, route, models } = setup();
    for (const model of ['a', 'b', 'c']) health.observeTtft(ref(model), 200);
    expect(await models(route('fastest'))).toEqual(['a', 'b', 'c']);
    const quality = (r: ModelRef) => ({ a: null, b: 0.2, c: 0.9 })[r.model] ?? null;
    expect(await models(route('fastest', quality))).toEqual(['c', 'b', 'a']);
  });

  it('leaves an open model out of the fast ones', async () => {
    const { health, open, route, models } = setup();
    health.observeTtft(ref('c'), 50);
    health.observeTtft(ref('b'), 500);
    open('c');
    expect(await models(route('fastest'))).toEqual(['b', 'a', 'c']);
  });
});

describe('every model open', () => {
  it('forces the one whose cool-down ends first, and none while one is healthy', async () => {
    const { clock, open, route } = setup();
    open('b');
    expect((await route('ordered')).forced).toBeNull();
    clock.time += 5000;
    open('c');
    clock.time += 5000;
    open('a');
    expect((await route('ordered')).forced?.model).toBe('b');
  });
});
