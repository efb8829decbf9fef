import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/main/core/llm/client.ts';
import { abortReason, type Clock } from '../../../src/main/core/llm/clock.ts';
import type { LlmEvent } from '../../../src/shared/llm-events.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import type { LinkHealthView } from '../../../src/shared/routing-health.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { API_KEY, collect, last, mockProvider, ofType, testClient, type TestClient } from './support.ts';

/**
 * Circuit breakers and routing modes through the real client against the mock model server: which
 * model each request reaches (the server's own record of it), and the route each answer reports.
 */

/** Real time (so times to first token are real), moved forward by hand for cool-downs. */
class ShiftedClock implements Clock {
  offset = 0;
  now = (): number => Date.now() + this.offset;
  random = (): number => 0;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    this.offset += ms;
    return Promise.resolve();
  };
}

let server: MockServer;
let clock: ShiftedClock;
let t: TestClient;
let provider: ProviderConfig;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  await t?.client.close();
  clock = new ShiftedClock();
  t = await testClient({ clock });
  provider = mockProvider(server.url, 'openai-compatible', { models: ['flaky', 'steady', 'slow', 'quick'] });
});

const link = (model: string) => ({ provider, model });

function ask(models: string[], extra: Partial<ChatRequest> = {}): Promise<LlmEvent[]> {
  return collect(
    t.client.stream({
      chain: models.map(link),
      messages: [{ role: 'user', content: 'Hello' }],
      ...extra,
    }),
  );
}

/** How many model requests reached `model` at the mock server. */
function reached(model: string): number {
  return server.requests.filter((request) => (request.body as { model?: string })?.model === model).length;
}

function finish(events: LlmEvent[]) {
  const end = last(events);
  if (end.type !== 'finish') throw new Error(`expected an answer, got ${JSON.stringify(end)}`);
  return end;
}

function health(model: string): LinkHealthView {
  return t.client.routingHealth([{ providerId: provider.id, model }])[0]!;
}

/** `times` failing answers (503) from `model`, each asked on its own or before `steady`. */
async function failures(model: string, times: number, chain = [model, 'steady']): Promise<void> {
  for (let i = 0; i < times; i++) {
    server.enqueue({ forModel: model, status: 503 });
    await ask(chain);
  }
}

