import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLlmClient, type LlmClient } from '../../../src/main/core/llm/client.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { MemorySecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { RoutingMode } from '../../../src/shared/routing.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import {
  InstantClock,
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

const KEY = 'sk-resilience-key-abcdef123456';
const servers: RawServer[] = [];
let client: LlmClient | undefined;
let clock: InstantClock;
let secrets: MemorySecretStore;
const metrics: RequestMetrics[] = [];

type Reply = (res: ServerResponse, body: string) => void;

/** A server that answers request N with replies[N] (the last one repeats). */
async function serve(...replies: Reply[]): Promise<RawServer> {
  const server = await startRawServer((_req, res, body, index) =>
    replies[Math.min(index, replies.length - 1)]!(res, body),
  );
  servers.push(server);
  return server;
}

const ok: Reply = (res) => {
  sseHeaders(res);
  res.end(openAiStream(['fine']));
};
const status =
  (
    code: number,
    headers: Record<string, string> = {},
    error: object = { message: `status ${code}`, type: 'server_error' },
  ): Reply =>
  (res) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error }));
  };

async function newClient(): Promise<LlmClient> {
  clock = new InstantClock();
  secrets = new MemorySecretStore();
  await secrets.set('test-openai', KEY);
  await secrets.set('second', 'sk-second-key-0000000000');
  metrics.length = 0;
  client = createLlmClient({ secrets, clock, metrics: (record) => metrics.push(record) });
  return client;
}

function ask(
  chain: { provider: ProviderConfig; model: string }[],
  extra: { routing?: RoutingMode; signal?: AbortSignal } = {},
) {
  return collect(
    client!.stream(
      {
        chain,
        messages: [{ role: 'user', content: 'Hello' }],
        routing: extra.routing,
        requestId: 'req-1',
        conversationId: 'conv-1',
      },
      extra.signal,
    ),
  );
}

afterEach(async () => {
  await client?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('retries', () => {
  it('retries 5xx with exponential backoff, reporting each retry, then answers', async () => {
    const server = await serve(status(503), status(500), ok);
    await newClient();
    const events = await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]);
    expect(
      ofType(events, 'retrying').map(({ attempt, maxAttempts, delayMs, error }) => ({
        attempt,
        maxAttempts,
        delayMs,
        code: error.code,
      })),
    ).toEqual([
      { attempt: 2, maxAttempts: 3, delayMs: 500, code: 'server_error' },
      { attempt: 3, maxAttempts: 3, delayMs: 1000, code: 'server_error' },
    ]);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(textOf(events)).toBe('fine');
    expect(server.requests).toHaveLength(3);
    expect(metrics[0]).toMatchObject({
      retries: 2,
      outcome: 'complete',
      requestId: 'req-1',
      conversationId: 'conv-1',
    });
  });

  it('gives up after maxRetries with the last error in plain words', async () => {
    const server = await serve(status(502));
    await newClient();
    const events = await ask([
      { provider: openAiProvider(`${server.url}/v1`, { maxRetries: 1 }), model: 'gpt-4o' },
    ]);
    expect(server.requests).toHaveLength(2);
    expect(last(events)).toMatchObject({
      type: 'error',
      interrupted: false,
      error: { code: 'server_error', status: 502 },
    });
  });

  it.each([408, 409, 429])('retries status %i', async (code) => {
    const server = await serve(status(code), ok);
    await newClient();
    expect(last(await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }])).type).toBe(
      'finish',
    );
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After (seconds and HTTP date) and retry-after-ms', async () => {
    const date = new Date(1_700_000_000_000 + 4000).toUTCString();
    const server = await serve(
      status(429, { 'retry-after': '3' }),
      status(429, { 'retry-after-ms': '1234' }),
      ok,
    );
    await newClient();
    await ask([{ provider: openAiProvider(`${server.url}/v1`, { maxRetries: 3 }), model: 'gpt-4o' }]);
    expect(clock.sleeps).toEqual([3000, 1234]);
    const dated = await serve(status(503, { 'retry-after': date }), ok);
    await newClient();
    await ask([{ provider: openAiProvider(`${dated.url}/v1`), model: 'gpt-4o' }]);
    expect(clock.sleeps).toEqual([4000]);
  });

  it('does not sit through a Retry-After beyond the cap, and says when to try again', async () => {
    const server = await serve(
      status(429, { 'retry-after': '900' }, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }),
    );
    await newClient();
    const end = last(await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]));
    expect(server.requests).toHaveLength(1);
    expect(end).toMatchObject({ type: 'error', error: { code: 'rate_limited' } });
    expect((end as { error: { message: string } }).error.message).toContain('15 min');
  });

  it('follows x-should-retry', async () => {
    const server = await serve(status(500, { 'x-should-retry': 'false' }));
    await newClient();
    await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]);
    expect(server.requests).toHaveLength(1);
    const teapot = await serve(status(418, { 'x-should-retry': 'true' }), ok);
    await newClient(); // A key is bound to the origin it was first used for: a fresh one for this server.
    await ask([{ provider: openAiProvider(`${teapot.url}/v1`), model: 'gpt-4o' }]);
    expect(teapot.requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])('never retries status %i', async (code) => {
    const server = await serve(status(code, {}, { message: `refused ${code}` }));
    await newClient();
    const end = last(await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]));
    expect(server.requests).toHaveLength(1);
    expect(end).toMatchObject({ type: 'error', interrupted: false, error: { status: code } });
  });

  it('never retries an empty account (429 insufficient_quota)', async () => {
    const server = await serve(
      status(429, {}, { message: 'You exceeded your current quota', code: 'insufficient_quota' }),
    );
    await newClient();
    const end = last(await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]));
    expect(server.requests).toHaveLength(1);
    expect(end).toMatchObject({ error: { code: 'no_credit' } });
  });

  it('retries a dropped connection before any text, never after', async () => {
    const server = await serve(
      (res) => res.socket?.destroy(),
      ok,
      (res) => {
        sseHeaders(res);
        res.write(openAiChunk({ content: 'half an ans' }), () => setTimeout(() => res.socket?.destroy(), 20));
      },
    );
    await newClient();
    const provider = openAiProvider(`${server.url}/v1`);
    const first = await ask([{ provider, model: 'gpt-4o' }]);
    expect(ofType(first, 'retrying')[0]?.error.code).toBe('network_unreachable');
    expect(last(first).type).toBe('finish');
    const second = await ask([{ provider, model: 'gpt-4o' }]);
    expect(server.requests).toHaveLength(3);
    expect(textOf(second)).toBe('half an ans');
    expect(ofType(second, 'retrying')).toHaveLength(0);
    expect(last(second)).toMatchObject({ type: 'error', interrupted: true, error: { code: 'interrupted' } });
    expect(metrics.at(-1)).toMatchObject({ outcome: 'interrupted', errorCode: 'interrupted' });
  });

  it('retries a timeout before the first byte', async () => {
    const server = await serve(() => undefined, ok);
    await newClient();
    const events = await ask([
      { provider: openAiProvider(`${server.url}/v1`, { timeouts: { headersMs: 100 } }), model: 'gpt-4o' },
    ]);
    expect(ofType(events, 'retrying')[0]?.error.code).toBe('timeout');
    expect(last(events).type).toBe('finish');
  });

  it('stops waiting between retries as soon as the request is aborted', async () => {
    const server = await serve(status(503));
    await newClient();
    const controller = new AbortController();
    clock.sleep = () =>
      new Promise((_resolve, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason)),
      );
    const events = ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }], {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    expect(last(await events)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
  });
});

