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

/**
 * Why a secret cannot be sent in an HTTP header, in plain words, or null. Headers carry visible ASCII
 * only: a key with other characters (`sk-中文密钥`, a curly quote from a document) would fail at the
 * socket as if the network were down, and be retried for nothing.
 */
export function unsendableKey(key: string): string | null {
  return /^[\x21-\x7e]*$/.test(key)
    ? null
    : 'The key contains characters that are not plain ASCII letters, digits or symbols (such as Chinese characters or curly quotes), so it cannot be sent. Paste the key itself, as the provider shows it.';
}

/** Trims what a paste or `echo` adds and refuses what cannot be a key, in plain words. */
export function normalizeKey(input: string): string {
  const key = input.trim();
  if (key.length === 0) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'The key is empty. Paste the whole key and try again.',
      reason: 'key_empty',
    });
  }
  if (/\s/.test(key)) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'The key contains spaces or line breaks. Paste only the key itself.',
      reason: 'key_spaces',
    });
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new ParleyError({
      code: 'invalid_input',
      message: 'That is too long to be an API key.',
      reason: 'key_too_long',
    });
  }
  const unsendable = unsendableKey(key);
  if (unsendable)
    throw new ParleyError({ code: 'invalid_input', message: unsendable, reason: 'key_unsendable' });
  return key;
}

/** Saves a key after normalizing it; returns what the UI may show. */
export async function saveKey(store: SecretStore, account: string, input: string): Promise<KeyStatus> {
  const key = normalizeKey(input);
  await store.set(account, key);
  return keyStatusOf(key);
}
