import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, loadKeytar } from '../../../src/main/core/secrets/keychain-store.ts';
import { ProviderSecrets } from '../../../src/main/core/secrets/provider-secrets.ts';
import { ProviderKeys } from '../../../src/main/core/secrets/provider-keys.ts';
import { collect } from '../llm/support.ts';
import { bearer } from '../../mock-server/auth.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { handlerCtx, settingsHarness } from '../../fixtures/settings-harness.ts';
import { ensureSecretService, toolsAvailable } from '../../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../../fixtures/secret-service.ts';

// Keys bound to their origin, with the real OS keychain (gnome-keyring) and two real HTTP servers;
// a provider's several keys, through the real handlers.
const KEY = 'sk-origin-bound-KEY-0123456789abcd';
const KEY_1 = 'sk-list-first-key-000000001111';
const KEY_2 = 'sk-list-second-key-00000002222';
const KEY_3 = 'sk-list-third-key-000000003333';
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
    await new ProviderKeys(new ProviderSecrets(secrets)).removeOthers(id);
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

  // A provider's several keys: listed as hints only (never in a reply, the settings file or a log), used in turn.
  const noKeyIn = (value: unknown) => {
    const text = JSON.stringify(value);
    for (const key of [KEY_1, KEY_2, KEY_3]) expect(text).not.toContain(key.slice(0, 14));
  };

  it('keeps the single key as key 1, adds and removes more, and shows only hints', async () => {
    const { handlers, client } = setup();
    await handlers['providers.save'](provider(`${trusted.url}/v1`), ctx);
    await handlers['keys.set']({ providerId: id, key: KEY_1, secret: 'api-key' }, ctx);
    const before = Date.now();
    const added = await handlers['keys.add']({ providerId: id, key: ` ${KEY_2}\n` }, ctx);
    expect(added.keys.map((k) => [k.id, k.last4, k.coolingUntil])).toEqual([
      [1, '1111', null],
      [2, '2222', null],
    ]);
    expect(added.keys[1]!.addedAt).toBeGreaterThanOrEqual(before);
    await handlers['keys.add']({ providerId: id, key: KEY_3 }, ctx);
    const listed = await handlers['keys.list']({ providerId: id }, ctx);
    expect(listed.keys.map((k) => k.last4)).toEqual(['1111', '2222', '3333']);
    noKeyIn([added, listed, await handlers['settings.get']({}, ctx)]);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).not.toContain('sk-list');

    // Used in turn: one request per key, in order.
    trusted.reset();
    for (let i = 0; i < 3; i++)
      await collect(
        client.stream({
          chain: [{ provider: provider(`${trusted.url}/v1`), model: 'gpt-4o' }],
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
    expect(trusted.requests.map((r) => bearer(r.headers.authorization))).toEqual([KEY_1, KEY_2, KEY_3]);

    // Key 1's status (the single-key view and test) still works.
    expect((await handlers['settings.get']({}, ctx)).providers.find((p) => p.id === id)!.key).toMatchObject({
      hasKey: true,
      last4: '1111',
    });
    expect((await handlers['keys.test']({ providerId: id }, ctx)).ok).toBe(true);

    const removed = await handlers['keys.remove']({ providerId: id, keyId: 2 }, ctx);
    expect(removed.keys.map((k) => k.id)).toEqual([1, 3]);
    expect(await (await loadKeytar()).getPassword(KEYCHAIN_SERVICE, `${id}:key-2`)).toBeNull();
    await expect(handlers['keys.remove']({ providerId: id, keyId: 2 }, ctx)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(handlers['keys.add']({ providerId: id, key: 'has a space' }, ctx)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await client.close();
  });

  it('shows a key cooling down after a 429, with no key in the reply', async () => {
    const { handlers, client } = setup();
    trusted.reset();
    // A fresh client: key 1's turn. It gets the 429; the next key answers at once.
    trusted.enqueue({ forKey: KEY_1, status: 429, headers: { 'retry-after': '30' } });
    const before = Date.now();
    await collect(
      client.stream({
        chain: [{ provider: provider(`${trusted.url}/v1`), model: 'gpt-4o' }],
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(trusted.requests).toHaveLength(2);
    const after = await handlers['keys.list']({ providerId: id }, ctx);
    const cooling = after.keys.find((k) => k.id === 1)!.coolingUntil!;
    expect(cooling).toBeGreaterThanOrEqual(before + 30_000);
    expect(cooling).toBeLessThanOrEqual(Date.now() + 30_000);
    noKeyIn(after);
    await client.close();
  });

  it('drops the other keys when the provider moves to another origin, and all of them when it is removed', async () => {
    const { handlers, client } = setup();
    const moved = await handlers['providers.save'](provider(`${other.url}/v1`), ctx);
    expect(moved.dropped).toEqual(['api-key']);
    expect((await handlers['keys.list']({ providerId: id }, ctx)).keys).toEqual([]);
    await handlers['keys.add']({ providerId: id, key: KEY_1 }, ctx);
    await handlers['keys.add']({ providerId: id, key: KEY_2 }, ctx);
    expect((await handlers['keys.list']({ providerId: id }, ctx)).keys.map((k) => k.id)).toEqual([1, 2]);
    await handlers['providers.remove']({ providerId: id }, ctx);
    const keytar = await loadKeytar();
    for (const account of [id, `${id}:key-2`, `${id}:keys`])
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, account)).toBeNull();
    await client.close();
  });
});
