import type { TestResult } from '../../../shared/contract.ts';
import type { KeyStatus } from '../../../shared/keys.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { defaultProviderKind, providerCatalogue } from '../../../shared/provider-catalogue.ts';
import type { ProviderConfig, SecretKind } from '../../../shared/providers.ts';
import type { NoticeText, ProviderView, SettingsView } from '../../../shared/settings.ts';
import { capabilityView, modelCapabilities } from '../llm/capabilities.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { keyStatusOf, normalizeKey } from '../secrets/key-status.ts';
import { isVaultLocked } from '../secrets/key-vault.ts';
import { HeaderSecrets } from '../secrets/header-secrets.ts';
import { ProviderKeys } from '../secrets/provider-keys.ts';
import { ProviderSecrets } from '../secrets/provider-secrets.ts';
import { moveProxyCredentials } from '../secrets/proxy-credentials.ts';
import type { SettingsStore } from '../store/settings.ts';
import type { Handlers } from '../rpc/bind-contract.ts';
import type { Broadcaster } from './broadcaster.ts';
import { keyListHandlers } from './key-list-handlers.ts';

export interface SettingsHandlerDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Why keys are not in the OS keychain, in plain words (both languages); null when they are. */
  secretsNotice: NoticeText | null;
  notices: () => NoticeText[];
  hotkeyStatus: () => SettingsView['hotkeyStatus'];
  /** Where a first-run key may be found (OPENAI_API_KEY). */
  env: Record<string, string | undefined>;
  client: {
    listModels(provider: ProviderConfig): Promise<string[]>;
    testConnection(provider: ProviderConfig): Promise<TestResult>;
    keyCooling(providerId: string): ReadonlyMap<number, number>;
  };
  broadcaster: Broadcaster;
  /** Given the function that tells every window the settings changed, for changes made elsewhere (a tool "Always"). */
  onChangedReady?: (changed: () => Promise<SettingsView>) => void;
}

type SettingsHandlers = Pick<
  Handlers,
  | 'settings.get'
  | 'settings.update'
  | 'providers.save'
  | 'providers.remove'
  | 'models.list'
  | 'models.capabilities'
  | 'keys.set'
  | 'keys.delete'
  | 'keys.importFromEnv'
  | 'keys.test'
  | 'keys.list'
  | 'keys.add'
  | 'keys.remove'
>;

/** The one environment key Parley offers to take over on first run. */
const ENV_KEY = { providerId: defaultProviderKind, variable: providerCatalogue[defaultProviderKind].keyEnv! };

