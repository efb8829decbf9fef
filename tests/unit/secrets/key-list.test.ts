import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, loadKeytar } from '../../../src/main/core/secrets/keychain-store.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store.ts';
import type { ProviderConfig } from '../../../src/shared/providers.ts';
import { collect } from '../llm/support.ts';
import { startMockServer, type MockServer } from '../../mock-server/server.ts';
import { bearer } from '../../mock-server/auth.ts';
import { handlerCtx as ctx, settingsHarness } from '../../fixtures/settings-harness.ts';
import { ensureSecretService, toolsAvailable } from '../../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../../fixtures/secret-service.ts';

// A provider's several keys through the real handlers, the real OS keychain (gnome-keyring) and the
// real mock server: listed as hints only, never in a reply, the settings file or a log; used in turn.
const KEY_1 = 'sk-list-first-key-000000001111';
const KEY_2 = 'sk-list-second-key-00000002222';
const KEY_3 = 'sk-list-third-key-000000003333';

describe.runIf(process.platform === 'linux' && toolsAvailable())("a provider's key list", () => {
  let session: SecretServiceSession;
  let server: MockServer;
  let other: MockServer;
  let dataDir: string;
  let secrets: SecretStore;
  const id = `keys-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    session = await ensureSecretService();
    [server, other] = await Promise.all([
      startMockServer({ defaults: { chunkDelayMs: 0 } }),
      startMockServer({ defaults: { chunkDelayMs: 0 } }),
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'parley-keys-'));
    const opened = await openSecretStore({ dataDir });
    expect(opened.store.kind).toBe('keychain');
    secrets = opened.store;
  }, 30_000);

  afterAll(async () => {
    const { handlers, client } = settingsHarness({ dataDir, secrets });
    await handlers['providers.remove']({ providerId: id }, ctx);
    await client.close();
    await Promise.all([server?.close(), other?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
    await session?.stop();
  });

  const provider = (baseUrl: string): ProviderConfig => ({
    id,
    name: 'Keys test',
    kind: 'openai-compatible',
    baseUrl,
    models: ['gpt-4o'],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
  });
  const noKeyIn = (value: unknown) => {
    const text = JSON.stringify(value);
    for (const key of [KEY_1, KEY_2, KEY_3]) expect(text).not.toContain(key.slice(0, 14));
  };

  it('keeps the single key as key 1, adds and removes more, and shows only hints', async () => {
    const { handlers, client } = settingsHarness({ dataDir, secrets });
    await handlers['providers.save'](provider(`${server.url}/v1`), ctx);
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
    server.reset();
    for (let i = 0; i < 3; i++)
      await collect(
        client.stream({
          chain: [{ provider: provider(`${server.url}/v1`), model: 'gpt-4o' }],
          messages: [{ role: 'user', content: 'hi' }],
        }),
      );
    expect(server.requests.map((r) => bearer(r.headers.authorization))).toEqual([KEY_1, KEY_2, KEY_3]);

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
    const { handlers, client } = settingsHarness({ dataDir, secrets });
    server.reset();
    // A fresh client: key 1's turn. It gets the 429; the next key answers at once.
    server.enqueue({ forKey: KEY_1, status: 429, headers: { 'retry-after': '30' } });
    const before = Date.now();
    await collect(
      client.stream({
        chain: [{ provider: provider(`${server.url}/v1`), model: 'gpt-4o' }],
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(server.requests).toHaveLength(2);
    const after = await handlers['keys.list']({ providerId: id }, ctx);
    const cooling = after.keys.find((k) => k.id === 1)!.coolingUntil!;
    expect(cooling).toBeGreaterThanOrEqual(before + 30_000);
    expect(cooling).toBeLessThanOrEqual(Date.now() + 30_000);
    noKeyIn(after);
    await client.close();
  });

  it('drops the other keys when the provider moves to another origin, and all of them when it is removed', async () => {
    const { handlers, client } = settingsHarness({ dataDir, secrets });
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
