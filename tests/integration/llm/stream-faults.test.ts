import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { startMockServer, type MockScript, type MockServer } from '../../mock-server/server.ts';
import {
  API_KEY,
  InstantClock,
  last,
  mockProvider,
  ofType,
  reasoningOf,
  testClient,
  textOf,
  type TestClient,
} from './support.ts';

/** Every stream shape and fault the mock server can play, for each wire format, through the whole client. */

let server: MockServer;
let t: TestClient;
const expected: Record<string, string> = {};

const kinds: ProviderConfig['kind'][] = ['openai', 'azure', 'anthropic'];

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  t = await testClient();
  for (const kind of kinds) expected[kind] = textOf(await t.ask(mockProvider(server.url, kind)));
});
afterAll(async () => {
  await t.client.close();
  await server.close();
});
beforeEach(() => server.reset());

describe.each(kinds)('%s streams', (kind) => {
  const provider = (overrides: Partial<ProviderConfig> = {}) => mockProvider(server.url, kind, overrides);

  it('streams the whole answer with usage from the provider', async () => {
    expect(expected[kind]!.length).toBeGreaterThan(100);
    const events = await t.ask(provider());
    expect(events.filter((event) => event.type === 'text').length).toBeGreaterThan(20);
    expect(ofType(events, 'usage')[0]!.usage.estimated).toBe(false);
    expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
    const auth = server.requests[0]!.headers;
    expect(
      kind === 'azure' ? auth['api-key'] : kind === 'anthropic' ? auth['x-api-key'] : auth.authorization,
    ).toContain(API_KEY);
  });

  const sameAnswer: [string, MockScript][] = [
    ['split at random bytes', { splitBytes: 'random' }],
    ['split every byte', { splitBytes: 1 }],
    ['CRLF line endings', { lineEnding: 'crlf', splitBytes: 'random' }],
    ['CR line endings', { lineEnding: 'cr', splitBytes: 'random' }],
    ['no space after the colon', { noSpaceAfterColon: true }],
    ['keep-alive comments', { keepAliveComments: true }],
    ['gzip', { gzip: true }],
    ['gzip split at random bytes', { gzip: true, splitBytes: 'random' }],
    ['a plain JSON reply', { jsonForStream: true }],
    ['null content deltas', { nullContentDeltas: true }],
    ['no end marker', { omitDone: true }],
    ['keep-alive comments and CRLF split', { keepAliveComments: true, lineEnding: 'crlf', splitBytes: 3 }],
  ];
  it.each(sameAnswer)('gives the same answer with %s', async (_name, script) => {
    server.enqueue(script);
    const events = await t.ask(provider());
    expect(textOf(events)).toBe(expected[kind]);
    expect(last(events)).toMatchObject({ type: 'finish' });
  });

  it('keeps reasoning apart from the answer', async () => {
    server.enqueue({ text: 'Final answer.', reasoning: 'First I consider — 日本 🙂 — then decide.' });
    const events = await t.ask(provider());
    expect(textOf(events)).toBe('Final answer.');
    expect(reasoningOf(events)).toBe('First I consider — 日本 🙂 — then decide.');
  });

  it('reports the length finish reason', async () => {
    server.enqueue({ finishReason: 'length' });
    expect(last(await t.ask(provider()))).toMatchObject({ type: 'finish', reason: 'length' });
  });

  it('ends as interrupted, keeping the partial text, when the connection drops mid-answer', async () => {
    server.enqueue({ text: 'abcdefghijklmnop', chunkSize: 4, dropAfterChunks: 2 });
    const events = await t.ask(provider({ maxRetries: 2 }));
    expect(textOf(events)).toBe('abcdefgh');
    expect(ofType(events, 'retrying')).toHaveLength(0);
    expect(last(events)).toMatchObject({ type: 'error', interrupted: true, error: { code: 'interrupted' } });
    expect(server.requests).toHaveLength(1);
  });

  it('retries when the connection drops before any text', async () => {
    server.enqueue({ dropAfterChunks: 0 }, { text: 'Second time lucky.' });
    const events = await t.ask(provider({ maxRetries: 1 }));
    expect(ofType(events, 'retrying')).toHaveLength(1);
    expect(textOf(events)).toBe('Second time lucky.');
  });

  it('ends as interrupted on an error sent mid-stream, with the provider words', async () => {
    server.enqueue({
      text: 'abcdefgh',
      chunkSize: 4,
      errorAfterChunks: 1,
      errorMessage: 'Upstream model crashed',
    });
    const events = await t.ask(provider({ maxRetries: 2 }));
    expect(textOf(events)).toBe('abcd');
    expect(last(events)).toMatchObject({
      type: 'error',
      interrupted: true,
      error: { code: 'server_error', detail: 'Upstream model crashed' },
    });
  });

  it('retries an error sent before any text', async () => {
    server.enqueue({ errorAfterChunks: 0 }, { text: 'Recovered.' });
    const events = await t.ask(provider({ maxRetries: 1 }));
    expect(ofType(events, 'retrying')[0]!.error.code).toBe('server_error');
    expect(textOf(events)).toBe('Recovered.');
  });

  it('stops at a garbled chunk instead of showing it', async () => {
    server.enqueue({ text: 'abcdefgh', chunkSize: 4, malformedAfterChunks: 1 });
    const events = await t.ask(provider());
    expect(textOf(events)).toBe('abcd');
    expect(last(events)).toMatchObject({ type: 'error', interrupted: true, error: { code: 'server_error' } });
  });

  it('gives up on a stalled stream after the idle timeout, keeping the text', async () => {
    server.enqueue({ text: 'abcdefgh', chunkSize: 4, stallAfterChunks: 1 });
    const events = await t.ask(provider({ timeouts: { idleMs: 300 } }));
    expect(textOf(events)).toBe('abcd');
    expect(last(events)).toMatchObject({ type: 'error', interrupted: true, error: { code: 'interrupted' } });
  });

  it('retries a response whose headers come too late', async () => {
    server.enqueue({ delayBeforeHeadersMs: 3000 }, { text: 'In time.' });
    const events = await t.ask(provider({ maxRetries: 1, timeouts: { headersMs: 300 } }));
    expect(ofType(events, 'retrying')[0]!.error.code).toBe('timeout');
    expect(textOf(events)).toBe('In time.');
  });

  it('settles an abort within 50 ms in the middle of a slow stream', async () => {
    server.enqueue({ text: 'x'.repeat(200), chunkSize: 1, chunkDelayMs: 20 });
    const controller = new AbortController();
    let abortedAt = 0;
    const events: string[] = [];
    const started = t.client.stream(
      {
        chain: [{ provider: provider(), model: provider().models[0]! }],
        messages: [{ role: 'user', content: 'hi' }],
      },
      controller.signal,
    );
    for await (const event of started) {
      events.push(event.type);
      if (events.length === 3) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(events.at(-1)).toBe('error');
  });
});

describe.each(['openai', 'azure'] as const)('%s without usage', (kind) => {
  it('estimates usage, and says so, when the provider sends none', async () => {
    server.enqueue({ usage: false, text: 'Counted by us.' });
    const usage = ofType(await t.ask(mockProvider(server.url, kind)), 'usage')[0]!.usage;
    expect(usage).toMatchObject({ estimated: true });
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(usage.inputTokens).toBeGreaterThan(0);
  });
});

describe('HTTP errors from the mock providers', () => {
  const cases: [ProviderConfig['kind'], MockScript, string, boolean][] = [
    ['openai', { status: 401 }, 'bad_key', false],
    ['openai', { status: 429, errorCode: 'insufficient_quota' }, 'no_credit', false],
    ['openai', { status: 429 }, 'rate_limited', true],
    ['openai', { status: 404 }, 'model_not_found', false],
    [
      'openai',
      {
        status: 400,
        errorCode: 'context_length_exceeded',
        errorMessage: "This model's maximum context length is 128000 tokens.",
      },
      'context_too_long',
      false,
    ],
    ['openai', { status: 503 }, 'server_error', true],
    ['openai', { status: 502, html: true }, 'server_error', true],
    [
      'azure',
      {
        status: 400,
        errorCode: 'content_filter',
        errorMessage: 'The response was filtered due to the prompt triggering content management policy.',
      },
      'content_filtered',
      false,
    ],
    ['azure', { status: 404, errorCode: 'DeploymentNotFound' }, 'model_not_found', false],
    ['anthropic', { status: 401 }, 'bad_key', false],
    ['anthropic', { status: 402 }, 'no_credit', false],
    ['anthropic', { status: 529 }, 'server_error', true],
    ['anthropic', { status: 429 }, 'rate_limited', true],
    ['anthropic', { status: 413 }, 'context_too_long', false],
  ];
  it.each(cases)('%s %j → %s (retried: %s)', async (kind, script, code, retried) => {
    server.enqueue(script, script);
    // A fresh client each time: a 429 leaves the limiter holding requests until the server's reset
    // (Anthropic's comes at the next full minute), and this clock lets that wait pass at once.
    const fresh = await testClient({ clock: new InstantClock() });
    const events = await fresh.ask(mockProvider(server.url, kind, { maxRetries: 1 }));
    await fresh.client.close();
    expect(last(events)).toMatchObject({
      type: 'error',
      interrupted: false,
      error: { code, status: script.status },
    });
    expect(server.requests).toHaveLength(retried ? 2 : 1);
    const error = ofType(events, 'error')[0]!.error;
    expect(error.message).not.toMatch(/[<>{}]/);
    expect(JSON.stringify(events)).not.toContain(API_KEY);
  });

  it('waits as long as Retry-After says before retrying', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '1' } }, {});
    const started = Date.now();
    const events = await t.ask(mockProvider(server.url, 'openai', { maxRetries: 1 }));
    expect(ofType(events, 'retrying')[0]!.delayMs).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(last(events).type).toBe('finish');
  });

  it('does not retry when x-should-retry says no', async () => {
    server.enqueue({ status: 503, headers: { 'x-should-retry': 'false' } });
    await t.ask(mockProvider(server.url, 'openai', { maxRetries: 2 }));
    expect(server.requests).toHaveLength(1);
  });
});

describe('Azure specifics', () => {
  it('sends the api-version and reads content-filter annotations', async () => {
    const events = await t.ask(mockProvider(server.url, 'azure', { apiVersion: '2024-06-01' }));
    expect(server.requests[0]).toMatchObject({
      path: '/openai/deployments/my-deployment/chat/completions',
      query: { 'api-version': '2024-06-01' },
    });
    expect(textOf(events)).toBe(expected.azure);
  });

  it('reports a content-filtered finish after text as the finish reason', async () => {
    server.enqueue({ finishReason: 'content_filter' });
    expect(last(await t.ask(mockProvider(server.url, 'azure')))).toMatchObject({
      type: 'finish',
      reason: 'content_filter',
    });
  });
});

describe('models', () => {
  it('lists models for OpenAI, Azure and Anthropic', async () => {
    for (const kind of kinds) {
      const models = await t.client.listModels(mockProvider(server.url, kind));
      expect(models.length).toBeGreaterThan(0);
    }
    expect(await t.client.listModels(mockProvider(server.url, 'openai'))).toContain('gpt-4o');
  });
});
