import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AuthConfig,
  ProviderConfig,
  ProviderKind,
  ProxyConfig,
  SecretKind,
} from '../../../../shared/providers.ts';
import { idleTimeoutSeconds, providerKinds } from '../../../../shared/providers.ts';
import { providerCatalogue } from '../../../../shared/provider-catalogue.ts';
import type { ProviderView } from '../../../../shared/settings.ts';
import { call } from '../../lib/api.ts';
import { ParleyError } from '../../../../shared/errors.ts';
import { settingsStore } from '../../state/app-state.ts';
import type { useSaver } from './useSaver.ts';
import { FeedbackLine } from './Feedback.tsx';
import { AuthFields } from './AuthFields.tsx';
import { KeyList } from './KeyList.tsx';
import { ProxyFields } from './ProxyFields.tsx';
import { ModelCorrections } from './ModelCorrections.tsx';
import { extrasProblem, headersToSave, RequestExtrasFields } from './RequestExtrasFields.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { baseUrlProblem, idleProblem } from './provider-checks.ts';

/** One provider's settings. Secrets typed here go to main once, on Save, and are never shown again. */
export function ProviderForm({
  provider,
  id,
  onSaved,
  onRemoved,
  saver,
}: {
  provider: ProviderView | null;
  /** The provider's id: its own, or the one a new provider will get. */
  id: (name: string) => string;
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
  const [auth, setAuth] = useState<AuthConfig>(provider?.auth ?? { type: 'api-key' });
  const [proxy, setProxy] = useState<ProxyConfig>(provider?.proxy ?? { mode: 'none' });
  const [secrets, setSecrets] = useState({ key: '', clientSecret: '', proxyPassword: '' });
  const [headers, setHeaders] = useState(provider?.headers ?? []);
  const [extraBody, setExtraBody] = useState(
    provider?.extraBody ? JSON.stringify(provider.extraBody, null, 2) : '',
  );
  const savedIdle = provider?.timeouts?.idleMs;
  const [idle, setIdle] = useState(savedIdle === undefined ? '' : String(savedIdle / 1000));
  // Field problems show once the field was left or an action was tried; an edit clears any outcome.
  const [checked, setChecked] = useState(false);
  const [askingRemove, setAskingRemove] = useState(false);
  const [feedback, run, busy, clearFeedback] = saver;
  const providerId = id(name);
  const urlProblem = baseUrlProblem(baseUrl);
  const idleTimeoutProblem = idleProblem(idle);
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      clearFeedback();
      set(value);
    };
  /** Runs an action only when the fields are fine; else says so at the fields and sends nothing. */
  const checkedRun = (action: () => Promise<string | null>) => {
    setChecked(true);
    if (urlProblem || idleTimeoutProblem || extrasProblem(headers, extraBody)) {
      clearFeedback();
      document
        .getElementById(urlProblem ? 'pv-url' : idleTimeoutProblem ? 'pv-idle' : 'pv-extra-body')
        ?.focus();
      return Promise.resolve();
    }
    return run(action);
  };

  const config = (modelList = models): ProviderConfig => ({
    ...(provider ?? {}),
    id: providerId,
    name: name.trim() || providerId,
    kind,
    baseUrl: baseUrl.trim() || providerCatalogue[kind].defaultBaseUrl,
    ...(kind === 'azure' && apiVersion.trim() ? { apiVersion: apiVersion.trim() } : {}),
    models: modelList
      .split(/[\n,]/)
      .map((m) => m.trim())
      .filter(Boolean),
    auth,
    proxy,
    timeouts: withIdle(provider?.timeouts, idle),
    headers: headersToSave(headers),
    extraBody: extraBody.trim() ? (JSON.parse(extraBody) as Record<string, unknown>) : undefined,
  });

  /** Saves the provider, then each secret typed in; says what main dropped because the address moved. */
  const persist = async (next: ProviderConfig): Promise<string> => {
    const saved = await call('providers.save', next);
    const typed: [SecretKind, string][] = [
      ['api-key', secrets.key],
      ['oauth-client-secret', secrets.clientSecret],
      ['proxy-password', secrets.proxyPassword],
    ];
    for (const [secret, value] of typed)
      if (value.trim()) await call('keys.set', { providerId: saved.id, key: value.trim(), secret });
    setSecrets({ key: '', clientSecret: '', proxyPassword: '' });
    // A secret header's value went to the keychain: the row keeps only its name.
    setHeaders(saved.headers ?? []);
    await settingsStore.reload();
    const settings = settingsStore.get();
    if (settings && !settings.defaultModel && saved.models[0]) {
      await settingsStore.update({ defaultModel: { providerId: saved.id, model: saved.models[0] } });
    }
    const dropped = (saved.dropped ?? []).filter((kind) => !typed.some(([k, v]) => k === kind && v.trim()));
    return dropped.map((kind) => t('credentials.dropped', { what: t(`credentials.what.${kind}`) })).join(' ');
  };

  const save = async (): Promise<string> => {
    const warning = await persist(config());
    onSaved(providerId);
    return warning || t('settings.saved');
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void checkedRun(save);
  };

  const test = () =>
    checkedRun(async () => {
      if (!provider || Object.values(secrets).some((s) => s.trim())) await save();
      const result = await call('keys.test', { providerId });
      if (!result.ok) throw new ParleyError(result.error);
      return t('settings.testOk', { count: result.models.length });
    });

  const fetchModels = () =>
    checkedRun(async () => {
      // A new provider is saved first (main lists its models); what is found is saved with it, before
      // the form is shown again for the saved provider.
      if (!provider) await persist(config());
      const list = await call('models.list', { providerId });
      if (list.length) {
        setModels(list.join('\n'));
        if (!provider) await persist(config(list.join('\n')));
      }
      if (!provider) onSaved(providerId);
      return t('settings.fetchedModels', { count: list.length });
    });

  const envKey = settingsStore.get()?.envKey;
  const offerEnvKey = !!provider && !provider.key.hasKey && envKey?.providerId === provider.id;
  const importEnvKey = () =>
    run(async () => {
      await call('keys.importFromEnv', { providerId });
      await settingsStore.reload();
      return t('settings.saved');
    });

  const removeSecret = (secret: SecretKind) =>
    run(async () => {
      await call('keys.delete', { providerId, secret });
      await settingsStore.reload();
      return t('settings.saved');
    });

  const remove = () =>
    run(async () => {
      if (!provider) return null;
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
        <input
          id="pv-name"
          value={name}
          onChange={(e) => edited(setName)(e.target.value)}
          required
          maxLength={80}
        />

        <label htmlFor="pv-kind">{t('settings.kind')}</label>
        <select id="pv-kind" value={kind} onChange={(e) => setKind(e.target.value as ProviderKind)}>
          {providerKinds.map((k) => (
            <option key={k} value={k}>
              {t(`settings.kinds.${k}`)}
            </option>
          ))}
        </select>

        <label htmlFor="pv-url">{t('settings.baseUrl')}</label>
        <div>
          <input
            id="pv-url"
            inputMode="url"
            value={baseUrl}
            placeholder={providerCatalogue[kind].defaultBaseUrl}
            onChange={(e) => edited(setBaseUrl)(e.target.value)}
            onBlur={() => setChecked(true)}
            spellCheck={false}
            aria-invalid={checked && !!urlProblem}
            aria-describedby={checked && urlProblem ? 'pv-url-problem' : undefined}
          />
          {checked && urlProblem && (
            <p id="pv-url-problem" className="field-problem" role="alert">
              {t(`providerChecks.${urlProblem}`)}
            </p>
          )}
        </div>

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
            placeholder={providerCatalogue[kind].models[0] ?? 'gpt-4o-mini'}
          />
          <div className="inline-row">
            <span className="hint">{t('settings.modelsHint')}</span>
            <button type="button" className="ghost small" onClick={() => void fetchModels()} disabled={busy}>
              {t('settings.fetchModels')}
            </button>
          </div>
        </div>

        {provider && <ModelCorrections providerId={provider.id} models={provider.models} saver={saver} />}

        <AuthFields
          kind={kind}
          auth={auth}
          setAuth={setAuth}
          provider={provider}
          secrets={secrets}
          setSecret={(which, value) => setSecrets((s) => ({ ...s, [which]: value }))}
          removeSecret={(secret) => void removeSecret(secret)}
          envKey={offerEnvKey ? { variable: envKey!.variable, use: () => void importEnvKey() } : null}
          busy={busy}
        />
        {provider?.auth.type === 'api-key' && auth.type === 'api-key' && <KeyList provider={provider} />}

        <label htmlFor="pv-idle">{t('providerChecks.idleTimeout')}</label>
        <div>
          <input
            id="pv-idle"
            type="number"
            inputMode="numeric"
            min={idleTimeoutSeconds.min}
            max={idleTimeoutSeconds.max}
            step={1}
            value={idle}
            placeholder={String(idleTimeoutSeconds.fallback)}
            onChange={(e) => edited(setIdle)(e.target.value)}
            onBlur={() => setChecked(true)}
            aria-invalid={checked && !!idleTimeoutProblem}
            aria-describedby={checked && idleTimeoutProblem ? 'pv-idle-problem' : 'pv-idle-hint'}
          />
          {checked && idleTimeoutProblem ? (
            <p id="pv-idle-problem" className="field-problem" role="alert">
              {t('providerChecks.idleRange', idleTimeoutSeconds)}
            </p>
          ) : (
            <p id="pv-idle-hint" className="hint">
              {t('providerChecks.idleHint', idleTimeoutSeconds)}
            </p>
          )}
        </div>

        <RequestExtrasFields
          headers={headers}
          setHeaders={edited(setHeaders)}
          saved={new Set((provider?.headers ?? []).filter((h) => h.secret).map((h) => h.name.toLowerCase()))}
          extraBody={extraBody}
          setExtraBody={edited(setExtraBody)}
          checked={checked}
        />

        <ProxyFields
          proxy={proxy}
          setProxy={setProxy}
          provider={provider}
          password={secrets.proxyPassword}
          setPassword={(value) => setSecrets((s) => ({ ...s, proxyPassword: value }))}
          removePassword={() => void removeSecret('proxy-password')}
          busy={busy}
        />
      </div>
      <div className="form-actions">
        {provider && (
          <button
            type="button"
            className="ghost danger"
            onClick={() => setAskingRemove(true)}
            disabled={busy}
          >
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
      {askingRemove && provider && (
        <ConfirmDialog
          request={{
            title: t('providerChecks.removeTitle'),
            body: t('settings.removeConfirm', { name: provider.name }),
            confirmLabel: t('settings.remove'),
            danger: true,
          }}
          onAnswer={(yes) => {
            setAskingRemove(false);
            if (yes) void remove();
          }}
        />
      )}
    </form>
  );
}

/** The provider's timeouts with the idle one as typed (whole seconds; empty: the default). */
function withIdle(timeouts: ProviderConfig['timeouts'], idle: string): ProviderConfig['timeouts'] {
  const { idleMs: _old, ...rest } = timeouts ?? {};
  const seconds = idle.trim() ? Number(idle) : null;
  const next = seconds === null ? rest : { ...rest, idleMs: Math.round(seconds * 1000) };
  return Object.keys(next).length ? next : undefined;
}
