import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { keyStatusOf } from './key-status.ts';
import { secretAccount, secretDestination, type ProviderSecrets } from './provider-secrets.ts';

/**
 * A provider's API keys, used in turn (llm/key-rotation.ts). Key 1 is the `api-key` secret (the bare
 * provider id, as it always was, so a single saved key simply is key 1); key N ≥ 2 is the account
 * `${id}:key-N`. Each is bound to the provider's origin like key 1 (provider-secrets.ts). Which keys
 * exist and when each was added is the account `${id}:keys`: JSON without any secret. Values stay main
 * side: what leaves is a hint (the last four characters, keyStatusOf's rule).
 */

export interface SavedKey {
  id: number;
  value: string;
  /** When it was added (ms); null for a key saved before keys were listed. */
  addedAt: number | null;
}

interface IndexEntry {
  id: number;
  addedAt: number | null;
}

/** More keys than anyone rotates; a bound on what the keychain is asked for per request. */
export const MAX_KEYS = 16;

const indexAccount = (providerId: string): string => `${providerId}:keys`;
const keyAccount = (providerId: string, id: number): string =>
  id === 1 ? secretAccount(providerId, 'api-key') : `${providerId}:key-${id}`;

export function keyHint(value: string): string | null {
  return keyStatusOf(value).last4;
}

export class ProviderKeys {
  readonly #secrets: ProviderSecrets;
  readonly #now: () => number;

  constructor(secrets: ProviderSecrets, now: () => number = Date.now) {
    this.#secrets = secrets;
    this.#now = now;
  }

  /**
   * The usable keys in order. Key 1 saved for another origin throws in plain words (as a single key
   * always did); another key saved for another origin is left out, never sent.
   */
  async values(provider: ProviderConfig): Promise<SavedKey[]> {
    const index = await this.#index(provider.id);
    const addedAt = new Map(index.map((entry) => [entry.id, entry.addedAt]));
    const keys: SavedKey[] = [];
    const first = await this.#secrets.get(provider, 'api-key');
    if (first) keys.push({ id: 1, value: first, addedAt: addedAt.get(1) ?? null });
    for (const entry of index) {
      if (entry.id === 1) continue;
      const found = await this.#secrets.lookup(provider, 'api-key', keyAccount(provider.id, entry.id));
      if (found.state === 'saved') keys.push({ id: entry.id, value: found.value, addedAt: entry.addedAt });
    }
    return keys;
  }

  /** Adds a key (already normalized): key 1 when there is none, else the next number. Returns its id. */
  async add(provider: ProviderConfig, value: string): Promise<number> {
    const index = await this.#index(provider.id);
    const hasFirst = (await this.#secrets.lookup(provider, 'api-key')).state !== 'none';
    const live = index.filter((entry) => entry.id !== 1);
    if (live.length + (hasFirst ? 1 : 0) >= MAX_KEYS)
      throw new ParleyError({
        code: 'invalid_input',
        message: `${provider.name} already has ${MAX_KEYS} keys. Remove one before adding another.`,
      });
    const id = hasFirst ? Math.max(1, ...live.map((entry) => entry.id)) + 1 : 1;
    await this.#secrets.set(provider, 'api-key', value, keyAccount(provider.id, id));
    await this.#writeIndex(provider.id, [
      ...index.filter((entry) => entry.id !== id),
      { id, addedAt: this.#now() },
    ]);
    return id;
  }

  /** Notes when key 1 was saved through the single-key request (`keys.set`). */
  async noteFirstSaved(providerId: string): Promise<void> {
    const index = await this.#index(providerId);
    await this.#writeIndex(providerId, [
      { id: 1, addedAt: this.#now() },
      ...index.filter((entry) => entry.id !== 1),
    ]);
  }

  async remove(providerId: string, id: number): Promise<boolean> {
    const removed = await this.#secrets.delete(providerId, 'api-key', keyAccount(providerId, id));
    const index = await this.#index(providerId);
    await this.#writeIndex(
      providerId,
      index.filter((entry) => entry.id !== id),
    );
    return removed;
  }

  /** Every key but key 1 (ProviderSecrets owns that one), and the list. */
  async removeOthers(providerId: string): Promise<void> {
    for (const entry of await this.#index(providerId))
      if (entry.id !== 1) await this.#secrets.delete(providerId, 'api-key', keyAccount(providerId, entry.id));
    await this.#secrets.store.delete(indexAccount(providerId));
  }

  /** After a provider is saved: its other keys go when its keys' destination moved (see dropMoved). */
  async dropMoved(previous: ProviderConfig | undefined, next: ProviderConfig): Promise<void> {
    if (!previous) return;
    const before = secretDestination(previous, 'api-key');
    const after = secretDestination(next, 'api-key');
    if (before !== null && after !== null && before !== after) await this.removeOthers(next.id);
  }

  async #index(providerId: string): Promise<IndexEntry[]> {
    const text = await this.#secrets.store.get(indexAccount(providerId));
    if (!text) return [];
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (entry): entry is IndexEntry =>
          typeof entry === 'object' &&
          entry !== null &&
          Number.isInteger((entry as IndexEntry).id) &&
          (entry as IndexEntry).id >= 1 &&
          ((entry as IndexEntry).addedAt === null || typeof (entry as IndexEntry).addedAt === 'number'),
      );
    } catch {
      // A damaged list loses only the extra keys' order and dates, never key 1.
      return [];
    }
  }

  async #writeIndex(providerId: string, entries: IndexEntry[]): Promise<void> {
    const sorted = [...entries].sort((a, b) => a.id - b.id);
    if (sorted.length === 0) await this.#secrets.store.delete(indexAccount(providerId));
    else await this.#secrets.store.set(indexAccount(providerId), JSON.stringify(sorted));
  }
}
