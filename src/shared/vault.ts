import { z } from 'zod';

/**
 * The key vault (where there is no keychain): `none` — no vault yet, keys kept for this session;
 * `session-only` — the person chose that; `locked` — a vault exists, its passphrase not yet given
 * this start; `unlocked`; `not-needed` — keys are in the keychain or safe storage.
 */
export type VaultState = 'none' | 'session-only' | 'locked' | 'unlocked' | 'not-needed';

export interface VaultStatus {
  state: VaultState;
}

export const VAULT_PASSPHRASE_MIN = 8;
export const VAULT_PASSPHRASE_MAX = 1024;

export const vaultPassphraseInputSchema = z
  .object({ passphrase: z.string().min(VAULT_PASSPHRASE_MIN).max(VAULT_PASSPHRASE_MAX) })
  .strict();
