import { afterEach, describe, expect, it } from 'vitest';
import { createLlmClient, type LlmClient } from '../../../src/main/core/llm/client.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { providerConfigSchema, providerSaveSchema } from '../../../src/shared/providers.ts';
import { collect, last, openAiChunk, openAiProvider, sseHeaders, startRawServer, textOf } from './support.ts';
import type { RawServer } from './support.ts';

/** The idle timeout a person sets for a provider in Settings: checked on save, then applied by the client. */

const KEY = 'sk-unit-test-key-0123456789';
let server: RawServer | undefined;
let client: LlmClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

const withIdle = (idleMs: number) => ({ ...openAiProvider('http://127.0.0.1:1/v1'), timeouts: { idleMs } });

describe('saving a provider', () => {
  it('takes an idle timeout from 5 to 600 seconds', () => {
    for (const idleMs of [5_000, 42_000, 600_000])
      expect(providerSaveSchema.parse(withIdle(idleMs)).timeouts).toEqual({ idleMs });
    expect(providerSaveSchema.parse(openAiProvider('http://127.0.0.1:1/v1')).timeouts).toBeUndefined();
  });

  it('refuses one outside that range in plain words, naming the field', () => {
    for (const idleMs of [1, 4_999, 600_001]) {
      const result = providerSaveSchema.safeParse(withIdle(idleMs));
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['timeouts', 'idleMs'],
        message: 'Set the idle timeout between 5 and 600 seconds.',
      });
    }
  });

  it('leaves what settings already hold alone (the stored schema is unchanged)', () => {
    expect(providerConfigSchema.safeParse(withIdle(200)).success).toBe(true);
  });
});

describe('a saved idle timeout', () => {
  it('ends a stream that goes silent after that long, keeping the partial answer', async () => {
    server = await startRawServer((_req, res) => {
      sseHeaders(res);
      res.write(openAiChunk({ content: 'said before the stall' }));
      // …and nothing more, with the connection left open.
    });
    const secrets = new MemorySecretStore();
    await secrets.set('test-openai', KEY);
    client = createLlmClient({ secrets });
    const provider = providerSaveSchema.parse({
      ...openAiProvider(`${server.url}/v1`, { maxRetries: 0 }),
      timeouts: { idleMs: 5_000 },
    });
    const started = Date.now();
    const events = await collect(
      client.stream({ chain: [{ provider, model: 'gpt-4o' }], messages: [{ role: 'user', content: 'Hi' }] }),
    );
    const elapsed = Date.now() - started;
    expect(textOf(events)).toBe('said before the stall');
    expect(last(events)).toMatchObject({ type: 'error', interrupted: true, error: { code: 'interrupted' } });
    expect((last(events) as { error: { message: string } }).error.message).toContain('went silent for 5 s');
    // The saved five seconds, not the default five minutes.
    expect(elapsed).toBeGreaterThanOrEqual(4_900);
    expect(elapsed).toBeLessThan(30_000);
  }, 40_000);
});
