import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, loadKeytar } from '../../../src/main/core/secrets/keychain-store.ts';
import { ProviderSecrets } from '../../../src/main/core/secrets/provider-secrets.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { handlerCtx, settingsHarness } from '../../fixtures/settings-harness.ts';
import { ensureSecretService, toolsAvailable } from '../../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../../fixtures/secret-service.ts';

// Keys bound to their origin, with the real OS keychain (gnome-keyring) and two real HTTP servers.
const KEY = 'sk-origin-bound-KEY-0123456789abcd';
const ctx = handlerCtx;

describe.runIf(process.platform === 'linux' && toolsAvailable())('a key is bound to its origin', () => {
  let session: SecretServiceSession;
  let trusted: MockServer;
  let other: MockServer;
  let dataDir: string;
  let secrets: SecretStore;
  const id = `origin-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    session = await ensureSecretService();
    [trusted, other] = await Promise.all([
      startMockServer({ defaults: { chunkDelayMs: 0 } }),
      startMockServer({ defaults: { chunkDelayMs: 0 } }),
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'parley-origin-'));
    const opened = await openSecretStore({ dataDir });
    expect(opened.store.kind).toBe('keychain');
    secrets = opened.store;
  }, 30_000);

  afterAll(async () => {
    await new ProviderSecrets(secrets).deleteAll(id);
    await Promise.all([trusted?.close(), other?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
    await session?.stop();
  });

  const setup = () => settingsHarness({ dataDir, secrets });

  const provider = (baseUrl: string): ProviderConfig => ({
    id,
    name: 'Origin test',
    kind: 'openai-compatible',
    baseUrl,
    models: ['gpt-4o'],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
  });

  const sentKey = (server: MockServer) =>
    server.requests.some((r) => JSON.stringify(r.headers).includes(KEY.slice(0, 12)));

  it('keeps the key while the origin stays, drops it when the base URL moves to another host', async () => {
    const { handlers, client } = setup();
    await handlers['providers.save'](provider(`${trusted.url}/v1`), ctx);
    await handlers['keys.set']({ providerId: id, key: KEY, secret: 'api-key' }, ctx);
    expect((await handlers['keys.test']({ providerId: id }, ctx)).ok).toBe(true);
    expect(sentKey(trusted)).toBe(true);

    // Same origin, another path: the key stays.
    const samePlace = await handlers['providers.save'](provider(`${trusted.url}/v1/`), ctx);
    expect(samePlace.dropped).toEqual([]);
    expect(samePlace.key).toMatchObject({ hasKey: true, last4: 'abcd' });

    // Another origin (another port): the key is dropped, the UI is told, and Test sends no key there.
    const moved = await handlers['providers.save'](provider(`${other.url}/v1`), ctx);
    expect(moved.dropped).toEqual(['api-key']);
    expect(moved.key.hasKey).toBe(false);
    expect(await secrets.get(id)).toBeNull();
    const result = await handlers['keys.test']({ providerId: id }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_key' } });
    expect(sentKey(other)).toBe(false);

    // Entered again, it is bound to the new origin and works there.
    await handlers['keys.set']({ providerId: id, key: KEY, secret: 'api-key' }, ctx);
    expect((await handlers['keys.test']({ providerId: id }, ctx)).ok).toBe(true);
    expect(sentKey(other)).toBe(true);
    await client.close();
  });

  it('never sends a key to an origin it was not saved for, even when the file is edited by hand', async () => {
    const { settings, handlers, client } = setup();
    await handlers['providers.save'](provider(`${trusted.url}/v1`), ctx);
    await handlers['keys.set']({ providerId: id, key: KEY, secret: 'api-key' }, ctx);
    trusted.reset();
    other.reset();
    // Past the handler (as a hand edit of config.json would be): the key is still in the keychain.
    settings.update({ providers: [provider(`${other.url}/v1`)] });
    const result = await handlers['keys.test']({ providerId: id }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad_key');
      expect(result.error.message).toContain('Enter it again');
      expect(result.error.message).toContain(trusted.url);
    }
    expect(other.requests).toHaveLength(0);
    expect((await handlers['settings.get']({}, ctx)).providers[0]!.key.hasKey).toBe(false);
    await client.close();
  });

  it('binds a key saved before bindings existed to where it is used, then guards it', async () => {
    const { settings, handlers, client } = setup();
    settings.update({ providers: [provider(`${trusted.url}/v1`)] });
    const keytar = await loadKeytar();
    await keytar.deletePassword(KEYCHAIN_SERVICE, `${id}#origin`);
    await keytar.setPassword(KEYCHAIN_SERVICE, id, KEY);
    expect((await handlers['keys.test']({ providerId: id }, ctx)).ok).toBe(true);
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, `${id}#origin`)).toBe(trusted.url);
    const moved = await handlers['providers.save'](provider(`${other.url}/v1`), ctx);
    expect(moved.dropped).toEqual(['api-key']);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).not.toContain(KEY.slice(0, 12));
    await client.close();
  });
});
