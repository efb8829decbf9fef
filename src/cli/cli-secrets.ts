import type { ProviderConfig } from '../shared/providers.ts';
import { ProviderSecrets } from '../main/core/secrets/provider-secrets.ts';
import type { SecretLookup } from '../main/core/secrets/provider-secrets.ts';
import { MemorySecretStore, type SecretStore } from '../main/core/secrets/secret-store.ts';
import { isVaultLocked, WRONG_PASSPHRASE } from '../main/core/secrets/key-vault.ts';
import { openSecretStore } from '../main/core/secrets/open-secret-store.ts';
import type { OpenedSecretStore, OpenSecretStoreOptions } from '../main/core/secrets/open-secret-store.ts';
import type { CommandIo } from './io.ts';
import { readHidden } from './read-hidden.ts';

/**
 * The data folder's secret store for a command. Where that is the key vault, PARLEY_VAULT_PASSPHRASE
 * unlocks it (or makes it); else, on a terminal, the passphrase is asked for (up to three tries).
 */
export async function openCliSecretStore(
  io: CommandIo,
  options: OpenSecretStoreOptions,
): Promise<OpenedSecretStore> {
  const opened = await openSecretStore({ vaultPassphrase: io.env.PARLEY_VAULT_PASSPHRASE, ...options });
  const { vault } = opened;
  if (io.env.PARLEY_VAULT_PASSPHRASE && vault?.state() === 'locked') {
    io.stderr(`${WRONG_PASSPHRASE} (PARLEY_VAULT_PASSPHRASE)\n`);
  }
  for (let tries = 0; vault?.state() === 'locked' && io.stdinIsTTY && tries < 3; tries++) {
    const passphrase = await readHidden(io, 'Key vault passphrase: ');
    if (!(await vault.unlock(passphrase))) io.stderr(`${WRONG_PASSPHRASE}\n`);
  }
  return opened;
}

/**
 * The secrets a `parley ask` call may use: keys given for this call (from the environment), kept in
 * memory and bound to the origin they are sent to, then the keychain (opened only when a secret is
 * first asked for). Nothing given for one call is ever written to the keychain.
 */
export class CliSecrets implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly #open: () => Promise<SecretStore>;
  readonly #given = new MemorySecretStore();
  #keychain: Promise<SecretStore | null> | null = null;

  constructor(open: () => Promise<SecretStore>) {
    this.#open = open;
  }

  /** A key for this call only, for where `provider` sends it. */
  give(provider: ProviderConfig, key: string): Promise<void> {
    return new ProviderSecrets(this.#given).set(provider, 'api-key', key);
  }

  /** What the keychain (or a key given for this call) holds for this provider's API key. */
  lookup(provider: ProviderConfig): Promise<SecretLookup> {
    return new ProviderSecrets(this).lookup(provider, 'api-key');
  }

  async get(account: string): Promise<string | null> {
    const given = await this.#given.get(account);
    if (given !== null) return given;
    const store = await this.#store();
    // A locked vault says how to unlock it; any other failure is "no saved key".
    return (
      (await store?.get(account).catch((error: unknown) => {
        if (isVaultLocked(error)) throw error;
        return null;
      })) ?? null
    );
  }

  async set(account: string, secret: string): Promise<void> {
    await (await this.#required()).set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return (await this.#required()).delete(account);
  }

  /** No usable keychain is not fatal: keys given for the call still apply. */
  #store(): Promise<SecretStore | null> {
    this.#keychain ??= this.#open().catch(() => null);
    return this.#keychain;
  }

  async #required(): Promise<SecretStore> {
    const store = await this.#store();
    if (!store) throw new Error('The system keychain cannot be used here.');
    return store;
  }
}
