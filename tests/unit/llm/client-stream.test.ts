import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync, deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmClient, type LlmClient } from '../../../src/main/core/llm/client.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { LlmEvent } from '../../../src/shared/llm-events.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import {
  collect,
  last,
  ofType,
  openAiChunk,
  openAiProvider,
  openAiStream,
  sseHeaders,
  startRawServer,
  textOf,
  type RawServer,
} from './support.ts';

const KEY = 'sk-unit-test-key-0123456789';
let server: RawServer | undefined;
let client: LlmClient | undefined;
const metrics: RequestMetrics[] = [];

async function setup(handler: Parameters<typeof startRawServer>[0], overrides: Partial<ProviderConfig> = {}) {
  server = await startRawServer(handler);
  const secrets = new MemorySecretStore();
  await secrets.set('test-openai', KEY);
  metrics.length = 0;
  client = createLlmClient({ secrets, metrics: (record) => metrics.push(record) });
  const provider = openAiProvider(`${server.url}/v1`, { maxRetries: 0, ...overrides });
  return {
    server,
    client,
    provider,
    ask: (signal?: AbortSignal) =>
      client!.stream(
        { chain: [{ provider, model: 'gpt-4o' }], messages: [{ role: 'user', content: 'Hi' }] },
        signal,
      ),
  };
}

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('a streamed answer', () => {
  it('yields text in order, then usage, then finish naming the model that answered', async () => {
    const { ask, server } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(openAiStream(['Hel', 'lo ', 'wörld 🙂']));
    });
    const events = await collect(ask());
    expect(events).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo ' },
      { type: 'text', text: 'wörld 🙂' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 3, estimated: false } },
      {
        type: 'finish',
        reason: 'stop',
        answeredBy: { providerId: 'test-openai', model: 'gpt-4o' },
        route: { providerId: 'test-openai', model: 'gpt-4o', keyHint: '6789', why: ['first'], skipped: [] },
      },
    ]);
    const request = server.requests[0]!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(request.body)).toMatchObject({
      model: 'gpt-4o',
      stream: true,
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });

  it('passes text on as it arrives, before the answer is complete', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { ask } = await setup(async (_req, res) => {
      sseHeaders(res);
      res.write(openAiChunk({ content: 'first' }));
      await gate;
      res.end(openAiChunk({}, 'stop') + 'data: [DONE]\n\n');
    });
    const iterator = ask()[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'text', text: 'first' });
    release();
    const rest: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      rest.push(next.value.type);
    expect(rest).toEqual(['usage', 'finish']);
  });

  it('gives the same events a batch per network read, each delta still its own event', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { client, provider } = await setup(async (_req, res) => {
      sseHeaders(res);
      res.write(openAiChunk({ content: 'one ' }) + openAiChunk({ content: 'read' }));
      await gate;
      res.end(openAiChunk({ content: '!' }) + openAiChunk({}, 'stop') + 'data: [DONE]\n\n');
    });
    const request = {
      chain: [{ provider, model: 'gpt-4o' }],
      messages: [{ role: 'user' as const, content: 'Hi' }],
    };
    const batches: LlmEvent[][] = [];
    for await (const batch of client.streamBatches(request)) {
      batches.push(batch);
      if (batches.length === 1) release();
    }
    expect(batches[0]).toEqual([
      { type: 'text', text: 'one ' },
      { type: 'text', text: 'read' },
    ]);
    expect(batches.flat().map((event) => event.type)).toEqual(['text', 'text', 'text', 'usage', 'finish']);
    expect(batches.flat()).toEqual(await collect(client.stream(request)));
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
  ])('reads a %s-compressed stream', async (encoding, compress) => {
    const { ask } = await setup((_req, res) => {
      sseHeaders(res, { 'content-encoding': encoding });
      res.end(compress(Buffer.from(openAiStream(['zip', 'ped']))));
    });
    const events = await collect(ask());
    expect(textOf(events)).toBe('zipped');
    expect(last(events).type).toBe('finish');
  });

  it('estimates usage, and says so, when the stream carries none', async () => {
    const { ask } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(openAiStream(['one two three'], { usage: false }));
    });
    const usage = ofType(await collect(ask()), 'usage')[0]!.usage;
    expect(usage.estimated).toBe(true);
    expect(usage.outputTokens).toBeGreaterThanOrEqual(3);
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(metrics[0]).toMatchObject({
      usageEstimated: true,
      outcome: 'complete',
      outputTokens: usage.outputTokens,
    });
  });

  it('finishes without [DONE] once a finish reason arrived', async () => {
    const { ask } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(openAiStream(['ok'], { done: false }));
    });
    expect(last(await collect(ask()))).toMatchObject({ type: 'finish', reason: 'stop' });
  });

  it('treats a stream that ends with neither [DONE] nor a finish reason as interrupted', async () => {
    const { ask } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(openAiChunk({ content: 'part' }));
    });
    const events = await collect(ask());
    expect(textOf(events)).toBe('part');
    expect(last(events)).toMatchObject({ type: 'error', interrupted: true, error: { code: 'interrupted' } });
  });

  it('reads a plain JSON answer sent to a streaming request, with or without a content type', async () => {
    const reply = JSON.stringify({
      choices: [{ message: { content: 'Not streamed' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 2 },
    });
    const { ask } = await setup((_req, res, _body, index) => {
      if (index === 0) res.writeHead(200, { 'content-type': 'application/json' });
      else res.writeHead(200, {});
      res.end(reply);
    });
    for (let i = 0; i < 2; i++) {
      const events = await collect(ask());
      expect(textOf(events)).toBe('Not streamed');
      expect(last(events)).toMatchObject({ type: 'finish', reason: 'stop' });
    }
  });

  it('summarises an HTML page sent with status 200 instead of showing it', async () => {
    const { ask } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Captive portal: please log in</title></head><body><form></form></body></html>',
      );
    });
    const end = last(await collect(ask()));
    expect(end).toMatchObject({
      type: 'error',
      interrupted: false,
      error: { code: 'server_error', detail: 'Captive portal: please log in' },
    });
    expect(JSON.stringify(end)).not.toContain('<');
  });

  it('reports an error sent mid-stream as interrupted, keeping what streamed', async () => {
    const { ask } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(
        openAiChunk({ content: 'partial' }) +
          `data: ${JSON.stringify({ error: { message: 'Upstream died', type: 'server_error' } })}\n\n`,
      );
    });
    const events = await collect(ask());
    expect(textOf(events)).toBe('partial');
    expect(ofType(events, 'usage')[0]!.usage.estimated).toBe(true);
    expect(last(events)).toMatchObject({
      type: 'error',
      interrupted: true,
      error: { code: 'server_error', detail: 'Upstream died' },
    });
  });

  it('fails in plain words on a content filter with nothing shown', async () => {
    const { ask } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, finish_reason: 'content_filter', content_filter_results: { sexual: { filtered: true, severity: 'high' } } }] })}\n\ndata: [DONE]\n\n`,
      );
    });
    const end = last(await collect(ask()));
    expect(end).toMatchObject({
      type: 'error',
      interrupted: false,
      error: { code: 'content_filtered', detail: 'Filtered: sexual (high)' },
    });
  });
});

describe('timeouts', () => {
  it('times out waiting for headers, in plain words', async () => {
    const { ask } = await setup(() => undefined, { timeouts: { headersMs: 150 } });
    const started = Date.now();
    const end = last(await collect(ask()));
    expect(end).toMatchObject({ type: 'error', interrupted: false, error: { code: 'timeout' } });
    expect((end as { error: { message: string } }).error.message).toContain(
      'did not start answering within 150 ms',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out when the stream goes silent, keeping the partial answer', async () => {
    const { ask } = await setup(
      (_req, res) => {
        sseHeaders(res);
        res.write(openAiChunk({ content: 'before the silence' }));
      },
      { timeouts: { idleMs: 200 } },
    );
    const events = await collect(ask());
    expect(textOf(events)).toBe('before the silence');
    const end = last(events);
    expect(end).toMatchObject({ type: 'error', interrupted: true, error: { code: 'interrupted' } });
    expect((end as { error: { message: string } }).error.message).toContain('went silent for 200 ms');
  });

  it('times out connecting (a TLS handshake that never completes)', async () => {
    const silent: NetServer = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const secrets = new MemorySecretStore();
      await secrets.set('test-openai', KEY);
      client = createLlmClient({ secrets });
      const provider = openAiProvider(`https://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`, {
        maxRetries: 0,
        timeouts: { connectMs: 200 },
      });
      const end = last(
        await collect(
          client.stream({
            chain: [{ provider, model: 'gpt-4o' }],
            messages: [{ role: 'user', content: 'Hi' }],
          }),
        ),
      );
      expect(end).toMatchObject({ type: 'error', error: { code: 'timeout' } });
      expect((end as { error: { message: string } }).error.message).toContain('timed out after 200 ms');
    } finally {
      silent.close();
    }
  });
});

