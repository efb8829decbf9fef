import { existsSync, readFileSync } from 'node:fs';
import { ParleyError } from '../../../shared/errors.ts';
import { moveAside, writeFileAtomic } from '../store/files.ts';

/** How one secret is sealed into the file and opened again; the account is bound into the seal where it can be. */
export interface Sealer {
  seal(account: string, secret: string): string;
  open(account: string, sealed: string): string;
}

/** A key file: the sealed secrets by account, and whatever header its store keeps beside them. */
export interface SealedFile {
  version: 1;
  /** account → sealed secret (never the secret itself) */
  accounts: Record<string, string>;
  [header: string]: unknown;
}

/**
 * Reads a key file; null when there is none. What cannot be read is never overwritten: it is moved
 * aside (its new path goes to `onDamaged`) and the store starts again from nothing.
 */
export function readSealedFile(file: string, onDamaged?: (movedTo: string) => void): SealedFile | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SealedFile> | null;
    const accounts = parsed?.accounts;
    if (
      parsed?.version === 1 &&
      accounts &&
      typeof accounts === 'object' &&
      !Array.isArray(accounts) &&
      Object.values(accounts).every((v) => typeof v === 'string')
    ) {
      return { ...parsed, version: 1, accounts: { ...accounts } };
    }
  } catch {
    // fall through: unreadable
  }
  const movedTo = moveAside(file, 'corrupt');
  if (movedTo) onDamaged?.(movedTo);
  return null;
}

/** Atomically, owner-only (0600): readers see the old file or the new one, never half, and no one else reads it. */
export function writeSealedFile(file: string, data: SealedFile): void {
  writeFileAtomic(file, JSON.stringify(data, null, 2) + '\n', 0o600);
}

export interface SealedFileOptions {
  /** Told where a damaged file was moved. */
  onDamaged?: (movedTo: string) => void;
  /** The file to start from when there is none (its header, no accounts). */
  fresh?: () => SealedFile;
}

/**
 * Secrets sealed one by one into a small JSON file in the data folder. The file holds sealed values
 * only; it is read on each call so two processes never disagree. `sealer` may throw (a vault that
 * is locked), and then nothing is read or written.
 */
export class SealedFileStore {
  readonly #file: string;
  readonly #sealer: () => Sealer;
  readonly #options: SealedFileOptions;

  constructor(file: string, sealer: () => Sealer, options: SealedFileOptions = {}) {
    this.#file = file;
    this.#sealer = sealer;
    this.#options = options;
  }

  async get(account: string): Promise<string | null> {
    const sealer = this.#sealer();
    const sealed = this.#read().accounts[account];
    if (sealed === undefined) return null;
    try {
      return sealer.open(account, sealed);
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
    const sealer = this.#sealer();
    const data = this.#read();
    data.accounts[account] = sealer.seal(account, secret);
    writeSealedFile(this.#file, data);
  }

  async delete(account: string): Promise<boolean> {
    this.#sealer();
    const data = this.#read();
    if (!(account in data.accounts)) return false;
    delete data.accounts[account];
    writeSealedFile(this.#file, data);
    return true;
  }

  #read(): SealedFile {
    const { onDamaged, fresh = () => ({ version: 1, accounts: {} }) } = this.#options;
    return readSealedFile(this.#file, onDamaged) ?? fresh();
  }
}
