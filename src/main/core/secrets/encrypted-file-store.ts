import { existsSync, readFileSync } from 'node:fs';
import { ParleyError } from '../../../shared/errors.ts';
import { moveAside, writeFileAtomic } from '../store/files.ts';
import type { SecretStore } from './secret-store.ts';

/** The part of Electron's `safeStorage` Parley uses; the shell passes `safeStorage` itself. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron: `basic_text` means a hard-coded password, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/** Why a safeStorage cannot protect keys, or null when it can. */
export function safeStorageWeakness(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): string | null {
  let available: boolean;
  try {
    available = safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return 'Electron safeStorage reports that encryption is not available.';
  if (platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return `Electron safeStorage would only obscure keys (backend "${backend}"), not encrypt them.`;
    }
  }
  return null;
}

interface KeyFile {
  version: 1;
  /** account → base64 of safeStorage.encryptString(secret) */
  accounts: Record<string, string>;
}

/**
 * Keys encrypted by safeStorage, kept in one small JSON file in the data folder (mode 0600).
 * The file holds ciphertext only; it is read on each call so two processes never disagree.
 */
export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'safe-storage' as const;
  readonly #file: string;
  readonly #safeStorage: SafeStorageLike;

  constructor(file: string, safeStorage: SafeStorageLike) {
    this.#file = file;
    this.#safeStorage = safeStorage;
  }

  async get(account: string): Promise<string | null> {
    const blob = this.#read().accounts[account];
    if (blob === undefined) return null;
    try {
      return this.#safeStorage.decryptString(Buffer.from(blob, 'base64'));
    } catch (error) {
      throw new ParleyError(
        {
          code: 'storage',
          message: `The saved key for "${account}" could not be decrypted on this computer. Enter it again.`,
          detail: error instanceof Error ? error.message : undefined,
        },
        { cause: error },
      );
    }
  }

  async set(account: string, secret: string): Promise<void> {
    const data = this.#read();
    data.accounts[account] = this.#safeStorage.encryptString(secret).toString('base64');
    this.#write(data);
  }

  async delete(account: string): Promise<boolean> {
    const data = this.#read();
    if (!(account in data.accounts)) return false;
    delete data.accounts[account];
    this.#write(data);
    return true;
  }

  #read(): KeyFile {
    if (!existsSync(this.#file)) return { version: 1, accounts: {} };
    try {
      const parsed = JSON.parse(readFileSync(this.#file, 'utf8')) as Partial<KeyFile>;
      if (parsed.version === 1 && parsed.accounts && typeof parsed.accounts === 'object') {
        return { version: 1, accounts: { ...parsed.accounts } };
      }
    } catch {
      // fall through: unreadable
    }
    // Never overwrite what we cannot read: keep it beside, start a fresh file.
    moveAside(this.#file, 'corrupt');
    return { version: 1, accounts: {} };
  }

  #write(data: KeyFile): void {
    writeFileAtomic(this.#file, JSON.stringify(data, null, 2) + '\n', 0o600);
  }
}