/** Settings, providers and keys. A secret goes in and never comes back out: only `{hasKey, last4}`. */
export function settingsHandlers(deps: SettingsHandlerDeps): SettingsHandlers {
  const { settings, secrets, broadcaster } = deps;
  const bound = new ProviderSecrets(secrets);
  const keys = new ProviderKeys(bound);
  const headerSecrets = new HeaderSecrets(secrets);

  const keyStatus = async (provider: ProviderConfig, kind: SecretKind = 'api-key'): Promise<KeyStatus> => {
    // A locked vault knows no key yet; the vault prompt says why.
    const found = await bound.lookup(provider, kind).catch((error: unknown) => {
      if (isVaultLocked(error)) return { state: 'none' as const };
      throw error;
    });
    const status = keyStatusOf(found.state === 'saved' ? found.value : null);
    return {
      providerId: provider.id,
      ...(kind === 'api-key' ? status : { ...status, last4: null }),
      storage: secrets.kind,
      // A vault says where keys are in its own prompt: no notice beside each key.
      storageNotice: secrets.kind === 'vault' ? null : (deps.secretsNotice?.message ?? null),
      storageNoticeZh: secrets.kind === 'vault' ? null : (deps.secretsNotice?.messageZh ?? null),
    };
  };

  const providerView = async (p: ProviderConfig): Promise<ProviderView> => {
    const [key, oauth, proxy] = await Promise.all([
      keyStatus(p),
      bound.lookup(p, 'oauth-client-secret'),
      bound.lookup(p, 'proxy-password'),
    ]);
    return {
      ...p,
      key,
      saved: { 'oauth-client-secret': oauth.state === 'saved', 'proxy-password': proxy.state === 'saved' },
    };
  };

  const view = async (): Promise<SettingsView> => {
    // What only the store keeps stays main-side; every editable field is passed on as it is.
    const { schemaVersion: _version, windowBounds: _bounds, providers: stored, ...editable } = settings.get();
    const providers = await Promise.all(stored.map(providerView));
    const envTarget = providers.find((p) => p.id === ENV_KEY.providerId);
    const envKey = deps.env[ENV_KEY.variable]?.trim() && envTarget && !envTarget.key.hasKey ? ENV_KEY : null;
    return {
      ...editable,
      providers,
      notices: deps.notices(),
      envKey,
      hotkeyStatus: deps.hotkeyStatus(),
    };
  };

  const changed = async (): Promise<SettingsView> => {
    const next = await view();
    broadcaster.emit('settings.changed', next);
    return next;
  };
  deps.onChangedReady?.(changed);

  const provider = (id: string): ProviderConfig => {
    const found = settings.get('providers').find((p) => p.id === id);
    if (!found)
      throw new ParleyError({
        code: 'not_found',
        message: `There is no provider "${id}". Add it in Settings.`,
      });
    return found;
  };

  return {
    'settings.get': view,
    'settings.update': async (patch) => {
      settings.update(patch);
      return changed();
    },
    'providers.save': async (input) => {
      const all = settings.get('providers');
      const previous = all.find((p) => p.id === input.id);
      // A password typed into the proxy URL goes to the SecretStore; the URL is kept without it.
      const { provider: moved, password } = moveProxyCredentials(input);
      // A secret header's value goes to the SecretStore too; settings keep its name.
      const next = { ...moved, headers: await headerSecrets.save(previous, moved) };
      if (!next.headers) delete next.headers;
      settings.update({ providers: [...all.filter((p) => p.id !== next.id), next] });
      const dropped = await bound.dropMoved(previous, next);
      await keys.dropMoved(previous, next);
      if (password) await bound.set(next, 'proxy-password', normalizeKey(password));
      await changed();
      return { ...(await providerView(next)), dropped };
    },
    'providers.remove': async ({ providerId }) => {
      const all = settings.get('providers');
      const rest = all.filter((p) => p.id !== providerId);
      if (rest.length === all.length) return { removed: false };
      const s = settings.get();
      settings.update({
        providers: rest,
        defaultModel: s.defaultModel?.providerId === providerId ? null : s.defaultModel,
        failoverChain: s.failoverChain.filter((ref) => ref.providerId !== providerId),
      });
      await bound.deleteAll(providerId);
      await keys.removeOthers(providerId);
      await headerSecrets.remove(providerId);
      await changed();
      return { removed: true };
    },
    'models.list': ({ providerId }) => deps.client.listModels(provider(providerId)),
    'models.capabilities': ({ providerId, model }) =>
      capabilityView(modelCapabilities(provider(providerId), model, settings.get('modelOverrides'))),
    'keys.set': async ({ providerId, key, secret }) => {
      const target = provider(providerId);
      await bound.set(target, secret, normalizeKey(key));
      if (secret === 'api-key') await keys.noteFirstSaved(providerId);
      await changed();
      return keyStatus(target, secret);
    },
    'keys.delete': async ({ providerId, secret }) => {
      const target = provider(providerId);
      await bound.delete(providerId, secret);
      await changed();
      return keyStatus(target, secret);
    },
    'keys.importFromEnv': async ({ providerId }) => {
      if (providerId !== ENV_KEY.providerId) {
        throw new ParleyError({
          code: 'invalid_input',
          message: `No key in the environment is meant for "${providerId}".`,
        });
      }
      const target = provider(providerId);
      const value = deps.env[ENV_KEY.variable]?.trim();
      if (!value) throw new ParleyError({ code: 'not_found', message: `${ENV_KEY.variable} is not set.` });
      if ((await bound.lookup(target, 'api-key')).state === 'saved')
        throw new ParleyError({ code: 'not_found', message: `A key for "${providerId}" is already saved.` });
      await bound.set(target, 'api-key', normalizeKey(value));
      await changed();
      return keyStatus(target);
    },
    'keys.test': ({ providerId }) => deps.client.testConnection(provider(providerId)),
    ...keyListHandlers({ keys, provider, cooling: (id) => deps.client.keyCooling(id), changed }),
  };
}
