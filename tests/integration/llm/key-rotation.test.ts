import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLlmClient, type LlmClient } from '../../../src/main/core/llm/client.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { ProviderKeys } from '../../../src/main/core/secrets/provider-keys.ts';
import { ProviderSecrets } from '../../../src/main/core/secrets/provider-secrets.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { LlmEvent } from '../../../src/shared/llm-events.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { bearer } from '../../mock-server/auth.ts';
import { collect, InstantClock, last, mockProvider, ofType } from './support.ts';

// Several keys per provider against the real mock model server: a 429 or a spent quota on one key
// moves the request to the next key at once (not a retry, no wait), the key rests while it cools
// down and is used again after; with every key cooling the usual retry policy takes over.
const KEY_A = 'sk-rotation-key-A-000000aaaa';
const KEY_B = 'sk-rotation-key-B-000000bbbb';

describe('several keys per provider, used in turn', () => {
  let server: MockServer;
  let clock: InstantClock;
  let client: LlmClient;
  let metrics: RequestMetrics[];
  let logged: string[];
  const provider = (url: string, maxRetries = 0) => mockProvider(url, 'openai', { maxRetries });

  beforeAll(async () => {
    server = await startMockServer({ apiKeys: [KEY_A, KEY_B], defaults: { chunkDelayMs: 0 } });
  });
  afterAll(async () => {
    await server.close();
  });

  /** A fresh client (fresh turns and cool-downs) with `keys` saved for the provider, in order. */
  async function setup(keys: string[]): Promise<void> {
    server.reset();
    clock = new InstantClock();
    metrics = [];
    logged = [];
    const secrets = new MemorySecretStore();
    const saved = new ProviderKeys(new ProviderSecrets(secrets), clock.now);
    for (const key of keys) await saved.add(provider(server.url), key);
    client = createLlmClient({ secrets, clock, env: {}, metrics: (record) => metrics.push(record) });
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
  }

  afterEach(async () => {
    vi.restoreAllMocks();
    // Keys never reach a log line.
    expect(logged.join('\n')).not.toMatch(/sk-rotation-key/);
    await client?.close();
  });

  const ask = (maxRetries = 0): Promise<LlmEvent[]> =>
    collect(
      client.stream({
        chain: [{ provider: provider(server.url, maxRetries), model: 'gpt-4o' }],
        messages: [{ role: 'user', content: 'Which key?' }],
      }),
    );
  const keysSeen = () => server.requests.map((r) => bearer(r.headers.authorization));
  const finish = (events: LlmEvent[]) => {
    const end = last(events);
    if (end.type !== 'finish') throw new Error(`expected finish, got ${JSON.stringify(end)}`);
    return end;
  };

  it('moves to key B at once after a 429 on key A, rests A while it cools, and uses A again after', async () => {
    await setup([KEY_A, KEY_B]);
    server.enqueue({ forKey: KEY_A, status: 429 });
    const first = await ask();
    expect(keysSeen()).toEqual([KEY_A, KEY_B]);
    expect(clock.sleeps).toEqual([]);
    expect(ofType(first, 'retrying')).toEqual([]);
    const route = finish(first).route!;
    expect(route.keyHint).toBe('bbbb');
    expect(route.why).toEqual(['key-rotated']);
    expect(metrics.at(-1)).toMatchObject({ retries: 0, outcome: 'complete' });
    // No Retry-After: a minute's rest.
    expect(client.keyCooling('mock-openai')).toEqual(new Map([[1, clock.time + 60_000]]));

    // A's turn comes round again, but A is cooling: B answers.
    server.reset();
    const second = await ask();
    expect(keysSeen()).toEqual([KEY_B]);
    expect(finish(second).route).toMatchObject({ keyHint: 'bbbb', why: ['key-rotated'] });

    // After the cool-down A is used again, in turn.
    clock.time += 60_001;
    server.reset();
    const third = await ask();
    expect(keysSeen()).toEqual([KEY_A]);
    expect(finish(third).route).toMatchObject({ keyHint: 'aaaa', why: ['first'] });
    expect(client.keyCooling('mock-openai').size).toBe(0);
  });

  it('uses the keys in turn when none is cooling', async () => {
    await setup([KEY_A, KEY_B]);
    const hints: (string | null)[] = [];
    for (let i = 0; i < 4; i++) hints.push(finish(await ask()).route!.keyHint);
    expect(hints).toEqual(['aaaa', 'bbbb', 'aaaa', 'bbbb']);
    expect(keysSeen()).toEqual([KEY_A, KEY_B, KEY_A, KEY_B]);
  });

  it("rests a key for the provider's Retry-After, and a spent quota for an hour", async () => {
    await setup([KEY_A, KEY_B]);
    server.enqueue({ forKey: KEY_A, status: 429, headers: { 'retry-after': '7' } });
    await ask();
    expect(client.keyCooling('mock-openai').get(1)).toBe(clock.time + 7_000);

    await setup([KEY_A, KEY_B]);
    server.enqueue({ forKey: KEY_A, status: 429, errorCode: 'insufficient_quota' });
    const spent = await ask();
    expect(keysSeen()).toEqual([KEY_A, KEY_B]);
    expect(finish(spent).route!.keyHint).toBe('bbbb');
    expect(client.keyCooling('mock-openai').get(1)).toBe(clock.time + 3_600_000);
  });

  it('falls back to a normal retry when every key is cooling', async () => {
    await setup([KEY_A, KEY_B]);
    server.enqueue({ forKey: KEY_A, status: 429 }, { forKey: KEY_B, status: 429 });
    const events = await ask(1);
    // A, then B at once, then (both resting) one retry after the usual backoff.
    expect(keysSeen()).toEqual([KEY_A, KEY_B, KEY_A]);
    expect(ofType(events, 'retrying')).toHaveLength(1);
    // Waited as before: the retry's backoff (and the limiter, which now heeds the last 429's budget).
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(finish(events).route!.keyHint).toBe('aaaa');
    expect(metrics.at(-1)).toMatchObject({ retries: 1, outcome: 'complete' });
  });

  it('fails as before when the only key is limited and retries are spent', async () => {
    await setup([KEY_A]);
    server.enqueue({ forKey: KEY_A, status: 429 });
    const events = await ask(0);
    expect(keysSeen()).toEqual([KEY_A]);
    expect(last(events)).toMatchObject({ type: 'error', error: { code: 'rate_limited' } });
  });

  it('names the key of a single-key provider too', async () => {
    await setup([KEY_A]);
    expect(finish(await ask()).route).toMatchObject({ keyHint: 'aaaa', why: ['first'], skipped: [] });
  });
});
