import { dataFiles } from '../paths.ts';
import { EncryptedFileSecretStore, safeStorageWeakness } from './encrypted-file-store.ts';
import type { SafeStorageLike } from './encrypted-file-store.ts';
import { KEYCHAIN_SERVICE, KeychainSecretStore, loadKeytar } from './keychain-store.ts';
import type { KeytarLike } from './keychain-store.ts';
import { MemorySecretStore } from './secret-store.ts';
import type { SecretStore } from './secret-store.ts';

export interface OpenSecretStoreOptions {
  dataDir: string;
  /** Electron's safeStorage, passed by the shell; plain-Node hosts have none. */
  safeStorage?: SafeStorageLike;
  /** How to load keytar; defaults to `import('keytar')`. */
  keytarLoader?: () => Promise<KeytarLike>;
  /** How long the keychain may take to answer the probe call. */
  probeTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

export interface OpenedSecretStore {
  store: SecretStore;
  /** Plain words for the UI when keys are not in the OS keychain. */
  reason?: string;
}

const PROBE_ACCOUNT = '__parley_probe__';

/** The OS keychain, else safeStorage-encrypted file when that is real encryption, else memory only. */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<OpenedSecretStore> {
  const { dataDir, safeStorage, keytarLoader = loadKeytar, probeTimeoutMs = 3000, platform } = options;
  const keychainProblem = await probeKeychain(keytarLoader, probeTimeoutMs);
  if (keychainProblem.keytar) return { store: new KeychainSecretStore(keychainProblem.keytar) };

  const why = keychainProblem.reason;
  const weakness = safeStorage
    ? safeStorageWeakness(safeStorage, platform)
    : 'No other encryption is available in this program.';
  if (safeStorage && weakness === null) {
    return {
      store: new EncryptedFileSecretStore(dataFiles(dataDir).encryptedKeys, safeStorage),
      reason: `${why} Keys are encrypted with the system's safe storage and kept in Parley's data folder instead.`,
    };
  }
  return {
    store: new MemorySecretStore(),
    reason: `${why} ${weakness} Keys are kept for this session only and must be entered again next time.`,
  };
}

async function probeKeychain(
  loader: () => Promise<KeytarLike>,
  timeoutMs: number,
): Promise<{ keytar: KeytarLike; reason?: undefined } | { keytar?: undefined; reason: string }> {
  let keytar: KeytarLike;
  try {
    keytar = await loader();
  } catch (error) {
    return { reason: `The system keychain could not be used (keytar did not load: ${describe(error)}).` };
  }
  // A real call: a missing or locked Secret Service fails or hangs here, not at the first save.
  const call = keytar.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT);
  call.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([call, timeout]);
    if (outcome === 'timeout') {
      return { reason: `The system keychain did not answer within ${Math.round(timeoutMs / 100) / 10} s.` };
    }
    return { keytar };
  } catch (error) {
    return { reason: `The system keychain is not available (${describe(error)}).` };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}
