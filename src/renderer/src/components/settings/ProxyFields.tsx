import { useTranslation } from 'react-i18next';
import type { ProxyConfig } from '../../../../shared/providers.ts';
import type { ProviderView } from '../../../../shared/settings.ts';
import { SecretField } from './SecretField.tsx';

/** Proxy: none, the system's, or a custom one with a user name and a password kept in the keychain. */
export function ProxyFields({
  proxy,
  setProxy,
  provider,
  password,
  setPassword,
  removePassword,
  busy,
}: {
  proxy: ProxyConfig;
  setProxy(proxy: ProxyConfig): void;
  provider: ProviderView | null;
  password: string;
  setPassword(value: string): void;
  removePassword(): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const saved = provider?.saved['proxy-password'] ?? false;
  return (
    <>
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
      {proxy.mode === 'custom' && (
        <>
          <label htmlFor="pv-proxy-user">{t('credentials.proxyUser')}</label>
          <input
            id="pv-proxy-user"
            autoComplete="off"
            spellCheck={false}
            value={proxy.username ?? ''}
            maxLength={256}
            onChange={(e) => setProxy({ ...proxy, username: e.target.value || undefined })}
          />
          <SecretField
            id="pv-proxy-password"
            label={t('credentials.proxyPassword')}
            value={password}
            placeholder={t('credentials.proxyPasswordPlaceholder')}
            onChange={setPassword}
            status={{ text: t(saved ? 'credentials.passwordSaved' : 'credentials.passwordNone'), saved }}
            onRemove={removePassword}
            busy={busy}
          />
        </>
      )}
    </>
  );
}
