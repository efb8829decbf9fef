import type { KeyList } from '../../../shared/keys.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import { isVaultLocked } from '../secrets/key-vault.ts';
import { normalizeKey } from '../secrets/key-status.ts';
import { keyHint, type ProviderKeys } from '../secrets/provider-keys.ts';
import type { Handlers } from '../rpc/bind-contract.ts';

/** A provider's several API keys: added and removed here, listed as hints only (never a key). */

export interface KeyListDeps {
  keys: ProviderKeys;
  provider: (id: string) => ProviderConfig;
  /** Until when each key cools down (the client's rotation). */
  cooling: (providerId: string) => ReadonlyMap<number, number>;
  /** Tells every window the settings changed (key 1 is the provider's key status). */
  changed: () => Promise<unknown>;
}

export function keyListHandlers(deps: KeyListDeps): Pick<Handlers, 'keys.list' | 'keys.add' | 'keys.remove'> {
  const list = async (provider: ProviderConfig): Promise<KeyList> => {
    // A locked vault knows no key yet; the vault prompt says why.
    const saved = await deps.keys.values(provider).catch((error: unknown) => {
      if (isVaultLocked(error)) return [];
      throw error;
    });
    const cooling = deps.cooling(provider.id);
    return {
      providerId: provider.id,
      keys: saved.map((key) => ({
        id: key.id,
        last4: keyHint(key.value),
        addedAt: key.addedAt,
        coolingUntil: cooling.get(key.id) ?? null,
      })),
    };
  };

  return {
    'keys.list': ({ providerId }) => list(deps.provider(providerId)),
    'keys.add': async ({ providerId, key }) => {
      const provider = deps.provider(providerId);
      if (provider.auth.type !== 'api-key')
        throw new ParleyError({
          code: 'invalid_input',
          message: `${provider.name} does not sign in with an API key, so it cannot take several keys.`,
        });
      await deps.keys.add(provider, normalizeKey(key));
      await deps.changed();
      return list(provider);
    },
    'keys.remove': async ({ providerId, keyId }) => {
      const provider = deps.provider(providerId);
      if (!(await deps.keys.remove(providerId, keyId)))
        throw new ParleyError({
          code: 'not_found',
          message: `${provider.name} has no key number ${keyId}. It may have been removed already.`,
        });
      await deps.changed();
      return list(provider);
    },
  };
}
