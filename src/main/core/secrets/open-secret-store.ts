import { dataFiles } from '../paths.ts';
import { EncryptedFileSecretStore, safeStorageWeakness } from './encrypted-file-store.ts';
import type { SafeStorageLike } from './encrypted-file-store.ts';
import { KEYCHAIN_SERVICE, KeychainSecretStore, loadKeytar } from './keychain-store.ts';
import type { KeytarLike } from './keychain-store.ts';
import { KeyVault, WRONG_PASSPHRASE } from './key-vault.ts';
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
  /** PARLEY_VAULT_PASSPHRASE: unlocks the key vault (or makes one) at start, where the vault is used. */
  vaultPassphrase?: string;
}

export interface OpenedSecretStore {
  store: SecretStore;
  /** Plain words for the UI when keys are not in the OS keychain. */
  reason?: string;
  /** The passphrase vault, where neither the keychain nor safeStorage can keep keys. */
  vault?: KeyVault;
}

const PROBE_ACCOUNT = '__parley_probe__';

/**
 * The OS keychain, else safeStorage-encrypted file when that is real encryption, else the passphrase
 * vault (keys kept for this session only until one is made).
 */
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
  const notices: string[] = [];
  const vault = new KeyVault(dataFiles(dataDir).keyVault, (text) => notices.push(text));
  const passphrase = options.vaultPassphrase;
  if (passphrase) {
    if (vault.state() === 'locked') {
      if (!(await vault.unlock(passphrase))) notices.push(`${WRONG_PASSPHRASE} (PARLEY_VAULT_PASSPHRASE)`);
    } else {
      await vault.create(passphrase).catch((error: Error) => notices.push(error.message));
    }
  }
  const where =
    vault.kind === 'vault'
      ? "Keys are kept in Parley's key vault, encrypted under your passphrase."
      : 'Keys are kept for this session only and must be entered again next time, unless you create a key vault.';
  return { store: vault, vault, reason: [why, weakness, where, ...notices].join(' ') };
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
