import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyStatus } from '../../../shared/contract.ts';
import type { SettingsView } from '../../../shared/settings.ts';
import { ApiError, call } from '../lib/api.ts';

const PROVIDER_ID = 'openai';

/** The walking skeleton's settings: one OpenAI-compatible provider, its model and its key. */
export function SettingsForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [baseUrl, setBaseUrl] = useState('https://api.openai.com/v1');
  const [model, setModel] = useState('gpt-4o-mini');
  const [apiKey, setApiKey] = useState('');
  const [key, setKey] = useState<KeyStatus | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    void call('settings.get').then((settings: SettingsView) => {
      const provider = settings.providers.find((p) => p.id === PROVIDER_ID);
      if (provider) {
        setBaseUrl(provider.baseUrl);
        setKey(provider.key);
      }
      if (settings.defaultModel) setModel(settings.defaultModel.model);
    });
  }, []);

  const report = (run: () => Promise<string>) => async () => {
    try {
      setMessage({ text: await run(), error: false });
    } catch (error) {
      setMessage({ text: error instanceof ApiError ? error.message : String(error), error: true });
    }
  };

  const save = report(async () => {
    await call('providers.save', {
      id: PROVIDER_ID,
      name: 'OpenAI',
      kind: 'openai',
      baseUrl: baseUrl.trim(),
      models: [model.trim()],
      auth: { type: 'api-key' },
    });
    await call('settings.update', { defaultModel: { providerId: PROVIDER_ID, model: model.trim() } });
    if (apiKey.trim()) {
      setKey(await call('keys.set', { providerId: PROVIDER_ID, key: apiKey }));
      setApiKey('');
    }
    return t('settings.saved');
  });

  const test = report(async () => {
    const result = await call('keys.test', { providerId: PROVIDER_ID });
    if (!result.ok) throw new ApiError(result.error);
    return t('settings.testOk', { count: result.models.length });
  });

  return (
    <section className="settings" aria-label={t('settings.title')}>
      <h2>{t('settings.title')}</h2>
      <form
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void save();
        }}
      >
        <label>
          {t('settings.baseUrl')}
          <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} type="url" required />
        </label>
        <label>
          {t('settings.model')}
          <input value={model} onChange={(e) => setModel(e.target.value)} required />
        </label>
        <label>
          {t('settings.apiKey')}
          <input
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            type="password"
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <p className="hint">
          {key?.hasKey ? t('settings.keySet', { last4: key.last4 }) : t('settings.keyNone')}
          {key?.storageNotice ? ` ${t('settings.keyMemory', { reason: key.storageNotice })}` : ''}
        </p>
        <div className="row">
          <button type="submit">{t('settings.save')}</button>
          <button type="button" onClick={() => void test()}>
            {t('settings.test')}
          </button>
          <button type="button" onClick={onClose}>
            {t('settings.close')}
          </button>
        </div>
        {message && (
          <p className={message.error ? 'notice error' : 'notice'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
