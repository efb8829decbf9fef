import { useTranslation } from 'react-i18next';
import { noticeIn } from '../../../../shared/settings.ts';
import type { AuthConfig, ProviderKind, SecretKind } from '../../../../shared/providers.ts';
import type { ProviderView } from '../../../../shared/settings.ts';
import { SecretField } from './SecretField.tsx';

type AuthType = AuthConfig['type'];

/** The form's starting point when the user picks another way to sign in. */
function authOf(type: AuthType, current: AuthConfig): AuthConfig {
  if (type === current.type) return current;
  if (type === 'oauth2-client-credentials') return { type, tokenUrl: '', clientId: '' };
  return { type };
}

/** How the provider is signed in to: an API key, an Entra token, OAuth 2 client credentials, or nothing. */
export function AuthFields({
  kind,
  auth,
  setAuth,
  provider,
  secrets,
  setSecret,
  removeSecret,
  envKey,
  busy,
}: {
  kind: ProviderKind;
  auth: AuthConfig;
  setAuth(auth: AuthConfig): void;
  provider: ProviderView | null;
  /** What the user typed, sent on Save: the key (or Entra token) and the client secret. */
  secrets: { key: string; clientSecret: string };
  setSecret(which: 'key' | 'clientSecret', value: string): void;
  removeSecret(kind: SecretKind): void;
  /** The environment variable Parley may take this provider's key from, and how. */
  envKey: { variable: string; use(): void } | null;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const types: AuthType[] = ['api-key', 'oauth2-client-credentials', 'none'];
  if (kind === 'azure' || auth.type === 'azure-entra') types.splice(1, 0, 'azure-entra');
  const key = provider?.key;
  const keyText = key?.hasKey
    ? key.last4
      ? t('settings.keySet', { last4: key.last4 })
      : t('credentials.keySetShort')
    : t('settings.keyNone');
  const storageNotice = key?.storageNotice
    ? noticeIn(
        { message: key.storageNotice, messageZh: key.storageNoticeZh ?? key.storageNotice },
        i18n.language,
      )
    : null;
  const memory = storageNotice ? ` ${t('settings.keyMemory', { reason: storageNotice })}` : '';
  const clientSecretSaved = provider?.saved['oauth-client-secret'] ?? false;

  return (
    <>
      <label htmlFor="pv-auth">{t('settings.auth')}</label>
      <select
        id="pv-auth"
        value={auth.type}
        onChange={(e) => setAuth(authOf(e.target.value as AuthType, auth))}
      >
        {types.map((type) => (
          <option key={type} value={type}>
            {t(`credentials.auths.${type}`)}
          </option>
        ))}
      </select>

      {(auth.type === 'api-key' || auth.type === 'azure-entra') && (
        <SecretField
          id="pv-key"
          label={t(auth.type === 'api-key' ? 'settings.apiKey' : 'credentials.auths.azure-entra')}
          value={secrets.key}
          placeholder={t('settings.apiKeyPlaceholder')}
          onChange={(value) => setSecret('key', value)}
          status={{ text: keyText + memory, saved: !!key?.hasKey }}
          onRemove={() => removeSecret('api-key')}
          busy={busy}
          extra={
            envKey && (
              <button
                type="button"
                className="ghost small"
                title={t('settings.envKeyFound', { variable: envKey.variable })}
                onClick={envKey.use}
                disabled={busy}
              >
                {t('settings.useEnvKey', { variable: envKey.variable })}
              </button>
            )
          }
        />
      )}

      {auth.type === 'oauth2-client-credentials' && (
        <>
          <label htmlFor="pv-token-url">{t('credentials.tokenUrl')}</label>
          <input
            id="pv-token-url"
            type="url"
            required
            spellCheck={false}
            value={auth.tokenUrl}
            placeholder="https://login.example.com/oauth2/token"
            onChange={(e) => setAuth({ ...auth, tokenUrl: e.target.value })}
          />
          <label htmlFor="pv-client-id">{t('credentials.clientId')}</label>
          <input
            id="pv-client-id"
            required
            spellCheck={false}
            autoComplete="off"
            value={auth.clientId}
            onChange={(e) => setAuth({ ...auth, clientId: e.target.value })}
          />
          <label htmlFor="pv-scope">{t('credentials.scope')}</label>
          <input
            id="pv-scope"
            spellCheck={false}
            value={auth.scope ?? ''}
            placeholder={t('credentials.scopeHint')}
            onChange={(e) => setAuth({ ...auth, scope: e.target.value || undefined })}
          />
          <SecretField
            id="pv-client-secret"
            label={t('credentials.clientSecret')}
            value={secrets.clientSecret}
            placeholder={t('credentials.clientSecretPlaceholder')}
            onChange={(value) => setSecret('clientSecret', value)}
            status={{
              text: t(clientSecretSaved ? 'credentials.clientSecretSaved' : 'credentials.clientSecretNone'),
              saved: clientSecretSaved,
            }}
            onRemove={() => removeSecret('oauth-client-secret')}
            busy={busy}
          />
        </>
      )}
    </>
  );
}