describe('failover', () => {
  it('moves down the chain on 5xx after retries, and reports who answered', async () => {
    const broken = await serve(status(500));
    const healthy = await serve(ok);
    await newClient();
    const first = openAiProvider(`${broken.url}/v1`, { maxRetries: 1 });
    const second = openAiProvider(`${healthy.url}/v1`, { id: 'second', name: 'Second' });
    const events = await ask([
      { provider: first, model: 'gpt-4o' },
      { provider: second, model: 'gpt-4o-mini' },
    ]);
    expect(broken.requests).toHaveLength(2);
    expect(ofType(events, 'failover')).toEqual([
      {
        type: 'failover',
        from: { providerId: 'test-openai', model: 'gpt-4o' },
        to: { providerId: 'second', model: 'gpt-4o-mini' },
        error: expect.objectContaining({ code: 'server_error' }),
      },
    ]);
    expect(last(events)).toMatchObject({
      type: 'finish',
      answeredBy: { providerId: 'second', model: 'gpt-4o-mini' },
    });
    expect(healthy.requests[0]!.headers.authorization).toBe('Bearer sk-second-key-0000000000');
    expect(metrics[0]).toMatchObject({
      providerId: 'second',
      model: 'gpt-4o-mini',
      failoverHops: 1,
      retries: 1,
    });
  });

  it.each([429, 503])('fails over on %i', async (code) => {
    const broken = await serve(status(code));
    const healthy = await serve(ok);
    await newClient();
    const events = await ask([
      { provider: openAiProvider(`${broken.url}/v1`, { maxRetries: 0 }), model: 'a' },
      { provider: openAiProvider(`${healthy.url}/v1`, { id: 'second' }), model: 'b' },
    ]);
    expect(last(events)).toMatchObject({ type: 'finish', answeredBy: { providerId: 'second' } });
  });

  it.each([400, 401])('never fails over on %i', async (code) => {
    const broken = await serve(status(code));
    const healthy = await serve(ok);
    await newClient();
    const events = await ask([
      { provider: openAiProvider(`${broken.url}/v1`), model: 'a' },
      { provider: openAiProvider(`${healthy.url}/v1`, { id: 'second' }), model: 'b' },
    ]);
    expect(healthy.requests).toHaveLength(0);
    expect(ofType(events, 'failover')).toHaveLength(0);
    expect(last(events).type).toBe('error');
  });

  it('fails over on a timeout', async () => {
    const silent = await serve(() => undefined);
    const healthy = await serve(ok);
    await newClient();
    const events = await ask([
      {
        provider: openAiProvider(`${silent.url}/v1`, { maxRetries: 0, timeouts: { headersMs: 100 } }),
        model: 'a',
      },
      { provider: openAiProvider(`${healthy.url}/v1`, { id: 'second' }), model: 'b' },
    ]);
    expect(ofType(events, 'failover')[0]?.error.code).toBe('timeout');
    expect(last(events).type).toBe('finish');
  });

  it('routes to the cheapest model that fits when asked', async () => {
    const server = await serve(ok);
    await newClient();
    const provider = openAiProvider(`${server.url}/v1`);
    const events = await ask(
      [
        { provider, model: 'gpt-4o' },
        { provider, model: 'gpt-4o-mini' },
      ],
      { routing: 'cheapest' },
    );
    expect(JSON.parse(server.requests[0]!.body).model).toBe('gpt-4o-mini');
    expect(last(events)).toMatchObject({ answeredBy: { model: 'gpt-4o-mini' } });
    expect(metrics[0]?.costUsd).toBeGreaterThan(0);
  });
});