describe('cancelling', () => {
  it('settles within 50 ms of an abort and frees the connection', async () => {
    const { ask, server } = await setup((_req, res) => {
      sseHeaders(res);
      res.write(openAiChunk({ content: 'streaming' }));
    });
    const controller = new AbortController();
    const events: string[] = [];
    let abortedAt = 0;
    let endedAt = 0;
    for await (const event of ask(controller.signal)) {
      events.push(event.type);
      if (event.type === 'text') {
        abortedAt = performance.now();
        controller.abort();
      }
      if (event.type === 'error') {
        endedAt = performance.now();
        expect(event).toMatchObject({ error: { code: 'cancelled' }, interrupted: true });
      }
    }
    expect(events).toEqual(['text', 'error']);
    expect(endedAt - abortedAt).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.closedSockets).toBe(1);
    expect(metrics[0]?.outcome).toBe('cancelled');
  });

  it('settles at once when aborted before headers arrive', async () => {
    const { ask } = await setup(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const end = last(await collect(ask(controller.signal)));
    expect(end).toMatchObject({ type: 'error', interrupted: false, error: { code: 'cancelled' } });
    expect(performance.now() - started).toBeLessThan(30 + 50);
  });

  it('frees the connection when the consumer stops listening', async () => {
    const { ask, server } = await setup((_req, res) => {
      sseHeaders(res);
      res.write(openAiChunk({ content: 'more to come' }));
    });
    for await (const event of ask()) if (event.type === 'text') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.closedSockets).toBe(1);
    expect(metrics[0]).toMatchObject({ outcome: 'cancelled' });
  });
});

describe('the connection pool', () => {
  it('reuses one keep-alive connection for consecutive answers, and serves concurrent ones', async () => {
    const { ask, server } = await setup((_req, res) => {
      sseHeaders(res);
      res.end(openAiStream(['x']));
    });
    await collect(ask());
    // undici hands a connection back to the pool on its next turn; a request in the same tick opens another.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await collect(ask());
    expect(server.requests[0]!.socket).toBe(server.requests[1]!.socket);
    expect(server.closedSockets).toBe(0);
    const many = await Promise.all(Array.from({ length: 8 }, () => collect(ask())));
    expect(many.map((events) => last(events).type)).toEqual(Array(8).fill('finish'));
    expect(new Set(server.requests.slice(2).map((request) => request.socket)).size).toBeGreaterThan(1);
  });
});
