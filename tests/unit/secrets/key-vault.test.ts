import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broadcaster } from '../../../src/main/core/handlers/broadcaster.ts';
import { vaultHandlers } from '../../../src/main/core/handlers/vault-handlers.ts';
import { dataFiles } from '../../../src/main/core/paths.ts';
import { KeyVault, WRONG_PASSPHRASE } from '../../../src/main/core/secrets/key-vault.ts';
import type { KeytarLike } from '../../../src/main/core/secrets/keychain-store.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import type { CallContext, Peer } from '../../../src/main/core/rpc/bind-contract.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { filesContaining } from '../../fixtures/scan-files.ts';

const KEY = 'sk-vault-test-7f3a9c1e5b2d4068';
const PASSPHRASE = 'correct horse battery staple';
const keytarMissing = async (): Promise<KeytarLike> => {
  throw new Error('Cannot find module keytar.node');
};

let dataDir: string;
let file: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-vault-'));
  file = dataFiles(dataDir).keyVault;
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the key vault (real files, real scrypt and AES-256-GCM)', () => {
  it('keeps a key across starts, sealed: no key text or base64 in the file, owner-only, refused before unlock', async () => {
    const first = new KeyVault(file);
    expect(first.state()).toBe('none');
    await first.create(PASSPHRASE);
    await first.set('provider:openai:api-key', KEY);
    expect(first.state()).toBe('unlocked');
    expect(await first.get('provider:openai:api-key')).toBe(KEY);

    expect(filesContaining(dataDir, KEY)).toEqual([]);
    expect(filesContaining(dataDir, PASSPHRASE)).toEqual([]);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from(Buffer.from(KEY).toString('base64')))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(bytes.toString('utf8'));
    expect(stored.kdf).toMatchObject({ name: 'scrypt', N: 32768, r: 8, p: 1 });
    expect(Buffer.from(stored.kdf.salt, 'base64')).toHaveLength(16);

    // The next start: locked until the passphrase is given.
    const second = new KeyVault(file);
    expect(second.state()).toBe('locked');
    expect(second.kind).toBe('vault');
    await expect(second.get('provider:openai:api-key')).rejects.toThrow(/key vault is locked/);
    await expect(second.set('provider:openai:api-key', 'x')).rejects.toThrow(/key vault is locked/);
    expect(await second.unlock('wrong passphrase!')).toBe(false);
    expect(second.state()).toBe('locked');
    expect(await second.unlock(PASSPHRASE)).toBe(true);
    expect(await second.get('provider:openai:api-key')).toBe(KEY);
  });

  it('seals each entry with its own IV, bound to its account: moved or altered entries do not open', async () => {
    const vault = new KeyVault(file);
    await vault.create(PASSPHRASE);
    await vault.set('a', KEY);
    await vault.set('b', KEY);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored.accounts.a).not.toBe(stored.accounts.b);
    expect(stored.accounts.a.split('.')[0]).not.toBe(stored.accounts.b.split('.')[0]);

    stored.accounts.b = stored.accounts.a.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'));
    stored.accounts.c = stored.accounts.a;
    writeFileSync(file, JSON.stringify(stored));
    await expect(vault.get('b')).rejects.toThrow(/could not be decrypted/);
    await expect(vault.get('c')).rejects.toThrow(/could not be decrypted/);
    expect(await vault.get('a')).toBe(KEY);
  });

  it('moves keys kept for the session into the vault when one is made', async () => {
    const vault = new KeyVault(file);
    await vault.set('provider:x:api-key', KEY);
    expect(vault.kind).toBe('memory');
    expect(readdirSync(dataDir)).toEqual([]);
    await vault.create(PASSPHRASE);
    const next = new KeyVault(file);
    await next.unlock(PASSPHRASE);
    expect(await next.get('provider:x:api-key')).toBe(KEY);
    await expect(vault.create('another passphrase')).rejects.toThrow(/already exists/);
  });

  it('refuses passphrases shorter than 8 characters', async () => {
    await expect(new KeyVault(file).create('short')).rejects.toThrow(/8 to 1024 characters/);
  });

  it.each([
    ['not JSON', '{ not json'],
    ['no header', JSON.stringify({ version: 1, accounts: {} })],
    [
      'a cost that would take hours',
      JSON.stringify({
        version: 1,
        kdf: { name: 'scrypt', N: 2 ** 30, r: 8, p: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA==' },
        check: 'x',
        accounts: {},
      }),
    ],
  ])('moves a damaged vault file (%s) aside with a plain-words notice, never a crash', (_name, content) => {
    writeFileSync(file, content);
    const notices: string[] = [];
    const vault = new KeyVault(file, (text) => notices.push(text));
    expect(vault.state()).toBe('none');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^The key vault file could not be read, so it was set aside as "key-vault\.corrupt-/,
    );
    const aside = readdirSync(dataDir).filter((n) => n.startsWith('key-vault.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe(content);
  });
});