describe('auth', () => {
  it('says plainly when no key is saved, without calling the provider', async () => {
    const server = await serve(ok);
    await newClient();
    await secrets.delete('test-openai');
    const end = last(await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]));
    expect(end).toMatchObject({ type: 'error', error: { code: 'bad_key' } });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a key no HTTP header can carry (sk-中文密钥) at once, in plain words, without retrying', async () => {
    const server = await serve(ok);
    await newClient();
    await secrets.set('test-openai', 'sk-中文密钥');
    const end = last(await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]));
    expect(end).toMatchObject({
      type: 'error',
      error: { code: 'bad_key', message: expect.stringMatching(/plain ASCII/) },
    });
    expect(server.requests).toHaveLength(0);
  });

  it('sends the key in the header each provider kind expects', async () => {
    const server = await startRawServer((req, res) => {
      if (req.url?.startsWith('/v1/messages')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('event: message_stop\ndata: {"type":"message_stop"}\n\n');
      } else ok(res, '');
    });
    servers.push(server);
    await newClient();
    await ask([
      { provider: openAiProvider(server.url, { kind: 'azure', apiVersion: '2024-10-21' }), model: 'dep' },
    ]);
    await ask([
      { provider: openAiProvider(server.url, { kind: 'anthropic' }), model: 'claude-3-5-haiku-latest' },
    ]);
    const [azure, anthropic] = server.requests;
    expect(azure!.url).toBe('/openai/deployments/dep/chat/completions?api-version=2024-10-21');
    expect(azure!.headers['api-key']).toBe(KEY);
    expect(azure!.headers.authorization).toBeUndefined();
    expect(anthropic!.headers['x-api-key']).toBe(KEY);
    expect(anthropic!.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('gets an OAuth token once, reuses it until shortly before expiry, and refreshes once on a 401', async () => {
    let issued = 0;
    const valid = new Set<string>();
    const server = await startRawServer((req, res, body) => {
      if (req.url === '/oauth/token') {
        const form = new URLSearchParams(body);
        if (
          form.get('client_secret') !== 'oauth-secret-value' ||
          form.get('grant_type') !== 'client_credentials'
        ) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid_client', error_description: 'Bad client' }));
          return;
        }
        const token = `token-${++issued}`;
        valid.add(token);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: token,
            token_type: 'Bearer',
            expires_in: 3600,
            scope: form.get('scope'),
          }),
        );
        return;
      }
      const token = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!valid.has(token)) return status(401)(res, '');
      ok(res, '');
    });
    servers.push(server);
    await newClient();
    await secrets.set('test-openai:oauth', 'oauth-secret-value');
    const provider = openAiProvider(`${server.url}/v1`, {
      auth: {
        type: 'oauth2-client-credentials',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: 'parley',
        scope: 'chat',
      },
    });
    const chain = [{ provider, model: 'gpt-4o' }];
    expect(last(await ask(chain)).type).toBe('finish');
    expect(last(await ask(chain)).type).toBe('finish');
    expect(issued).toBe(1);
    const tokenRequest = new URLSearchParams(server.requests[0]!.body);
    expect(Object.fromEntries(tokenRequest)).toMatchObject({ client_id: 'parley', scope: 'chat' });
    // The server revokes the token: one 401, one refresh, one successful retry, no retry event.
    valid.clear();
    const events = await ask(chain);
    expect(last(events).type).toBe('finish');
    expect(ofType(events, 'retrying')).toHaveLength(0);
    expect(issued).toBe(2);
    // Close to expiry, a new token is fetched before the request.
    clock.time += 3600_000 - 30_000;
    await ask(chain);
    expect(issued).toBe(3);
    // A refused client secret is a plain-words key error, without the secret.
    await secrets.set('test-openai:oauth', 'wrong-secret-value');
    clock.time += 3600_000;
    const refused = last(await ask(chain));
    expect(refused).toMatchObject({
      type: 'error',
      error: { code: 'bad_key', detail: 'invalid_client: Bad client' },
    });
    expect(JSON.stringify(refused)).not.toContain('wrong-secret-value');
  });

  it('never puts the key in events or metrics', async () => {
    const server = await serve(
      status(401, {}, { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' }),
    );
    await newClient();
    const events = await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]);
    expect(last(events)).toMatchObject({ error: { code: 'bad_key' } });
    expect(JSON.stringify(events) + JSON.stringify(metrics)).not.toContain(KEY);
  });
});

