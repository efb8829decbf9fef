import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderConfig, ProviderKind, ProxyConfig } from '../../../../shared/providers.ts';
import { providerKinds } from '../../../../shared/providers.ts';
import { providerCatalogue } from '../../../../shared/provider-catalogue.ts';
import type { ProviderView, SettingsView } from '../../../../shared/settings.ts';
import { call } from '../../lib/api.ts';
import { ApiError } from '../../lib/api.ts';
import { settingsStore } from '../../state/app-state.ts';
import { useSaver } from './useSaver.ts';
import { FeedbackLine } from './Feedback.tsx';
import { PlusIcon } from '../icons.tsx';

const NEW = '\u0000new';

/** Providers: a list on the left, the chosen one's form on the right. */
export function ProvidersSettings({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string>(settings.providers[0]?.id ?? NEW);
  const provider = settings.providers.find((p) => p.id === selected) ?? null;
  // Outcome lines live here, so they survive the form being re-keyed after a first save.
  const saver = useSaver();

  return (
    <section className="settings-section">
      <h3>{t('settings.providers')}</h3>
      <div className="providers">
        <ul className="provider-list" aria-label={t('settings.providers')}>
          {settings.providers.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={p.id === selected ? 'active' : undefined}
                aria-current={p.id === selected ? 'true' : undefined}
                onClick={() => setSelected(p.id)}
              >
                <span
                  className={`key-dot${p.key.hasKey || p.auth.type === 'none' ? ' on' : ''}`}
                  aria-hidden="true"
                />
                <span className="provider-name">{p.name}</span>
                <span className="provider-kind">{t(`settings.kinds.${p.kind}`)}</span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className={selected === NEW || !provider ? 'active add' : 'add'}
              onClick={() => setSelected(NEW)}
              aria-current={selected === NEW || !provider ? 'true' : undefined}
            >
              <PlusIcon size={14} /> {t('settings.addProvider')}
            </button>
          </li>
        </ul>
        <ProviderForm
          key={provider?.id ?? NEW}
          provider={provider}
          existingIds={settings.providers.map((p) => p.id)}
          onSaved={(id) => setSelected(id)}
          onRemoved={() => setSelected(settings.providers.find((p) => p.id !== selected)?.id ?? NEW)}
          saver={saver}
        />
      </div>
    </section>
  );
}

function slug(name: string, taken: string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'provider';
  let id = base;
  for (let i = 2; taken.includes(id); i++) id = `${base}-${i}`;
  return id;
}

function ProviderForm({
  provider,
  existingIds,
  onSaved,
  onRemoved,
  saver,
}: {
  provider: ProviderView | null;
  existingIds: string[];
  onSaved(id: string): void;
  onRemoved(): void;
  saver: ReturnType<typeof useSaver>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(provider?.name ?? '');
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? 'openai-compatible');
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? '');
  const [apiVersion, setApiVersion] = useState(provider?.apiVersion ?? '');
  const [models, setModels] = useState((provider?.models ?? []).join('\n'));
  const [authNone, setAuthNone] = useState(provider?.auth.type === 'none');
  const [proxy, setProxy] = useState<ProxyConfig>(provider?.proxy ?? { mode: 'none' });
  const [apiKey, setApiKey] = useState('');
  const [feedback, run, busy] = saver;
  const id = provider?.id ?? slug(name, existingIds);

  const config = (): ProviderConfig => ({
    ...(provider ?? {}),
    id,
    name: name.trim() || id,
    kind,
    baseUrl: baseUrl.trim() || providerCatalogue[kind].defaultBaseUrl,
    ...(kind === 'azure' && apiVersion.trim() ? { apiVersion: apiVersion.trim() } : {}),
    models: models
      .split(/[\n,]/)
      .map((m) => m.trim())
      .filter(Boolean),
    auth: authNone
      ? { type: 'none' }
      : provider?.auth.type && provider.auth.type !== 'none'
        ? provider.auth
        : { type: 'api-key' },
    proxy,
  });

  const save = async (): Promise<string> => {
    const saved = await call('providers.save', config());
    if (apiKey.trim()) {
      await call('keys.set', { providerId: saved.id, key: apiKey.trim() });
      setApiKey('');
    }
    await settingsStore.reload();
    const settings = settingsStore.get();
    if (settings && !settings.defaultModel && saved.models[0]) {
      await settingsStore.update({ defaultModel: { providerId: saved.id, model: saved.models[0] } });
    }
    onSaved(saved.id);
    return t('settings.saved');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(save);
  };

  const test = () =>
    run(async () => {
      if (!provider || apiKey.trim()) await save();
      const result = await call('keys.test', { providerId: id });
      if (!result.ok) throw new ApiError(result.error);
      return t('settings.testOk', { count: result.models.length });
    });

  const fetchModels = () =>
    run(async () => {
      if (!provider) await save();
      const list = await call('models.list', { providerId: id });
      if (list.length) setModels(list.join('\n'));
      return t('settings.fetchedModels', { count: list.length });
    });

  const envKey = settingsStore.get()?.envKey;
  const offerEnvKey = !!provider && !provider.key.hasKey && envKey?.providerId === provider.id;
  const importEnvKey = () =>
    run(async () => {
      await call('keys.importFromEnv', { providerId: id });
      await settingsStore.reload();
      return t('settings.saved');
    });

  const removeKey = () =>
    run(async () => {
      await call('keys.delete', { providerId: id });
      await settingsStore.reload();
      return t('settings.saved');
    });

  const remove = () =>
    run(async () => {
      if (!provider || !window.confirm(t('settings.removeConfirm', { name: provider.name }))) return null;
      await call('providers.remove', { providerId: provider.id });
      await settingsStore.reload();
      onRemoved();
      return null;
    });

  return (
    <form
      className="provider-form"
      onSubmit={onSubmit}
      aria-label={provider?.name ?? t('settings.addProvider')}
    >
      <div className="field-grid">
        <label htmlFor="pv-name">{t('settings.providerName')}</label>
        <input id="pv-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />

        <label htmlFor="pv-kind">{t('settings.kind')}</label>
        <select id="pv-kind" value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)}>
          {providerKinds.map((k) => (
            <option key={k} value={k}>
              {t(`settings.kinds.${k}`)}
            </option>
          ))}
        </select>

        <label htmlFor="pv-url">{t('settings.baseUrl')}</label>
        <input
          id="pv-url"
          type="url"
          value={baseUrl}
          placeholder={providerCatalogue[kind].defaultBaseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          spellCheck={false}
        />

        {kind === 'azure' && (
          <>
            <label htmlFor="pv-version">{t('settings.apiVersion')}</label>
            <input
              id="pv-version"
              value={apiVersion}
              onChange={(e) => setApiVersion(e.target.value)}
              placeholder="2024-10-21"
            />
          </>
        )}

        <label htmlFor="pv-models">{t('settings.models')}</label>
        <div>
          <textarea
            id="pv-models"
            rows={3}
            value={models}
            onChange={(e) => setModels(e.target.value)}
            spellCheck={false}
            placeholder="gpt-4o-mini"
          />
          <div className="inline-row">
            <span className="hint">{t('settings.modelsHint')}</span>
            <button type="button" className="ghost small" onClick={() => void fetchModels()} disabled={busy}>
              {t('settings.fetchModels')}
            </button>
          </div>
        </div>

        <label htmlFor="pv-auth">{t('settings.auth')}</label>
        <select
          id="pv-auth"
          value={authNone ? 'none' : 'api-key'}
          onChange={(e) => setAuthNone(e.target.value === 'none')}
        >
          <option value="api-key">{t('settings.auths.api-key')}</option>
          <option value="none">{t('settings.auths.none')}</option>
        </select>

        {!authNone && (
          <>
            <label htmlFor="pv-key">{t('settings.apiKey')}</label>
            <div>
              <input
                id="pv-key"
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={apiKey}
                placeholder={t('settings.apiKeyPlaceholder')}
                onChange={(e) => setApiKey(e.target.value)}
              />
              <div className="inline-row">
                <span className="hint">
                  {provider?.key.hasKey
                    ? provider.key.last4
                      ? t('settings.keySet', { last4: provider.key.last4 })
                      : t('settings.keySetShort')
                    : t('settings.keyNone')}
                  {provider?.key.storageNotice
                    ? ` ${t('settings.keyMemory', { reason: provider.key.storageNotice })}`
                    : ''}
                </span>
                {offerEnvKey && (
                  <button
                    type="button"
                    className="ghost small"
                    title={t('settings.envKeyFound', { variable: envKey!.variable })}
                    onClick={() => void importEnvKey()}
                    disabled={busy}
                  >
                    {t('settings.useEnvKey', { variable: envKey!.variable })}
                  </button>
                )}
                {provider?.key.hasKey && (
                  <button
                    type="button"
                    className="ghost small"
                    onClick={() => void removeKey()}
                    disabled={busy}
                  >
                    {t('settings.deleteKey')}
                  </button>
                )}
              </div>
            </div>
          </>
        )}

        <label htmlFor="pv-proxy">{t('settings.proxy')}</label>
        <div>
          <select
            id="pv-proxy"
            value={proxy.mode}
            onChange={(e) => {
              const mode = e.target.value as ProxyConfig['mode'];
              setProxy(
                mode === 'custom'
                  ? { mode, url: proxy.mode === 'custom' ? proxy.url : 'http://127.0.0.1:8080' }
                  : { mode },
              );
            }}
          >
            <option value="none">{t('settings.proxies.none')}</option>
            <option value="system">{t('settings.proxies.system')}</option>
            <option value="custom">{t('settings.proxies.custom')}</option>
          </select>
          {proxy.mode === 'custom' && (
            <input
              aria-label={t('settings.proxyUrl')}
              className="below"
              type="url"
              value={proxy.url}
              onChange={(e) => setProxy({ ...proxy, url: e.target.value })}
              placeholder="http://127.0.0.1:8080"
              spellCheck={false}
            />
          )}
        </div>
      </div>
      <div className="form-actions">
        {provider && (
          <button type="button" className="ghost danger" onClick={() => void remove()} disabled={busy}>
            {t('settings.remove')}
          </button>
        )}
        <span className="spacer" />
        <button type="button" onClick={() => void test()} disabled={busy}>
          {busy ? t('settings.testing') : t('settings.test')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('settings.save')}
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
    </form>
  );
}
