import { ParleyError } from '../../../shared/errors.ts';
import type { SecretStore } from './secret-store.ts';

/** The service name every Parley key is filed under in the OS keychain; the account is the provider id. */
export const KEYCHAIN_SERVICE = 'Parley';

/** The part of keytar Parley uses (so tests and hosts can hand in keytar itself or a stand-in). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export async function loadKeytar(): Promise<KeytarLike> {
  try {
    const mod = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike;
    return mod.default ?? mod;
  } catch (error) {
    // An optional dependency: npm leaves it out where its native build fails.
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error('it is not installed; npm install leaves it out where it cannot be built', {
      cause: error,
    });
  }
}

/** Keys in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) via keytar. */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly #keytar: KeytarLike;
  readonly #service: string;

  constructor(keytar: KeytarLike, service = KEYCHAIN_SERVICE) {
    this.#keytar = keytar;
    this.#service = service;
  }

  async get(account: string): Promise<string | null> {
    return this.#call('read', account, () => this.#keytar.getPassword(this.#service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    await this.#call('save', account, () => this.#keytar.setPassword(this.#service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.#call('delete', account, () => this.#keytar.deletePassword(this.#service, account));
  }

  async #call<T>(verb: string, account: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      // keytar's messages name the keychain's own failure; they never contain the secret.
      throw new ParleyError(
        {
          code: 'storage',
          message: `The system keychain could not ${verb} the key for "${account}". Unlock the keychain and try again.`,
          detail: error instanceof Error ? error.message : String(error),
        },
        { cause: error },
      );
    }
  }
}