describe('rate limits', () => {
  it('queues a request beyond the concurrency cap and says so', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await serve(async (res) => {
      sseHeaders(res);
      res.write(openAiChunk({ content: 'slow' }));
      await gate;
      res.end(openAiChunk({}, 'stop') + 'data: [DONE]\n\n');
    });
    await newClient();
    const provider = openAiProvider(`${server.url}/v1`, { rateLimit: { maxConcurrent: 1 } });
    const first = ask([{ provider, model: 'gpt-4o' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = ask([{ provider, model: 'gpt-4o' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(ofType(a, 'queued')).toHaveLength(0);
    expect(ofType(b, 'queued')).toEqual([{ type: 'queued', reason: 'concurrency' }]);
    expect([last(a).type, last(b).type]).toEqual(['finish', 'finish']);
  });

  it('waits for the request budget the server reported as spent', async () => {
    const server = await serve(
      status(429, {
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '2s',
        'retry-after': '0',
      }),
      ok,
    );
    await newClient();
    const events = await ask([{ provider: openAiProvider(`${server.url}/v1`), model: 'gpt-4o' }]);
    expect(ofType(events, 'queued')).toEqual([{ type: 'queued', reason: 'requests', waitMs: 2000 }]);
    expect(last(events).type).toBe('finish');
  });

  it('estimates tokens for a tokens-per-minute budget and queues when it is spent', async () => {
    const server = await serve(ok);
    await newClient();
    const provider = openAiProvider(`${server.url}/v1`, { rateLimit: { tokensPerMinute: 60 } });
    const request = (content: string) =>
      collect(
        client!.stream({
          chain: [{ provider, model: 'gpt-4o' }],
          messages: [{ role: 'user', content }],
          parameters: { maxOutputTokens: 10 },
        }),
      );
    expect(ofType(await request('short'), 'queued')).toHaveLength(0);
    const queued = ofType(await request('word '.repeat(100)), 'queued');
    expect(queued[0]).toMatchObject({ reason: 'tokens' });
    expect(queued[0]!.waitMs).toBeGreaterThan(0);
  });
});

describe('models and connection tests', () => {
  it('lists models and reports a failed connection test in plain words', async () => {
    const server = await startRawServer((req, res) => {
      if (req.headers.authorization === `Bearer ${KEY}`) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 'gpt-4o' }, { id: 'o3-mini' }] }));
      } else status(401, {}, { message: 'Incorrect API key provided', code: 'invalid_api_key' })(res, '');
    });
    servers.push(server);
    await newClient();
    const provider = openAiProvider(`${server.url}/v1`);
    expect(await client!.listModels(provider)).toEqual(['gpt-4o', 'o3-mini']);
    expect(await client!.testConnection(provider)).toEqual({ ok: true, models: ['gpt-4o', 'o3-mini'] });
    await secrets.set('test-openai', 'sk-wrong-key-000000000000');
    const failed = await client!.testConnection(provider);
    expect(failed).toMatchObject({ ok: false, error: { code: 'bad_key', status: 401 } });
    await expect(client!.listModels(provider)).rejects.toMatchObject({
      name: 'ParleyError',
      code: 'bad_key',
    });
    await newClient(); // A fresh key: the one above is bound to the first server's origin.
    const unreachable = await client!.testConnection(openAiProvider('http://127.0.0.1:1/v1'));
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'network_unreachable' } });
  });
});
