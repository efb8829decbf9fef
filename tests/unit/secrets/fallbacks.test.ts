import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataFiles } from '../../../src/main/core/paths.ts';
import { safeStorageWeakness } from '../../../src/main/core/secrets/encrypted-file-store.ts';
import type { KeytarLike } from '../../../src/main/core/secrets/keychain-store.ts';
import { keyStatusOf, normalizeKey, saveKey } from '../../../src/main/core/secrets/key-status.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import { filesContaining } from '../../fixtures/scan-files.ts';
import { TestSafeStorage } from '../../fixtures/test-safe-storage.ts';

const keytarMissing = async (): Promise<KeytarLike> => {
  throw new Error('Cannot find module keytar.node');
};

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-fallback-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('when the keychain cannot be used', () => {
  it('falls back to safeStorage-encrypted blobs in the data folder, with no key text on disk', async () => {
    const safeStorage = new TestSafeStorage({ backend: 'gnome_libsecret' });
    const { store, reason } = await openSecretStore({
      dataDir,
      safeStorage,
      keytarLoader: keytarMissing,
      platform: 'linux',
    });
    expect(store.kind).toBe('safe-storage');
    expect(reason).toMatch(/keytar did not load/);
    expect(reason).toMatch(/encrypted/);

    const key = 'sk-ant-api03-SAFEstorage-abcdefghijklmnop';
    await saveKey(store, 'anthropic', key);
    await saveKey(store, 'openai', 'sk-openai-second-key-000111222');
    expect(await store.get('anthropic')).toBe(key);
    expect(existsSync(dataFiles(dataDir).encryptedKeys)).toBe(true);
    expect(filesContaining(dataDir, key)).toEqual([]);

    // Another process (same OS encryption key) reads the same file.
    const again = await openSecretStore({
      dataDir,
      safeStorage,
      keytarLoader: keytarMissing,
      platform: 'linux',
    });
    expect(await again.store.get('anthropic')).toBe(key);

    expect(await store.delete('anthropic')).toBe(true);
    expect(await store.get('anthropic')).toBeNull();
    expect(await store.get('openai')).toBe('sk-openai-second-key-000111222');
  });

  it('on Linux refuses safeStorage with the basic_text backend: memory only, with a reason', async () => {
    const safeStorage = new TestSafeStorage({ backend: 'basic_text' });
    expect(safeStorageWeakness(safeStorage, 'linux')).toMatch(/basic_text/);
    expect(safeStorageWeakness(safeStorage, 'darwin')).toBeNull();
    const { store, reason } = await openSecretStore({
      dataDir,
      safeStorage,
      keytarLoader: keytarMissing,
      platform: 'linux',
    });
    expect(store.kind).toBe('memory');
    expect(reason).toMatch(/this session only/);
    await store.set('openai', 'sk-memory-only-0123456789');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('uses memory only when safeStorage reports no encryption, or there is none', async () => {
    const unavailable = new TestSafeStorage({ available: false });
    const a = await openSecretStore({ dataDir, safeStorage: unavailable, keytarLoader: keytarMissing });
    expect(a.store.kind).toBe('memory');
    expect(a.reason).toMatch(/not available/);
    const b = await openSecretStore({ dataDir, keytarLoader: keytarMissing });
    expect(b.store.kind).toBe('memory');
    expect(b.reason).toMatch(/this session only/);
  });

  it('gives up on a keychain that does not answer within the probe timeout', async () => {
    const hanging: KeytarLike = {
      getPassword: () => new Promise(() => {}),
      setPassword: async () => {},
      deletePassword: async () => false,
    };
    const started = Date.now();
    const { store, reason } = await openSecretStore({
      dataDir,
      keytarLoader: async () => hanging,
      probeTimeoutMs: 200,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(store.kind).toBe('memory');
    expect(reason).toMatch(/did not answer within 0.2 s/);
  });

  it('with the real keytar and no Secret Service on the bus, falls back (child process)', () => {
    const script = join(import.meta.dirname, '../../fixtures/open-secret-store-child.ts');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-bus')}`,
    };
    delete env.DISPLAY;
    for (const [mode, kind] of [
      ['memory', 'memory'],
      ['safe-storage', 'safe-storage'],
    ] as const) {
      const run = spawnSync(process.execPath, [script, dataDir, mode], {
        env,
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
      expect(out.kind).toBe(kind);
      expect(out.reason).toMatch(/system keychain is not available/);
      expect(out.roundTrip).toBe(true);
    }
    expect(filesContaining(dataDir, 'sk-child-0123456789abcdef')).toEqual([]);
  });

  it('moves an unreadable key file aside instead of overwriting it', async () => {
    const file = dataFiles(dataDir).encryptedKeys;
    writeFileSync(file, '{ not json');
    const safeStorage = new TestSafeStorage();
    const { store } = await openSecretStore({
      dataDir,
      safeStorage,
      keytarLoader: keytarMissing,
      platform: 'linux',
    });
    expect(await store.get('openai')).toBeNull();
    const aside = readdirSync(dataDir).filter((n) => n.startsWith('keys.enc.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe('{ not json');
  });
});

describe('key helpers', () => {
  it('shows the renderer only hasKey and last4', () => {
    expect(keyStatusOf(null)).toEqual({ hasKey: false, last4: null });
    expect(keyStatusOf('sk-abcdefghijkl1234')).toEqual({ hasKey: true, last4: '1234' });
    expect(keyStatusOf('short')).toEqual({ hasKey: true, last4: null });
    // Four characters are shown only when they are at most a quarter of the key.
    expect(keyStatusOf('sk-test-123')).toEqual({ hasKey: true, last4: null });
    expect(keyStatusOf('sk-test-12345678')).toEqual({ hasKey: true, last4: '5678' });
    expect(keyStatusOf('sk-test-1234567')).toEqual({ hasKey: true, last4: null });
  });

  it('refuses empty keys and keys with spaces in plain words', () => {
    expect(() => normalizeKey('   \n')).toThrow(/empty/);
    expect(() => normalizeKey('sk-abc def')).toThrow(/spaces or line breaks/);
    expect(() => normalizeKey('sk-中文密钥')).toThrow(/not plain ASCII/);
    expect(() => normalizeKey('sk-\u201ccurly\u201d')).toThrow(/not plain ASCII/);
    expect(normalizeKey(' sk-abc\n')).toBe('sk-abc');
  });
});
