import { basename } from 'node:path';
import { ParleyError } from '../../../shared/errors.ts';
import { VAULT_PASSPHRASE_MAX, VAULT_PASSPHRASE_MIN } from '../../../shared/vault.ts';
import type { VaultState } from '../../../shared/vault.ts';
import { moveAside } from '../store/files.ts';
import { SealedFileStore, readSealedFile, writeSealedFile } from './sealed-file-store.ts';
import type { SealedFile } from './sealed-file-store.ts';
import type { SecretStore } from './secret-store.ts';
import { deriveKey, isKdfParams, newKdfParams, seal, unseal } from './vault-crypto.ts';
import type { KdfParams } from './vault-crypto.ts';

export const WRONG_PASSPHRASE = 'That passphrase does not open the key vault.';
const LOCKED =
  "The key vault is locked, so saved keys cannot be used yet. Unlock it with its passphrase in the prompt at the top of Parley's window (or, on the command line, with PARLEY_VAULT_PASSPHRASE).";

/** Sealed with the vault's key when it is made: opening it proves a passphrase right without touching a key. */
const CHECK = { text: 'parley-key-vault', context: '#check' } as const;

interface VaultHeader {
  kdf: KdfParams;
  check: string;
}

/** True for the error a locked vault answers with, so a caller can tell "locked" from "broken". */
export function isVaultLocked(error: unknown): boolean {
  return error instanceof ParleyError && error.reason === 'vault_locked';
}

/**
 * Keys in a file in the data folder, each sealed with AES-256-GCM under a key derived from the
 * user's passphrase (scrypt; salt and cost stored in the file). For machines with neither a keychain
 * nor Electron's safeStorage (the browser edition or the CLI on a headless box). The passphrase and
 * the derived key live only in this process; the file never holds a key in plain text.
 *
 * Until a vault exists, keys are kept for this session only (and move into the vault when one is
 * made); while it is locked, reading or saving a key fails in plain words saying how to unlock it.
 */
export class KeyVault implements SecretStore {
  readonly #file: string;
  readonly #onNotice: (text: string) => void;
  readonly #session = new Map<string, string>();
  readonly #sealed: SealedFileStore;
  #header: VaultHeader | null;
  #key: Buffer | null = null;
  #declined = false;

  constructor(file: string, onNotice: (text: string) => void = () => {}) {
    this.#file = file;
    this.#onNotice = onNotice;
    this.#header = this.#readHeader();
    this.#sealed = new SealedFileStore(
      file,
      () => {
        const key = this.#key;
        if (!key) throw new ParleyError({ code: 'storage', message: LOCKED, reason: 'vault_locked' });
        return {
          seal: (account, secret) => seal(key, secret, account),
          open: (account, s) => unseal(key, s, account),
        };
      },
      { onDamaged: (movedTo) => this.#damaged(movedTo), fresh: () => this.#fresh() },
    );
  }

  /** `memory` until a vault exists: what the UI says about where keys are kept. */
  get kind(): 'vault' | 'memory' {
    return this.#header ? 'vault' : 'memory';
  }

  state(): VaultState {
    if (this.#header) return this.#key ? 'unlocked' : 'locked';
    return this.#declined ? 'session-only' : 'none';
  }

  /** Makes the vault with this passphrase, unlocked; keys kept for the session so far move into it. */
  async create(passphrase: string): Promise<void> {
    if (this.#header) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'A key vault already exists. Unlock it with its passphrase instead.',
        reason: 'vault_exists',
      });
    }
    checkPassphrase(passphrase);
    const kdf = newKdfParams();
    const key = await deriveKey(passphrase, kdf);
    this.#header = { kdf, check: seal(key, CHECK.text, CHECK.context) };
    this.#key = key;
    writeSealedFile(this.#file, this.#fresh());
    for (const [account, secret] of this.#session) await this.#sealed.set(account, secret);
    this.#session.clear();
  }

  /** True when the passphrase opens the vault (it stays unlocked until Parley quits); false when it does not. */
  async unlock(passphrase: string): Promise<boolean> {
    const header = this.#header;
    if (!header) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'There is no key vault to unlock yet.',
        reason: 'vault_missing',
      });
    }
    if (this.#key) return true;
    const key = await deriveKey(passphrase, header.kdf);
    try {
      unseal(key, header.check, CHECK.context);
    } catch {
      return false;
    }
    this.#key = key;
    return true;
  }

  /** The person chose to keep keys for this session only: stop offering a vault until the next start. */
  decline(): void {
    this.#declined = true;
  }

  async get(account: string): Promise<string | null> {
    if (!this.#header) return this.#session.get(account) ?? null;
    return this.#sealed.get(account);
  }

  async set(account: string, secret: string): Promise<void> {
    if (!this.#header) this.#session.set(account, secret);
    else await this.#sealed.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    if (!this.#header) return this.#session.delete(account);
    return this.#sealed.delete(account);
  }

  #fresh(): SealedFile {
    return { version: 1, ...this.#header!, accounts: {} };
  }

  #readHeader(): VaultHeader | null {
    const data = readSealedFile(this.#file, (movedTo) => this.#damaged(movedTo));
    if (!data) return null;
    if (isKdfParams(data.kdf) && typeof data.check === 'string') return { kdf: data.kdf, check: data.check };
    const movedTo = moveAside(this.#file, 'corrupt');
    if (movedTo) this.#damaged(movedTo);
    return null;
  }

  #damaged(movedTo: string): void {
    this.#onNotice(
      `The key vault file could not be read, so it was set aside as "${basename(movedTo)}" (nothing was deleted). Create a new key vault and enter your keys again.`,
    );
  }
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < VAULT_PASSPHRASE_MIN || passphrase.length > VAULT_PASSPHRASE_MAX) {
    throw new ParleyError({
      code: 'invalid_input',
      message: `The passphrase must be ${VAULT_PASSPHRASE_MIN} to ${VAULT_PASSPHRASE_MAX} characters long.`,
      reason: 'passphrase_length',
      params: { min: VAULT_PASSPHRASE_MIN, max: VAULT_PASSPHRASE_MAX },
    });
  }
}
