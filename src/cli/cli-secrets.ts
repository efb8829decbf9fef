import type { SecretStore } from '../main/core/secrets/secret-store.ts';

/**
 * The keys a `parley ask` call may use, in order: one given for this call (`--api-key-env`), the
 * keychain (opened only when a key is first asked for), then a variable of the environment named for
 * that account. Saving and deleting go to the keychain.
 */
export class CliSecrets implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly #open: () => Promise<SecretStore>;
  readonly #given = new Map<string, string>();
  readonly #fallbacks = new Map<string, () => string | null>();
  #keychain: Promise<SecretStore | null> | null = null;

  constructor(open: () => Promise<SecretStore>) {
    this.#open = open;
  }

  /** A key for this call only. */
  give(account: string, key: string): void {
    this.#given.set(account, key);
  }

  /** Where to look when the keychain has no key for `account`. */
  fallBackTo(account: string, read: () => string | null): void {
    this.#fallbacks.set(account, read);
  }

  async get(account: string): Promise<string | null> {
    const given = this.#given.get(account);
    if (given) return given;
    const saved = await (await this.#store())?.get(account).catch(() => null);
    return saved || this.#fallbacks.get(account)?.() || null;
  }

  async set(account: string, secret: string): Promise<void> {
    await (await this.#required()).set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return (await this.#required()).delete(account);
  }

  /** No usable keychain is not fatal: the other places still apply. */
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
