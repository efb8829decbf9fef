import type { KeyStatus, TestResult } from '../../../shared/contract.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { defaultProviderKind, providerCatalogue } from '../../../shared/provider-catalogue.ts';
import type { ProviderConfig } from '../../../shared/providers.ts';
import type { ProviderView, SettingsView } from '../../../shared/settings.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { importKeyFromEnv, keyStatusOf, saveKey } from '../secrets/key-status.ts';
import type { SettingsStore } from '../store/settings.ts';
import type { Handlers } from '../rpc/bind-contract.ts';
import type { Broadcaster } from './broadcaster.ts';

export interface SettingsHandlerDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Why keys are not in the OS keychain, in plain words; null when they are. */
  secretsNotice: string | null;
  notices: () => string[];
  hotkeyStatus: () => SettingsView['hotkeyStatus'];
  /** Where a first-run key may be found (OPENAI_API_KEY). */
  env: Record<string, string | undefined>;
  client: {
    listModels(provider: ProviderConfig): Promise<string[]>;
    testConnection(provider: ProviderConfig): Promise<TestResult>;
  };
  broadcaster: Broadcaster;
}

type SettingsHandlers = Pick<
  Handlers,
  | 'settings.get'
  | 'settings.update'
  | 'providers.save'
  | 'providers.remove'
  | 'models.list'
  | 'keys.set'
  | 'keys.delete'
  | 'keys.importFromEnv'
  | 'keys.test'
>;

/** The one environment key Parley offers to take over on first run. */
const ENV_KEY = { providerId: defaultProviderKind, variable: providerCatalogue[defaultProviderKind].keyEnv! };

/** Settings, providers and keys. A key goes in and never comes back out: only `{hasKey, last4}`. */
export function settingsHandlers(deps: SettingsHandlerDeps): SettingsHandlers {
  const { settings, secrets, broadcaster } = deps;

  const keyStatus = async (providerId: string): Promise<KeyStatus> => ({
    providerId,
    ...keyStatusOf(await secrets.get(providerId)),
    storage: secrets.kind,
    storageNotice: deps.secretsNotice,
  });

  const view = async (): Promise<SettingsView> => {
    // What only the store keeps stays main-side; every editable field is passed on as it is.
    const { schemaVersion: _version, windowBounds: _bounds, providers: stored, ...editable } = settings.get();
    const providers: ProviderView[] = await Promise.all(
      stored.map(async (p) => ({ ...p, key: await keyStatus(p.id) })),
    );
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
      const others = settings.get('providers').filter((p) => p.id !== input.id);
      settings.update({ providers: [...others, input] });
      await changed();
      return { ...input, key: await keyStatus(input.id) };
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
      await Promise.all([
        secrets.delete(providerId),
        secrets.delete(`${providerId}:oauth`),
        secrets.delete(`${providerId}:proxy`),
      ]);
      await changed();
      return { removed: true };
    },
    'models.list': ({ providerId }) => deps.client.listModels(provider(providerId)),
    'keys.set': async ({ providerId, key }) => {
      await saveKey(secrets, providerId, key);
      await changed();
      return keyStatus(providerId);
    },
    'keys.delete': async ({ providerId }) => {
      await secrets.delete(providerId);
      await changed();
      return keyStatus(providerId);
    },
    'keys.importFromEnv': async ({ providerId }) => {
      if (providerId !== ENV_KEY.providerId) {
        throw new ParleyError({
          code: 'invalid_input',
          message: `No key in the environment is meant for "${providerId}".`,
        });
      }
      const result = await importKeyFromEnv({
        store: secrets,
        env: deps.env,
        account: providerId,
        variable: ENV_KEY.variable,
      });
      if (!result.imported) throw new ParleyError({ code: 'not_found', message: result.reason });
      await changed();
      return keyStatus(providerId);
    },
    'keys.test': ({ providerId }) => deps.client.testConnection(provider(providerId)),
  };
}
