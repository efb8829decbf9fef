/**
 * Where secrets live, by account name. A provider's secrets are reached through ProviderSecrets
 * (provider-secrets.ts), which names their accounts and binds each to its origin. Implementations
 * never log values.
 */
export interface SecretStore {
  /** Which backing store is in use, so the UI can say why a key is only kept for this session. */
  readonly kind: 'keychain' | 'safe-storage' | 'vault' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Keeps secrets for this process only. The last resort, and the store tests use when no keychain is involved. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  readonly #secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.#secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.#secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.#secrets.delete(account);
  }
}
