import { ParleyError } from '../../../shared/errors.ts';
import type { ProviderConfig, SecretKind } from '../../../shared/providers.ts';
import { secretKinds } from '../../../shared/providers.ts';
import type { SecretStore } from './secret-store.ts';

/**
 * A provider's secrets, each bound to the origin (scheme, host, port) it is sent to. The binding is
 * written when the secret is saved; a secret whose provider now points at another origin is never
 * handed out (the user is asked for it again), and saving a provider with a new origin drops it.
 *
 * Accounts in the SecretStore: the API key keeps the bare provider id (as it always has, so existing
 * keys stay readable); the others are `${id}:oauth` and `${id}:proxy`, which a provider id can never
 * be (ids refuse `:`); each binding is its account plus `#origin`. More API keys of a provider are
 * `${id}:key-N`, listed in `${id}:keys` (provider-keys.ts).
 */
const suffixes: Record<SecretKind, string> = {
  'api-key': '',
  'oauth-client-secret': ':oauth',
  'proxy-password': ':proxy',
};

export function secretAccount(providerId: string, kind: SecretKind): string {
  return `${providerId}${suffixes[kind]}`;
}

const bindingAccount = (account: string): string => `${account}#origin`;

/** Where a secret of this kind goes for this provider; null when the provider does not use one. */
export function secretDestination(provider: ProviderConfig, kind: SecretKind): string | null {
  switch (kind) {
    case 'api-key':
      return provider.auth.type === 'none' ? null : originOf(provider.baseUrl);
    case 'oauth-client-secret':
      return provider.auth.type === 'oauth2-client-credentials' ? originOf(provider.auth.tokenUrl) : null;
    case 'proxy-password':
      return provider.proxy.mode === 'custom' ? originOf(provider.proxy.url) : null;
  }
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // `origin` is "null" for schemes without one (socks5:); build it the same way for those.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

const secretNames: Record<SecretKind, string> = {
  'api-key': 'key',
  'oauth-client-secret': 'OAuth client secret',
  'proxy-password': 'proxy password',
};

/** What a secret lookup found: a usable value, nothing, or a secret saved for another origin. */
export type SecretLookup =
  | { state: 'saved'; value: string }
  | { state: 'none' }
  | { state: 'moved'; savedFor: string; now: string | null };

export class ProviderSecrets {
  readonly store: SecretStore;

  constructor(store: SecretStore) {
    this.store = store;
  }

  /** `account` names another key of the provider's (provider-keys.ts); by default the kind's own account. */
  async lookup(
    provider: ProviderConfig,
    kind: SecretKind,
    account = secretAccount(provider.id, kind),
  ): Promise<SecretLookup> {
    const value = await this.store.get(account);
    if (!value) return { state: 'none' };
    const destination = secretDestination(provider, kind);
    const bound = await this.store.get(bindingAccount(account));
    if (bound === null && destination !== null) {
      // Saved before bindings existed: bind it to where it is used now, its only destination so far.
      await this.store.set(bindingAccount(account), destination);
      return { state: 'saved', value };
    }
    if (bound !== destination) return { state: 'moved', savedFor: bound ?? '', now: destination };
    return { state: 'saved', value };
  }

  /** The secret, or null when none is saved; throws in plain words when it was saved for another origin. */
  async get(
    provider: ProviderConfig,
    kind: SecretKind,
    account = secretAccount(provider.id, kind),
  ): Promise<string | null> {
    const found = await this.lookup(provider, kind, account);
    if (found.state === 'saved') return found.value;
    if (found.state === 'none') return null;
    throw new ParleyError({
      code: 'bad_key',
      message: `The ${secretNames[kind]} for ${provider.name} was saved for ${found.savedFor}, but ${provider.name} now points at ${found.now ?? 'another address'}. Parley did not send it there. Enter it again in the provider settings.`,
      reason: 'key_wrong_origin',
      params: { provider: provider.name, savedFor: found.savedFor, now: found.now ?? '' },
    });
  }

  /** Saves a secret bound to where this provider sends it. */
  async set(
    provider: ProviderConfig,
    kind: SecretKind,
    value: string,
    account = secretAccount(provider.id, kind),
  ): Promise<void> {
    const destination = secretDestination(provider, kind);
    if (destination === null) {
      throw new ParleyError({
        code: 'invalid_input',
        message:
          kind === 'oauth-client-secret'
            ? `${provider.name} does not sign in with OAuth. Choose OAuth as its authentication first.`
            : kind === 'proxy-password'
              ? `${provider.name} uses no custom proxy. Set a proxy URL first.`
              : `${provider.name} uses no key.`,
      });
    }
    await this.store.set(account, value);
    await this.store.set(bindingAccount(account), destination);
  }

  async delete(
    providerId: string,
    kind: SecretKind,
    account = secretAccount(providerId, kind),
  ): Promise<boolean> {
    const [removed] = await Promise.all([
      this.store.delete(account),
      this.store.delete(bindingAccount(account)),
    ]);
    return removed;
  }

  async deleteAll(providerId: string): Promise<void> {
    for (const kind of secretKinds) await this.delete(providerId, kind);
  }

  /**
   * After a provider is saved: drops each secret whose destination moved to another origin, so it is
   * never sent anywhere it was not given for. A secret the provider stops using is kept (still bound
   * to its origin). Returns the kinds dropped.
   */
  async dropMoved(previous: ProviderConfig | undefined, next: ProviderConfig): Promise<SecretKind[]> {
    const dropped: SecretKind[] = [];
    for (const kind of secretKinds) {
      const after = secretDestination(next, kind);
      if (after === null) continue;
      const before = previous ? secretDestination(previous, kind) : null;
      if (before === after) continue;
      // Used for `before` until now, or saved for some other origin: either way not given for `after`.
      const moved = before !== null || (await this.lookup(next, kind)).state === 'moved';
      if (moved && (await this.delete(next.id, kind))) dropped.push(kind);
    }
    return dropped;
  }
}
