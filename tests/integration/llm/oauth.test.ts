import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { InstantClock, last, mockProvider, ofType, testClient } from './support.ts';

let server: MockServer;

beforeAll(async () => {
  server = await startMockServer({ defaults: { chunkDelayMs: 0, text: 'Signed in.' } });
});
afterAll(() => server.close());

function oauthProvider(kind: ProviderConfig['kind']): ProviderConfig {
  return mockProvider(server.url, kind, {
    auth: {
      type: 'oauth2-client-credentials',
      tokenUrl: `${server.url}/oauth/token`,
      clientId: 'parley-app',
      scope: 'chat.read',
    },
  });
}

describe('OAuth2 client credentials against the mock token endpoint', () => {
  it('fetches a token once, sends it as a bearer token, and reuses it', async () => {
    server.reset();
    const t = await testClient();
    await t.secrets.set('mock-openai:oauth', 'client-secret-value');
    for (let i = 0; i < 3; i++) expect(last(await t.ask(oauthProvider('openai'))).type).toBe('finish');
    const tokenCalls = server.requests.filter((request) => request.api === 'oauth');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]!.body).toMatchObject({
      grant_type: 'client_credentials',
      client_id: 'parley-app',
      scope: 'chat.read',
    });
    const chats = server.requests.filter((request) => request.api === 'openai');
    expect(chats.map((request) => request.headers.authorization)).toEqual(
      Array(3).fill(expect.stringMatching(/^Bearer mock-oauth-/)),
    );
    await t.client.close();
  });

  it('refreshes once when the provider says the token expired (401)', async () => {
    server.reset();
    // Our clock stands still, so we still believe the token is fresh when the server has expired it.
    const t = await testClient({ clock: new InstantClock() });
    await t.secrets.set('mock-openai:oauth', 'client-secret-value');
    server.expireNextToken(1);
    expect(last(await t.ask(oauthProvider('openai'))).type).toBe('finish');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const events = await t.ask(oauthProvider('openai'));
    expect(last(events).type).toBe('finish');
    expect(ofType(events, 'retrying')).toHaveLength(0);
    expect(server.requests.filter((request) => request.api === 'oauth')).toHaveLength(2);
    const chats = server.requests.filter((request) => request.api === 'openai');
    expect(chats).toHaveLength(3);
    expect(chats[1]!.headers.authorization).toBe(chats[0]!.headers.authorization);
    expect(chats[2]!.headers.authorization).not.toBe(chats[1]!.headers.authorization);
    await t.client.close();
  });

  it('says the client secret was refused, without the secret', async () => {
    server.reset();
    const t = await testClient();
    await t.secrets.set('mock-anthropic:oauth', 'bad-secret-value');
    const events = await t.ask(oauthProvider('anthropic'));
    expect(last(events)).toMatchObject({
      type: 'error',
      error: { code: 'bad_key', status: 401, detail: 'invalid_client: Client authentication failed.' },
    });
    expect(JSON.stringify(events)).not.toContain('bad-secret-value');
    expect(server.requests.filter((request) => request.api === 'anthropic')).toHaveLength(0);
    await t.client.close();
  });
});
