import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultState } from '../../../shared/vault.ts';
import { VAULT_PASSPHRASE_MIN } from '../../../shared/vault.ts';
import { call, on } from '../lib/api.ts';
import { errorText } from '../lib/error-text.ts';
import { settingsStore } from '../state/app-state.ts';
import './vault-prompt.css';

/**
 * Where there is no keychain: offers to make a key vault (or to keep keys for this session only),
 * and asks for its passphrase once per start. Every tab follows `vault.changed`.
 */
export function VaultPrompt() {
  const [state, setState] = useState<VaultState | null>(null);
  useEffect(() => {
    const off = on('vault.changed', ({ state: next }) => {
      setState(next);
      // Keys just became readable (or moved into the vault): show them as saved.
      void settingsStore.reload();
    });
    call('vault.status')
      .then(({ state: now }) => setState(now))
      .catch(() => {});
    return off;
  }, []);
  if (state === 'none') return <CreateVault />;
  if (state === 'locked') return <UnlockVault />;
  return null;
}

function CreateVault() {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < VAULT_PASSPHRASE_MIN) return setError(t('vault.tooShort'));
    if (passphrase !== confirm) return setError(t('vault.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await call('vault.create', { passphrase });
    } catch (e) {
      setError(t('vault.failed', { message: errorText(e) }));
      setBusy(false);
    }
  };

  return (
    <VaultCard title={t('vault.createTitle')} body={t('vault.createBody')} onSubmit={submit} error={error}>
      <label>
        {t('vault.passphrase')}
        <input
          type="password"
          autoComplete="new-password"
          autoFocus
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <label>
        {t('vault.confirm')}
        <input
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </label>
      <div className="vault-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('vault.creating') : t('vault.create')}
        </button>
        <button type="button" disabled={busy} onClick={() => void call('vault.decline').catch(() => {})}>
          {t('vault.sessionOnly')}
        </button>
      </div>
    </VaultCard>
  );
}

function UnlockVault() {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length < VAULT_PASSPHRASE_MIN) return setError(t('vault.wrong'));
    setBusy(true);
    setError(null);
    try {
      const { wrongPassphrase } = await call('vault.unlock', { passphrase });
      if (wrongPassphrase) setError(t('vault.wrong'));
    } catch (e) {
      setError(t('vault.failed', { message: errorText(e) }));
    }
    setBusy(false);
    setPassphrase('');
    input.current?.focus();
  };

  return (
    <VaultCard
      title={t('vault.unlockTitle')}
      body={t('vault.unlockBody')}
      hint={t('vault.forgot')}
      onSubmit={submit}
      error={error}
    >
      <label htmlFor="vault-unlock">{t('vault.passphrase')}</label>
      <div className="vault-row">
        <input
          id="vault-unlock"
          ref={input}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('vault.unlocking') : t('vault.unlock')}
        </button>
      </div>
    </VaultCard>
  );
}

function VaultCard(props: {
  title: string;
  body: string;
  hint?: string;
  error: string | null;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="vault-prompt" role="region" aria-label={t('vault.region')}>
      <form onSubmit={props.onSubmit} aria-labelledby="vault-title">
        <h2 id="vault-title">{props.title}</h2>
        <p>{props.body}</p>
        {props.children}
        {props.error && (
          <p className="vault-error" role="alert">
            {props.error}
          </p>
        )}
        {props.hint && <p className="vault-hint">{props.hint}</p>}
      </form>
    </section>
  );
}
