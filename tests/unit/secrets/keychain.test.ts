import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, loadKeytar } from '../../../src/main/core/secrets/keychain-store.ts';
import { openSecretStore } from '../../../src/main/core/secrets/open-secret-store.ts';
import { keyStatusOf, saveKey } from '../../../src/main/core/secrets/key-status.ts';
import { ensureSecretService, toolsAvailable } from '../../fixtures/secret-service.ts';
import type { SecretServiceSession } from '../../fixtures/secret-service.ts';
import { countFiles, filesContaining } from '../../fixtures/scan-files.ts';
import { userMessage } from '../../fixtures/history-kit.ts';

// The real OS keychain: gnome-keyring's Secret Service on a D-Bus session bus.
describe.runIf(process.platform === 'linux' && toolsAvailable())(
  'keys in the OS keychain (gnome-keyring)',
  () => {
    let session: SecretServiceSession;
    const account = `test-${process.pid}-${Date.now()}`;

    beforeAll(async () => {
      session = await ensureSecretService();
    }, 30_000);

    afterAll(async () => {
      const keytar = await loadKeytar();
      await keytar.deletePassword(KEYCHAIN_SERVICE, account).catch(() => false);
      await session?.stop();
    });

    it('opens the keychain, saves, replaces and deletes a key, and keeps no key text in the data folder', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-keys-'));
      try {
        const { store, reason } = await openSecretStore({ dataDir });
        expect(store.kind).toBe('keychain');
        expect(reason).toBeUndefined();

        const first = 'sk-test-FIRSTkey-0123456789abcdefWXYZ';
        const second = 'sk-test-SECONDkey-9876543210fedcbaQRST';
        expect(keyStatusOf(await store.get(account))).toEqual({ hasKey: false, last4: null });

        expect(await saveKey(store, account, `  ${first}\n`)).toEqual({ hasKey: true, last4: 'WXYZ' });
        // Read straight from keytar: the key is filed under service "Parley", account = provider id.
        const keytar = await loadKeytar();
        expect(await keytar.getPassword('Parley', account)).toBe(first);

        await saveKey(store, account, second);
        expect(await store.get(account)).toBe(second);
        expect(keyStatusOf(await store.get(account))).toEqual({ hasKey: true, last4: 'QRST' });

        // A second opening (a restart) finds the same key.
        const reopened = await openSecretStore({ dataDir });
        expect(await reopened.store.get(account)).toBe(second);

        expect(await store.delete(account)).toBe(true);
        expect(await store.get(account)).toBeNull();
        expect(await store.delete(account)).toBe(false);

        expect(filesContaining(dataDir, first)).toEqual([]);
        expect(filesContaining(dataDir, second)).toEqual([]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('keeps no key text anywhere in the data folder after settings and history are used too', async () => {
      const { openSettings } = await import('../../../src/main/core/store/settings.ts');
      const { openHistory } = await import('../../../src/main/core/store/history-service.ts');
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-keys-'));
      const key = 'sk-proj-NEVERonDISK-5f2c9a7e1b3d4c6a8e0f';
      try {
        const { store } = await openSecretStore({ dataDir });
        await saveKey(store, account, key);
        const { settings } = openSettings({ dataDir });
        settings.update({ theme: 'dark' });
        const { history } = await openHistory({ dataDir });
        const conversation = history.createConversation({ title: 'hello' });
        userMessage(history, { conversationId: conversation.id, parentId: null, content: 'hi there' });
        await history.backups.create();
        history.close();
        expect(await store.get(account)).toBe(key);
        await store.delete(account);
        expect(countFiles(dataDir)).toBeGreaterThanOrEqual(3);
        expect(filesContaining(dataDir, key)).toEqual([]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  },
);
