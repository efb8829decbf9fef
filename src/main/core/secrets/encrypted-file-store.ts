import { SealedFileStore } from './sealed-file-store.ts';
import type { Sealer } from './sealed-file-store.ts';
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

/**
 * Keys encrypted by safeStorage, kept in one small JSON file in the data folder (mode 0600).
 * The file holds ciphertext only (base64 of safeStorage.encryptString(secret) per account).
 */
export class EncryptedFileSecretStore extends SealedFileStore implements SecretStore {
  readonly kind = 'safe-storage' as const;

  constructor(file: string, safeStorage: SafeStorageLike) {
    const sealer: Sealer = {
      seal: (_account, secret) => safeStorage.encryptString(secret).toString('base64'),
      open: (_account, sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    };
    super(file, () => sealer);
  }
}
