import { ParleyError } from '../../../shared/errors.ts';
import type { SecretStore } from './secret-store.ts';

/** All the renderer ever learns about a key. */
export interface KeyStatus {
  hasKey: boolean;
  /** The last four characters, shown as "…abcd"; null when there is no key or it is too short to hint safely. */
  last4: string | null;
}

/** The hint shows four characters, and only of a key at least four times as long: never over a quarter. */
const HINT_CHARS = 4;
const MIN_HINTED_LENGTH = HINT_CHARS * 4;

export function keyStatusOf(secret: string | null | undefined): KeyStatus {
  if (!secret) return { hasKey: false, last4: null };
  return { hasKey: true, last4: secret.length >= MIN_HINTED_LENGTH ? secret.slice(-HINT_CHARS) : null };
}

const MAX_KEY_LENGTH = 8192;

/** Trims what a paste or `echo` adds and refuses what cannot be a key, in plain words. */
export function normalizeKey(input: string): string {
  const key = input.trim();
  if (key.length === 0) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'The key is empty. Paste the whole key and try again.',
    });
  }
  if (/\s/.test(key)) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'The key contains spaces or line breaks. Paste only the key itself.',
    });
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new ParleyError({ code: 'invalid_input', message: 'That is too long to be an API key.' });
  }
  return key;
}

/** Saves a key after normalizing it; returns what the UI may show. */
export async function saveKey(store: SecretStore, account: string, input: string): Promise<KeyStatus> {
  const key = normalizeKey(input);
  await store.set(account, key);
  return keyStatusOf(key);
}