describe('circuit breaker', () => {
  it('skips a model after five failures, then lets exactly one probe through after the cool-down', async () => {
    const changes: LinkHealthView[] = [];
    t.client.onHealthChange((view) => changes.push(view));
    await failures('flaky', 4);
    expect(health('flaky').breaker.state).toBe('closed');
    server.enqueue({ forModel: 'flaky', status: 503 });
    const fifth = finish(await ask(['flaky', 'steady']));
    expect(fifth.route).toEqual({
      providerId: provider.id,
      model: 'steady',
      keyHint: API_KEY.slice(-4),
      why: ['failover'],
      skipped: [{ providerId: provider.id, model: 'flaky', reason: 'failed' }],
    });
    const opened = health('flaky').breaker;
    expect(opened).toMatchObject({ state: 'open', reason: 'failures-in-a-row', lastError: 'server_error' });
    expect(opened.state === 'open' && opened.until - clock.now()).toBeGreaterThan(29_000);
    expect(changes.map((view) => [view.model, view.breaker.state])).toEqual([['flaky', 'open']]);

    // Open: the request goes straight to the next model; none reaches the failing one.
    const skipped = await ask(['flaky', 'steady']);
    expect(ofType(skipped, 'failover')).toEqual([]);
    expect(finish(skipped).route).toMatchObject({
      model: 'steady',
      why: ['circuit-open'],
      skipped: [{ providerId: provider.id, model: 'flaky', reason: 'circuit-open' }],
    });
    expect(reached('flaky')).toBe(5);

    // After the cool-down, two requests at once: one probe reaches the model, the other passes it by.
    clock.offset += 30_000;
    expect(health('flaky').breaker).toMatchObject({ state: 'half-open', probing: false });
    server.enqueue({ forModel: 'flaky', text: 'I am back', delayBeforeHeadersMs: 300 });
    const [probe, other] = await Promise.all([ask(['flaky', 'steady']), ask(['flaky', 'steady'])]);
    expect(reached('flaky')).toBe(6);
    expect(finish(probe).route).toMatchObject({ model: 'flaky', why: ['first'], skipped: [] });
    expect(finish(other).route).toMatchObject({ model: 'steady', why: ['circuit-open'] });
    // The probe's success closed it.
    expect(health('flaky').breaker).toEqual({ state: 'closed' });
    expect(changes.map((view) => view.breaker.state)).toEqual(['open', 'half-open', 'closed']);
    expect(finish(await ask(['flaky', 'steady'])).answeredBy.model).toBe('flaky');
  });

  it('a failed probe keeps the model away for twice as long', async () => {
    await failures('flaky', 5);
    clock.offset += 30_000;
    server.enqueue({ forModel: 'flaky', status: 500 });
    expect(finish(await ask(['flaky', 'steady'])).answeredBy.model).toBe('steady');
    expect(reached('flaky')).toBe(6);
    const view = health('flaky').breaker;
    expect(view.state).toBe('open');
    expect(view.state === 'open' && view.until - clock.now()).toBeGreaterThan(59_000);
    clock.offset += 30_000;
    await ask(['flaky', 'steady']);
    expect(reached('flaky')).toBe(6);
  });

  it('an open breaker also ends the retries at that model', async () => {
    const retrying = { ...provider, maxRetries: 2 };
    for (let i = 0; i < 5; i++) server.enqueue({ forModel: 'flaky', status: 503 });
    // Three attempts for the first request, two for the second: the fifth failure opens it.
    await collect(
      t.client.stream({
        chain: [{ provider: retrying, model: 'flaky' }, link('steady')],
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    const second = await collect(
      t.client.stream({
        chain: [{ provider: retrying, model: 'flaky' }, link('steady')],
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    );
    expect(reached('flaky')).toBe(5);
    expect(ofType(second, 'retrying')).toHaveLength(1);
    expect(finish(second).answeredBy.model).toBe('steady');
  });

  it('opens when more than half of the last minute failed', async () => {
    // S F F S F F S F F S F: never five in a row; the eleventh makes 7 failures out of 11.
    for (const ok of [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]) {
      if (!ok) server.enqueue({ forModel: 'flaky', status: 503, headers: { 'retry-after': '0' } });
      await ask(['flaky', 'steady']);
    }
    expect(health('flaky').breaker.state).toBe('closed');
    server.enqueue({ forModel: 'flaky', status: 502 });
    await ask(['flaky', 'steady']);
    expect(health('flaky').breaker).toMatchObject({
      state: 'open',
      reason: 'error-rate',
      lastError: 'server_error',
    });
    await ask(['flaky', 'steady']);
    expect(reached('flaky')).toBe(11);
  });

  it('a storm of rate limits never opens it: it asks for patience, not another model', async () => {
    for (let i = 0; i < 7; i++) {
      server.enqueue({ forModel: 'flaky', status: 429, headers: { 'retry-after': '0' } });
      await ask(['flaky', 'steady']);
    }
    expect(health('flaky').breaker.state).toBe('closed');
    expect(reached('flaky')).toBe(7);
  });

  it('a Stop, a bad key or a bad request never opens it', async () => {
    for (let i = 0; i < 6; i++) {
      server.enqueue({ forModel: 'flaky', stallAfterChunks: 1 });
      const stop = new AbortController();
      const seen: LlmEvent[] = [];
      const request = {
        chain: [link('flaky'), link('steady')],
        messages: [{ role: 'user' as const, content: 'Hi' }],
      };
      for await (const event of t.client.stream(request, stop.signal)) {
        seen.push(event);
        if (event.type === 'text') stop.abort();
      }
      expect(last(seen)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    }
    for (let i = 0; i < 6; i++) {
      server.enqueue({ forModel: 'flaky', status: 400, errorMessage: 'Invalid value for messages' });
      await ask(['flaky', 'steady']);
    }
    for (let i = 0; i < 6; i++) {
      server.enqueue({ forModel: 'flaky', status: 401, errorMessage: 'Incorrect API key provided' });
      await ask(['flaky', 'steady']);
    }
    expect(health('flaky').breaker.state).toBe('closed');
  });

  it('when every model is open, the request still goes to the one whose cool-down ends first', async () => {
    await failures('steady', 5, ['steady']);
    clock.offset += 10_000;
    await failures('flaky', 5, ['flaky']);
    expect(health('steady').breaker.state).toBe('open');
    expect(health('flaky').breaker.state).toBe('open');
    const events = await ask(['flaky', 'steady']);
    expect(finish(events).route).toMatchObject({ model: 'steady', why: ['circuit-open'] });
    expect(finish(events).route!.skipped).toEqual([
      { providerId: provider.id, model: 'flaky', reason: 'circuit-open' },
    ]);
    // That request was the probe: its answer closed the breaker.
    expect(health('steady').breaker.state).toBe('closed');
  });
});

describe('routing modes', () => {
  async function timed(model: string, delayMs: number, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      server.enqueue({ forModel: model, delayBeforeHeadersMs: delayMs });
      await ask([model]);
    }
  }

  it('fastest: the model with the lower recent p95 time to first token goes first', async () => {
    // Unmeasured models keep the chain's order.
    expect(finish(await ask(['slow', 'quick'], { routing: 'fastest' })).route).toMatchObject({
      model: 'slow',
      why: ['first'],
    });
    await timed('slow', 250, 3);
    await timed('quick', 0, 3);
    expect(health('slow').p95TtftMs).toBeGreaterThanOrEqual(250);
    expect(health('quick').p95TtftMs).toBeLessThan(250);
    const before = server.requests.length;
    const events = await ask(['slow', 'quick'], { routing: 'fastest' });
    expect((server.requests[before]!.body as { model: string }).model).toBe('quick');
    expect(finish(events).route).toMatchObject({ model: 'quick', why: ['fastest'], skipped: [] });
    // In order, the chain's first model answers, slow or not.
    expect(finish(await ask(['slow', 'quick'])).route).toMatchObject({ model: 'slow', why: ['first'] });
  });

  it('fastest passes over an open model, however fast it was', async () => {
    await timed('quick', 0, 2);
    await timed('slow', 200, 2);
    await failures('quick', 5, ['quick']);
    const reachedQuick = reached('quick');
    const events = await ask(['quick', 'slow'], { routing: 'fastest' });
    // The open model goes last, so the healthy one answers before it would even be skipped.
    expect(finish(events).route).toMatchObject({ model: 'slow', why: ['fastest'], skipped: [] });
    expect(reached('quick')).toBe(reachedQuick);
    // In order, it is skipped on the way.
    expect(finish(await ask(['quick', 'slow'])).route).toMatchObject({
      model: 'slow',
      why: ['circuit-open'],
    });
  });

  it('cheapest: the cheapest model that fits goes first, and says so', async () => {
    const events = await ask(['gpt-4o', 'gpt-4o-mini'], { routing: 'cheapest' });
    expect((server.requests[0]!.body as { model: string }).model).toBe('gpt-4o-mini');
    expect(finish(events).route).toMatchObject({ model: 'gpt-4o-mini', why: ['cheapest'] });
    // Already the cheapest first: nothing moved.
    expect(finish(await ask(['gpt-4o-mini', 'gpt-4o'], { routing: 'cheapest' })).route!.why).toEqual([
      'first',
    ]);
  });
});