describe('openSecretStore without a keychain or safeStorage', () => {
  it('opens the vault; PARLEY_VAULT_PASSPHRASE makes it, unlocks it, and a wrong one is refused in plain words', async () => {
    const made = await openSecretStore({ dataDir, keytarLoader: keytarMissing, vaultPassphrase: PASSPHRASE });
    expect(made.vault?.state()).toBe('unlocked');
    await made.store.set('k', KEY);

    const again = await openSecretStore({
      dataDir,
      keytarLoader: keytarMissing,
      vaultPassphrase: PASSPHRASE,
    });
    expect(await again.store.get('k')).toBe(KEY);
    expect(again.reason).toMatch(/key vault, encrypted under your passphrase/);

    const wrong = await openSecretStore({
      dataDir,
      keytarLoader: keytarMissing,
      vaultPassphrase: 'not the one',
    });
    expect(wrong.vault?.state()).toBe('locked');
    expect(wrong.reason).toContain(WRONG_PASSPHRASE);
    expect(wrong.reason).not.toContain('not the one');
  });
});

describe('vault requests', () => {
  it('report the state, create, refuse a wrong passphrase without an error, and tell every tab', async () => {
    const events: unknown[] = [];
    const peer: Peer = {
      id: 'p',
      send: (name, payload) => void events.push([name, payload]),
      onClose: () => {},
    };
    const broadcaster = new Broadcaster();
    broadcaster.add(peer);
    const ctx = { peer } as CallContext;
    const h = vaultHandlers({ vault: new KeyVault(file), broadcaster });
    expect(await h['vault.status']({}, ctx)).toEqual({ state: 'none' });
    expect(await h['vault.decline']({}, ctx)).toEqual({ state: 'session-only' });
    expect(await h['vault.create']({ passphrase: PASSPHRASE }, ctx)).toEqual({ state: 'unlocked' });
    expect(events).toContainEqual(['vault.changed', { state: 'unlocked' }]);

    const next = vaultHandlers({ vault: new KeyVault(file), broadcaster });
    expect(await next['vault.status']({}, ctx)).toEqual({ state: 'locked' });
    expect(await next['vault.unlock']({ passphrase: 'wrong one!' }, ctx)).toEqual({
      state: 'locked',
      wrongPassphrase: true,
    });
    expect(await next['vault.unlock']({ passphrase: PASSPHRASE }, ctx)).toEqual({
      state: 'unlocked',
      wrongPassphrase: false,
    });

    const none = vaultHandlers({ vault: null, broadcaster });
    expect(await none['vault.status']({}, ctx)).toEqual({ state: 'not-needed' });
  });

  it('locked errors are ParleyErrors a caller can show', async () => {
    const made = new KeyVault(file);
    await made.create(PASSPHRASE);
    const error = await new KeyVault(file).get('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).message).toMatch(/Unlock it with its passphrase/);
  });
});
