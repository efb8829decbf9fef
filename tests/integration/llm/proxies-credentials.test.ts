import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderSecrets } from '../../../src/main/core/secrets/provider-secrets.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import { openSettings } from '../../../src/main/core/store/settings.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { ensureSecretService, toolsAvailable } from '../../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../../fixtures/secret-service.ts';
import { handlerCtx as ctx, settingsHarness } from '../../fixtures/settings-harness.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { findBinary, startTinyproxy, type ProxyProcess } from './proxies.ts';

/**
 * Proxy passwords and OAuth client secrets, end to end through the settings handlers: into the real
 * keychain (gnome-keyring), never into config.json or `settings.get`, and used main-side when
 * connecting through a real proxy (tinyproxy with Basic auth) or to a real token endpoint.
 */
const API_KEY = 'sk-credentials-test-key-0042';
const PROXY_PASSWORD = 'proxy-pass-123';
const CLIENT_SECRET = 'oauth-client-SECRET-value-9876';
const haveProxy = Boolean(findBinary('tinyproxy'));
const runs = process.platform === 'linux' && toolsAvailable() && (haveProxy || Boolean(process.env.CI));

describe.runIf(runs)('secrets other than API keys', () => {
  let session: SecretServiceSession;
  let server: MockServer;
  let guarded: ProxyProcess;
  let secrets: SecretStore;
  let dataDir: string;
  const id = `cred-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    session = await ensureSecretService();
    server = await startMockServer({ defaults: { chunkDelayMs: 0 } });
    guarded = await startTinyproxy({ username: 'alice', password: PROXY_PASSWORD });
    secrets = (await openSecretStore({ dataDir: tmpdir() })).store;
    expect(secrets.kind).toBe('keychain');
  }, 30_000);

  afterAll(async () => {
    await new ProviderSecrets(secrets).deleteAll(id);
    await guarded?.stop();
    await server?.close();
    await session?.stop();
  });

  const fresh = () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-cred-'));
    return settingsHarness({ dataDir, secrets });
  };
  const configText = () => readFileSync(join(dataDir, 'config.json'), 'utf8');

  const provider = (overrides: Partial<ProviderConfig>): ProviderConfig => ({
    id,
    name: 'Credentials test',
    kind: 'openai-compatible',
    baseUrl: `${server.url}/v1`,
    models: ['gpt-4o'],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
    ...overrides,
  });
  /** Saves the provider, then its API key (the mock server wants one). */
  const save = async (h: ReturnType<typeof fresh>['handlers'], config: ProviderConfig) => {
    const saved = await h['providers.save'](config, ctx);
    await h['keys.set']({ providerId: id, key: API_KEY, secret: 'api-key' }, ctx);
    return saved;
  };

  it('moves a password typed into the proxy URL to the keychain, never shows it, and uses it', async () => {
    const { handlers, client } = fresh();
    const url = new URL(guarded.url);
    const withPassword = `http://alice:${encodeURIComponent(PROXY_PASSWORD)}@${url.host}`;
    const saved = await save(handlers, provider({ proxy: { mode: 'custom', url: withPassword } }));
    expect(saved.proxy).toEqual({ mode: 'custom', url: guarded.url, username: 'alice' });
    expect(saved.saved['proxy-password']).toBe(true);
    const view = await handlers['settings.get']({}, ctx);
    expect(JSON.stringify([saved, view])).not.toContain(PROXY_PASSWORD);
    expect(configText()).not.toContain(PROXY_PASSWORD);
    expect(await secrets.get(`${id}:proxy`)).toBe(PROXY_PASSWORD);

    server.reset();
    expect(await handlers['keys.test']({ providerId: id }, ctx)).toMatchObject({ ok: true });
    expect(server.requests[0]!.headers.via).toContain('tinyproxy');

    // Another proxy host: the password is not offered to it.
    const moved = await handlers['providers.save'](
      provider({ proxy: { mode: 'custom', url: 'http://127.0.0.2:3128', username: 'alice' } }),
      ctx,
    );
    expect(moved.dropped).toEqual(['proxy-password']);
    expect(moved.saved['proxy-password']).toBe(false);
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a proxy password through keys.set, and scrubs one from an old config.json at start', async () => {
    const { handlers, client } = fresh();
    await save(handlers, provider({ proxy: { mode: 'custom', url: guarded.url, username: 'alice' } }));
    await handlers['keys.set']({ providerId: id, key: PROXY_PASSWORD, secret: 'proxy-password' }, ctx);
    server.reset();
    expect(await handlers['keys.test']({ providerId: id }, ctx)).toMatchObject({ ok: true });
    await client.close();

    // A file written before this change, with the password in the URL (mode 0644).
    const file = join(dataDir, 'config.json');
    const raw = JSON.parse(configText());
    raw.providers.find((p: ProviderConfig) => p.id === id).proxy = {
      mode: 'custom',
      url: `http://bob:old-secret-pw@${new URL(guarded.url).host}`,
    };
    writeFileSync(file, JSON.stringify(raw), { mode: 0o644 });
    const reopened = openSettings({ dataDir });
    expect(reopened.movedSecrets).toEqual([{ account: `${id}:proxy`, secret: 'old-secret-pw' }]);
    expect(reopened.settings.get('providers').find((p) => p.id === id)!.proxy).toEqual({
      mode: 'custom',
      url: guarded.url,
      username: 'bob',
    });
    expect(configText()).not.toContain('old-secret-pw');
    expect(statSync(file).size).toBeGreaterThan(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('configures an OAuth2 client-credentials provider end to end and keeps its secret main-side', async () => {
    const { handlers, client } = fresh();
    const oauth = provider({
      kind: 'openai',
      auth: {
        type: 'oauth2-client-credentials',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: 'parley-app',
        scope: 'chat.read',
      },
    });
    await handlers['providers.save'](oauth, ctx);
    const status = await handlers['keys.set'](
      { providerId: id, key: CLIENT_SECRET, secret: 'oauth-client-secret' },
      ctx,
    );
    expect(status).toMatchObject({ hasKey: true, last4: null });
    server.reset();
    expect(await handlers['keys.test']({ providerId: id }, ctx)).toMatchObject({ ok: true });
    const token = server.requests.find((r) => r.api === 'oauth');
    expect(token?.body).toMatchObject({ client_id: 'parley-app', client_secret: CLIENT_SECRET });
    const view = await handlers['settings.get']({}, ctx);
    expect(view.providers.find((p) => p.id === id)!.saved['oauth-client-secret']).toBe(true);
    expect(JSON.stringify(view)).not.toContain(CLIENT_SECRET);
    expect(configText()).not.toContain(CLIENT_SECRET);

    // A token URL on another origin: the client secret is dropped, not sent there.
    const moved = await handlers['providers.save'](
      provider({ ...oauth, auth: { ...oauth.auth, tokenUrl: 'http://127.0.0.2:9/oauth/token' } as never }),
      ctx,
    );
    expect(moved.dropped).toEqual(['oauth-client-secret']);
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a secret for something the provider does not use, in plain words', async () => {
    const { handlers, client } = fresh();
    await handlers['providers.save'](provider({}), ctx);
    await expect(
      handlers['keys.set']({ providerId: id, key: 'x-secret-1', secret: 'oauth-client-secret' }, ctx),
    ).rejects.toThrow(/does not sign in with OAuth/);
    await expect(
      handlers['keys.set']({ providerId: id, key: 'x-secret-1', secret: 'proxy-password' }, ctx),
    ).rejects.toThrow(/uses no custom proxy/);
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
