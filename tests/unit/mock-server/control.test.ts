/** Out-of-process control over HTTP, OAuth client credentials, and the command-line entry. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startMockServer } from '../../mock-server/server.ts';
import type { MockServer, RecordedRequest } from '../../mock-server/server.ts';
import { OPENAI_HEADERS, chatBody, post } from './raw-client.ts';

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ apiKeys: ['sk-only-this-one-123'], defaults: { chunkDelayMs: 0 } });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const KEY = { ...OPENAI_HEADERS, authorization: 'Bearer sk-only-this-one-123' };
const control = (path: string, body?: unknown) =>
  fetch(`${server.url}/__mock/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const completion = async (headers: Record<string, string> = KEY) => {
  const response = await post(
    `${server.url}/v1/chat/completions`,
    chatBody('hi', { stream: false }),
    headers,
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      choices?: { message: { content: string } }[];
      error?: { code: string };
    },
  };
};

describe('HTTP control', () => {
  it('enqueues scripts, sets defaults, lists requests and resets', async () => {
    expect((await control('enqueue', [{ text: 'one' }, { text: 'two' }])).status).toBe(200);
    expect((await control('defaults', { text: 'fallback' })).status).toBe(200);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await completion()).body.choices?.[0]?.message.content);
    expect(answers).toEqual(['one', 'two', 'fallback']);
    const listed = (await (await fetch(`${server.url}/__mock/requests`)).json()) as RecordedRequest[];
    expect(listed.map((r) => r.path)).toEqual(Array(3).fill('/v1/chat/completions'));
    await control('reset');
    expect(server.requests).toEqual([]);
    expect((await completion()).body.choices?.[0]?.message.content).toContain('Mock answer');
  });

  it('enqueue over HTTP accepts a single script object too, e.g. an error status', async () => {
    await control('enqueue', { status: 500 });
    expect((await completion()).status).toBe(500);
  });

  it('does not record control requests, and answers CORS preflights for browser tests', async () => {
    const preflight = await fetch(`${server.url}/__mock/enqueue`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(server.requests).toEqual([]);
  });
});

describe('OAuth client credentials', () => {
  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form),
    });

  it('issues a bearer token that the model routes accept, and records the form', async () => {
    const response = await token({
      grant_type: 'client_credentials',
      client_id: 'parley',
      client_secret: 's3cret',
      scope: 'chat',
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    const issued = (await response.json()) as {
      access_token: string;
      token_type: string;
      expires_in: number;
    };
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'chat' });
    expect((await completion({ ...KEY, authorization: `Bearer ${issued.access_token}` })).status).toBe(200);
    expect(server.requests[0]).toMatchObject({
      api: 'oauth',
      body: { grant_type: 'client_credentials', client_id: 'parley' },
    });
  });

  it('accepts HTTP Basic client authentication and refuses bad secrets with invalid_client', async () => {
    const basic = (secret: string) => `Basic ${Buffer.from(`parley:${secret}`).toString('base64')}`;
    expect((await token({ grant_type: 'client_credentials' }, { authorization: basic('ok') })).status).toBe(
      200,
    );
    const refused = await token({ grant_type: 'client_credentials' }, { authorization: basic('bad-secret') });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
    const wrongGrant = await token({ grant_type: 'password', client_id: 'a', client_secret: 'b' });
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('makes the next token expire on request, and an expired token gets 401 token_expired', async () => {
    server.expireNextToken(0);
    const form = { grant_type: 'client_credentials', client_id: 'parley', client_secret: 'x' };
    const short = (await (await token(form)).json()) as { access_token: string; expires_in: number };
    expect(short.expires_in).toBe(0);
    const expired = await completion({ ...KEY, authorization: `Bearer ${short.access_token}` });
    expect(expired.status).toBe(401);
    expect(expired.body.error?.code).toBe('token_expired');
    const fresh = (await (await token(form)).json()) as { expires_in: number };
    expect(fresh.expires_in).toBe(3600);
  });

  it('can shorten the next token over HTTP control as well', async () => {
    await control('oauth', { expiresIn: 1 });
    const form = { grant_type: 'client_credentials', client_id: 'parley', client_secret: 'x' };
    expect(((await (await token(form)).json()) as { expires_in: number }).expires_in).toBe(1);
  });
});

describe('command line', () => {
  it('starts on the given port, prints the base URL, serves, and stops on SIGINT', async () => {
    const cli = fileURLToPath(new URL('../../mock-server/cli.ts', import.meta.url));
    const child = spawn(process.execPath, [cli, '--port', '0', '--chunk-delay-ms', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(child.stdout, 'data')) as [Buffer];
      const match = /^Mock server: (http:\/\/127\.0\.0\.1:\d+) \(OpenAI base URL \1\/v1\)$/m.exec(
        line.toString(),
      );
      expect(match).not.toBeNull();
      const models = await fetch(`${match![1]}/v1/models`, { headers: OPENAI_HEADERS });
      expect(models.status).toBe(200);
    } finally {
      child.kill('SIGINT');
    }
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
