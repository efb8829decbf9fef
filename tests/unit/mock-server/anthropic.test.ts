/** Anthropic Messages: the exact SSE event sequence, bodies, errors and headers. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer } from '../../mock-server/server.ts';
import { ANTHROPIC_HEADERS, parseSse, post } from './raw-client.ts';

let server: MockServer;
let messagesUrl: string;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
  messagesUrl = `${server.url}/v1/messages`;
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function body(extra: object = {}, content = 'hello'): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content }],
    ...extra,
  });
}

interface ErrorBody {
  type: string;
  error: { type: string; message: string };
  request_id?: string;
}

async function events(requestBody: string) {
  const response = await post(messagesUrl, requestBody, ANTHROPIC_HEADERS);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  return parseSse(await response.text()).map((e) => ({
    event: e.event,
    data: JSON.parse(e.data) as Record<string, unknown>,
  }));
}

describe('Anthropic streaming', () => {
  it('sends message_start, a thinking block, a text block, message_delta and message_stop, each data.type matching its event', async () => {
    server.enqueue({ reasoning: 'Hmm.', text: 'Hi there', chunkSize: 4 });
    const stream = await events(body({ stream: true }));
    for (const e of stream) expect(e.data.type).toBe(e.event);
    expect(stream.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(stream[0]?.data.message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: null,
      usage: { output_tokens: 1 },
    });
    expect(stream[1]?.data).toMatchObject({ index: 0, content_block: { type: 'thinking', thinking: '' } });
    expect(stream[3]?.data.delta).toEqual({ type: 'thinking_delta', thinking: 'Hmm.' });
    expect(stream[4]?.data.delta).toMatchObject({ type: 'signature_delta' });
    expect(stream[6]?.data).toMatchObject({ index: 1, content_block: { type: 'text', text: '' } });
    expect(stream.slice(7, 9).map((e) => e.data.delta)).toEqual([
      { type: 'text_delta', text: 'Hi t' },
      { type: 'text_delta', text: 'here' },
    ]);
    expect(stream[10]?.data).toMatchObject({ delta: { stop_reason: 'end_turn', stop_sequence: null } });
    expect((stream[10]?.data.usage as { output_tokens: number }).output_tokens).toBeGreaterThan(1);
  });

  it('reports max_tokens truncation as stop_reason max_tokens', async () => {
    const stream = await events(body({ stream: true, max_tokens: 3 }));
    expect(stream.find((e) => e.event === 'message_delta')?.data.delta).toMatchObject({
      stop_reason: 'max_tokens',
    });
  });

  it('thinks by default when the request enables thinking', async () => {
    const stream = await events(
      body({ stream: true, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } }),
    );
    expect(stream[1]?.data.content_block).toMatchObject({ type: 'thinking' });
  });

  it('errorAfterChunks sends event: error with overloaded_error and ends there', async () => {
    server.enqueue({ text: 'abcdef', chunkSize: 2, errorAfterChunks: 1 });
    const stream = await events(body({ stream: true }));
    expect(stream.at(-1)).toEqual({
      event: 'error',
      data: { type: 'error', error: { details: null, type: 'overloaded_error', message: 'Overloaded' } },
    });
    expect(stream.filter((e) => e.event === 'content_block_delta')).toHaveLength(1);
    expect(stream.map((e) => e.event)).not.toContain('message_stop');
  });

  it('omitDone ends without message_stop', async () => {
    server.enqueue({ text: 'ab', omitDone: true });
    const stream = await events(body({ stream: true }));
    expect(stream.at(-1)?.event).toBe('message_delta');
  });
});

describe('Anthropic non-streaming and headers', () => {
  it('answers with a message body, a request-id and anthropic-ratelimit-* headers', async () => {
    server.enqueue({ text: 'Plain answer.' });
    const response = await post(messagesUrl, body(), ANTHROPIC_HEADERS);
    expect(response.headers.get('request-id')).toMatch(/^req_011C[0-9A-Za-z]{20}$/);
    for (const family of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      expect(response.headers.get(`anthropic-ratelimit-${family}-limit`)).toMatch(/^\d+$/);
      expect(response.headers.get(`anthropic-ratelimit-${family}-remaining`)).toMatch(/^\d+$/);
      expect(response.headers.get(`anthropic-ratelimit-${family}-reset`)).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
    }
    expect(await response.json()).toMatchObject({
      id: expect.stringMatching(/^msg_01/),
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'Plain answer.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
  });

  it('lists models in the Anthropic shape when called with x-api-key', async () => {
    const response = await fetch(`${server.url}/v1/models`, { headers: ANTHROPIC_HEADERS });
    const list = (await response.json()) as {
      data: { type: string; id: string }[];
      has_more: boolean;
      first_id: string;
    };
    expect(list.has_more).toBe(false);
    expect(list.data[0]).toMatchObject({
      type: 'model',
      display_name: expect.any(String),
      created_at: expect.any(String),
    });
    expect(list.first_id).toBe(list.data[0]?.id);
    expect(server.requests[0]?.api).toBe('anthropic');
  });
});

describe('Anthropic errors', () => {
  async function error(requestBody: string, headers: Record<string, string> = ANTHROPIC_HEADERS) {
    const response = await post(messagesUrl, requestBody, headers);
    return {
      status: response.status,
      requestId: response.headers.get('request-id'),
      body: (await response.json()) as ErrorBody,
    };
  }

  it('refuses a missing key with 401 authentication_error', async () => {
    const { 'x-api-key': _, ...headers } = ANTHROPIC_HEADERS;
    const result = await error(body(), headers);
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: 'x-api-key header is required' },
    });
    expect(result.requestId).toBe(result.body.request_id);
  });

  it('refuses an sk-bad key with "invalid x-api-key", and a missing anthropic-version with 400', async () => {
    expect((await error(body(), { ...ANTHROPIC_HEADERS, 'x-api-key': 'sk-bad-1' })).body.error).toEqual({
      type: 'authentication_error',
      message: 'invalid x-api-key',
    });
    const { 'anthropic-version': _, ...headers } = ANTHROPIC_HEADERS;
    const missingVersion = await error(body(), headers);
    expect(missingVersion.status).toBe(400);
    expect(missingVersion.body.error.message).toBe('anthropic-version: header is required');
  });

  it('requires max_tokens, as the real API does', async () => {
    const result = await error(
      JSON.stringify({ model: 'claude-x', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(result.status).toBe(400);
    expect(result.body.error).toEqual({
      type: 'invalid_request_error',
      message: 'max_tokens: Field required',
    });
  });

  it('answers missing- models with 404 not_found_error and CONTEXT_TOO_LONG with "prompt is too long"', async () => {
    const notFound = await error(body({ model: 'missing-claude' }));
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toEqual({ type: 'not_found_error', message: 'model: missing-claude' });
    const tooLong = await error(body({}, 'CONTEXT_TOO_LONG'));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
  });

  it('maps scripted statuses to Anthropic error types (429 rate_limit_error with 0 remaining, 529 overloaded_error)', async () => {
    server.enqueue({ status: 429, headers: { 'retry-after': '3' } }, { status: 529 });
    const response = await post(messagesUrl, body(), ANTHROPIC_HEADERS);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(((await response.json()) as ErrorBody).error.type).toBe('rate_limit_error');
    const overloaded = await error(body());
    expect(overloaded.status).toBe(529);
    expect(overloaded.body.error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
  });
});
