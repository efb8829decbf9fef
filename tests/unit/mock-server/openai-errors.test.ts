/** Errors must surface as the openai SDK's typed errors, and its retry policy must work as against OpenAI. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';
import { failure } from './sdk-failure.ts';

let server: MockServer;
const messages = [{ role: 'user' as const, content: 'hello' }];

beforeAll(async () => {
  server = await startMockServer({ apiKeys: ['sk-good-0123456789abcd'], defaults: { chunkDelayMs: 0 } });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function clientWith(apiKey = 'sk-good-0123456789abcd', maxRetries = 0): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${server.url}/v1`, maxRetries });
}

describe('OpenAI errors through the SDK', () => {
  it('refuses a wrong key with 401 invalid_api_key, masking the key, with a request id', async () => {
    const error = await failure(
      clientWith('sk-wrong-abcdefghijklmnop').chat.completions.create({ model: 'gpt-4o', messages }),
    );
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toContain('Incorrect API key provided: sk-wr');
    expect(error.message).toContain('mnop');
    expect(error.message).not.toContain('sk-wrong-abcdefghijklmnop');
    expect(error.requestID).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('refuses a missing key with the "You didn\'t provide an API key" message', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { message: string; code: null } };
    expect(body.error.message).toMatch(/^You didn't provide an API key/);
    expect(body.error.code).toBeNull();
  });

  it('without apiKeys accepts any key except sk-bad…', async () => {
    const open = await startMockServer();
    try {
      const ok = new OpenAI({ apiKey: 'anything', baseURL: `${open.url}/v1`, maxRetries: 0 });
      await expect(ok.chat.completions.create({ model: 'gpt-4o', messages })).resolves.toBeTruthy();
      const bad = new OpenAI({ apiKey: 'sk-bad-key-123456', baseURL: `${open.url}/v1`, maxRetries: 0 });
      expect((await failure(bad.chat.completions.create({ model: 'gpt-4o', messages }))).status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('answers a missing- model with 404 model_not_found', async () => {
    const error = await failure(clientWith().chat.completions.create({ model: 'missing-gpt', messages }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('The model `missing-gpt` does not exist');
  });

  it('answers CONTEXT_TOO_LONG with 400 context_length_exceeded on param messages', async () => {
    const error = await failure(
      clientWith().chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'CONTEXT_TOO_LONG' }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe('context_length_exceeded');
    expect(error.param).toBe('messages');
    expect(error.message).toMatch(/maximum context length is 128000 tokens/);
  });

  it('scripts a 429 with rate-limit headers, and the SDK exposes them', async () => {
    server.enqueue({ status: 429, headers: { 'x-ratelimit-reset-requests': '20s' } });
    const error = await failure(
      clientWith().chat.completions.create({ model: 'gpt-4o', messages, stream: true }),
    );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('requests');
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(error.headers?.get('x-ratelimit-limit-tokens')).toBe('30000000');
    expect(error.headers?.get('x-ratelimit-reset-requests')).toBe('20s');
  });

  it('lets a script word the error: insufficient_quota, custom message and type', async () => {
    server.enqueue(
      { status: 429, errorCode: 'insufficient_quota' },
      { status: 400, errorMessage: 'Nope.', errorType: 'x' },
    );
    const quota = await failure(clientWith().chat.completions.create({ model: 'gpt-4o', messages }));
    expect(quota.code).toBe('insufficient_quota');
    expect(quota.message).toContain('You exceeded your current quota');
    const custom = await failure(clientWith().chat.completions.create({ model: 'gpt-4o', messages }));
    expect(custom.message).toBe('400 Nope.');
    expect(custom.type).toBe('x');
  });

  it('is retried by the SDK after Retry-After, then succeeds', async () => {
    server.enqueue(
      { status: 429, headers: { 'retry-after': '0.05' } },
      { status: 503, headers: { 'retry-after-ms': '10' } },
      { text: 'third time lucky' },
    );
    const started = Date.now();
    const completion = await clientWith('sk-good-0123456789abcd', 2).chat.completions.create({
      model: 'gpt-4o',
      messages,
    });
    expect(completion.choices[0]?.message.content).toBe('third time lucky');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(server.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
  });

  it('is not retried when x-should-retry says false', async () => {
    server.enqueue({ status: 500, headers: { 'x-should-retry': 'false' } }, { text: 'never reached' });
    const error = await failure(
      clientWith('sk-good-0123456789abcd', 2).chat.completions.create({ model: 'gpt-4o', messages }),
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.type).toBe('server_error');
    expect(server.requests).toHaveLength(1);
  });

  it('surfaces an in-stream error object as an APIError mid-stream, after the first deltas', async () => {
    server.enqueue({
      text: 'abcdefghij',
      chunkSize: 2,
      errorAfterChunks: 2,
      errorMessage: 'Upstream broke.',
    });
    const stream = await clientWith().chat.completions.create({ model: 'gpt-4o', messages, stream: true });
    let text = '';
    const error = await failure(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    );
    expect(text).toBe('abcd');
    expect(error.message).toContain('Upstream broke.');
  });

  it('lists models in the OpenAI list shape', async () => {
    const page = await clientWith().models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'o3-mini', 'mock-model']));
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'system' });
    expect((await clientWith().models.retrieve('mock-model')).id).toBe('mock-model');
  });
});
