import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyHttpFailure, classifyProviderError } from '../../../src/main/core/llm/errors.ts';
import { redact } from '../../../src/main/core/llm/redact.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { API_KEY, last, mockProvider, testClient, type TestClient } from '../../integration/llm/support.ts';

/**
 * A secret never survives into an error detail: not whole, not cut in half by the detail's length
 * limit, not base64- or URL-encoded. Fixed seed plus a printed random one (PARLEY_FUZZ_SEED repeats it).
 */
const randomSeed = Number(process.env.PARLEY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`redaction property seed: ${randomSeed} (fixed: 20261201)`);
const seeds = [20261201, randomSeed];

const context = { providerName: 'Test', secrets: [] as string[] };
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Every way the key could show: as is, encoded, or inside `Basic base64(user:key)`. */
const encodings: Record<string, (key: string) => string> = {
  plain: (key) => key,
  url: (key) => encodeURIComponent(key),
  base64: (key) => b64(key),
  base64url: (key) => b64(key).replace(/\+/g, '-').replace(/\//g, '_'),
  basic: (key) => `Basic ${b64(`user:${key}`)}`,
  basicLonger: (key) => `Basic ${b64(`alice2:${key}`)}`,
};

/** 8-character windows of every encoded form (the start of the key above all). */
function leaks(detail: string, key: string): string[] {
  const forms = [key, encodeURIComponent(key), b64(key), b64(`user:${key}`).slice(8)];
  const found: string[] = [];
  for (const form of forms)
    for (let i = 0; i + 8 <= form.length; i++)
      if (detail.includes(form.slice(i, i + 8))) found.push(form.slice(i, i + 8));
  return found;
}

const keyArb = fc.string({
  unit: fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_+/=.~!'.split(''),
  ),
  minLength: 16,
  maxLength: 90,
});

describe('redaction before truncation, and of encoded forms', () => {
  it('reproduction: a key at the detail limit is not cut into a visible prefix', () => {
    const key = 'sk-proj-REPRODUCTION0123456789abcdef';
    // Wherever the 1,000-character limit falls inside the key, no start of it is left.
    for (let start = 960; start < 1000; start++) {
      const message = `${'x'.repeat(start)} ${key}`;
      const error = classifyProviderError({ message }, { ...context, secrets: [key] }, 401);
      expect(error.detail!.length).toBeLessThanOrEqual(1000);
      expect(error.detail).not.toContain(key.slice(0, 8));
    }
  });

  it('reproduction: the base64 form of a key is removed', () => {
    const key = 'sk-ant-REPRODUCTION-base64-form-42';
    const text = `proxy said: Proxy-Authorization: Basic ${b64(`bob:${key}`)} was refused`;
    expect(leaks(redact(text, [key]), key)).toEqual([]);
    expect(leaks(redact(`token ${b64(key)}.`, [key]), key)).toEqual([]);
  });

  for (const seed of seeds) {
    it(`leaves no 8-character piece of any form of the key (seed ${seed})`, () => {
      fc.assert(
        fc.property(
          keyArb,
          fc.constantFrom(...Object.keys(encodings)),
          fc.integer({ min: 0, max: 1200 }),
          fc.constantFrom('json', 'html'),
          (key, encoding, padding, shape) => {
            const shown = encodings[encoding]!(key);
            const said = `${' ·'.repeat(padding)} rejected: ${shown} (see docs)`;
            const ctx = { ...context, secrets: [key] };
            const detail =
              shape === 'json'
                ? classifyHttpFailure(
                    401,
                    'application/json',
                    JSON.stringify({ error: { message: said } }),
                    ctx,
                  ).detail
                : classifyHttpFailure(502, 'text/html', `<html><title>${said}</title></html>`, ctx).detail;
            expect(leaks(detail ?? '', key)).toEqual([]);
          },
        ),
        { seed, numRuns: 300 },
      );
    });
  }
});

describe('through the real client and a server that echoes the key', () => {
  let server: MockServer;
  let t: TestClient;
  beforeAll(async () => {
    server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
    t = await testClient();
  });
  afterAll(async () => {
    await t.client.close();
    await server.close();
  });

  it('the error event carries no part of the key, in any form', async () => {
    for (let start = 980; start < 1000; start += 3) {
      const echo = `${'p'.repeat(start)} ${API_KEY} b64 ${b64(API_KEY)} url ${encodeURIComponent(API_KEY)}`;
      server.enqueue({ status: 400, errorMessage: echo });
      const events = await t.ask(mockProvider(server.url, 'openai'));
      expect(last(events).type).toBe('error');
      expect(leaks(JSON.stringify(events), API_KEY)).toEqual([]);
    }
  });
});
