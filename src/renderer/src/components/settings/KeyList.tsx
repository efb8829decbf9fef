import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeyList as KeyListView } from '../../../../shared/keys.ts';
import type { ProviderView } from '../../../../shared/settings.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { settingsStore } from '../../state/app-state.ts';

/**
 * A provider's API keys, used in turn: each as a hint (its last four characters), when it was added
 * and whether it is resting after a rate limit or a spent quota; another key can be added and any
 * removed. Keys go to main once and never come back: main answers with hints only.
 */
export function KeyList({ provider }: { provider: ProviderView }) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<KeyListView | null>(null);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const providerId = provider.id;

  // Key 1 is also the provider's key status: follow it when it is saved or removed above.
  useEffect(() => {
    let live = true;
    call('keys.list', { providerId }).then(
      (next) => live && setList(next),
      (error: unknown) => live && setProblem(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [providerId, provider.key.hasKey, provider.key.last4]);

  const act = async (request: () => Promise<KeyListView>) => {
    setBusy(true);
    setProblem(null);
    try {
      setList(await request());
      await settingsStore.reload();
      return true;
    } catch (error) {
      setProblem(errorText(error));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async () => {
    if (await act(() => call('keys.add', { providerId, key: typed.trim() }))) setTyped('');
  };
  const dateTime = (ms: number, withDate: boolean) =>
    new Intl.DateTimeFormat(
      i18n.language,
      withDate ? { dateStyle: 'medium' } : { timeStyle: 'short' },
    ).format(ms);

  return (
    <>
      <span className="field-label">{t('answerRoute.keys.title')}</span>
      <div className="key-list">
        <p className="hint">{t('answerRoute.keys.hint')}</p>
        {list && list.keys.length === 0 && <p className="hint">{t('answerRoute.keys.none')}</p>}
        {list && list.keys.length > 0 && (
          <ul aria-label={t('answerRoute.keys.title')}>
            {list.keys.map((key) => (
              <li key={key.id}>
                <span className="key-hint">
                  {key.last4
                    ? t('answerRoute.keys.key', { id: key.id, last4: key.last4 })
                    : t('answerRoute.keys.keyNoHint', { id: key.id })}
                </span>
                {key.addedAt !== null && (
                  <span className="hint">
                    {t('answerRoute.keys.added', { date: dateTime(key.addedAt, true) })}
                  </span>
                )}
                {key.coolingUntil !== null && (
                  <span className="key-cooling">
                    {t('answerRoute.keys.cooling', { time: dateTime(key.coolingUntil, false) })}
                  </span>
                )}
                <button
                  type="button"
                  className="ghost small"
                  aria-label={t('answerRoute.keys.remove', { id: key.id })}
                  disabled={busy}
                  onClick={() => void act(() => call('keys.remove', { providerId, keyId: key.id }))}
                >
                  {t('credentials.removeSecret')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="inline-row">
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-label={t('answerRoute.keys.newKey')}
            placeholder={t('answerRoute.keys.newKey')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (typed.trim()) void add();
              }
            }}
          />
          <button
            type="button"
            className="ghost small"
            disabled={busy || !typed.trim()}
            onClick={() => void add()}
          >
            {t('answerRoute.keys.add')}
          </button>
        </div>
        {problem && (
          <p className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </div>
    </>
  );
}
