import type { VaultStatus } from '../../../shared/vault.ts';
import type { Handlers } from '../rpc/bind-contract.ts';
import type { KeyVault } from '../secrets/key-vault.ts';
import type { Broadcaster } from './broadcaster.ts';

export interface VaultHandlerDeps {
  /** Null where keys are in the keychain or safe storage. */
  vault: KeyVault | null;
  broadcaster: Broadcaster;
}

type VaultHandlers = Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.decline'>;

/** Status, create, unlock, decline. The passphrase goes in and is never logged, stored or sent back. */
export function vaultHandlers({ vault, broadcaster }: VaultHandlerDeps): VaultHandlers {
  const status = (): VaultStatus => ({ state: vault?.state() ?? 'not-needed' });
  /** Every tab learns the new state (and refreshes what keys it shows). */
  const changed = (): VaultStatus => {
    const now = status();
    broadcaster.emit('vault.changed', now);
    return now;
  };
  return {
    'vault.status': status,
    'vault.create': async ({ passphrase }) => {
      await vault?.create(passphrase);
      return changed();
    },
    'vault.unlock': async ({ passphrase }) => {
      const opened = (await vault?.unlock(passphrase)) ?? true;
      return { ...(opened ? changed() : status()), wrongPassphrase: !opened };
    },
    'vault.decline': () => {
      vault?.decline();
      return changed();
    },
  };
}
