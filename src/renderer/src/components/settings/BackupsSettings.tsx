import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../../shared/backups.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { chatStore } from '../../state/app-state.ts';
import { FeedbackLine } from './Feedback.tsx';
import { useSaver } from './useSaver.ts';

/** The history's backups: listed newest first, made now, restored (after a confirmation). */
export function BackupsSettings() {
  const { t, i18n } = useTranslation();
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [feedback, run, busy] = useSaver();

  // Bumped after a create or restore: the list is fetched again.
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  useEffect(() => {
    let live = true;
    call('backups.list', {}).then(
      (list) => {
        if (!live) return;
        setBackups(list);
        setListError(null);
      },
      (error: unknown) => live && setListError(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const size = (bytes: number) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024);

  const create = () =>
    run(async () => {
      const made = await call('backups.create', {});
      reload();
      return t('backups.created', { date: date(made.createdAt) });
    });

  const restore = (backup: BackupInfo) =>
    run(async () => {
      setConfirming(null);
      await call('backups.restore', { id: backup.id });
      reload();
      void chatStore.loadList();
      return t('backups.restored', { date: date(backup.createdAt) });
    });

  return (
    <>
      <h4>{t('backups.title')}</h4>
      <p className="hint">{t('backups.hint')}</p>
      <div className="inline-row">
        <button type="button" onClick={() => void create()} disabled={busy}>
          {t('backups.create')}
        </button>
      </div>
      {listError && (
        <p className="feedback error" role="alert">
          {t('backups.listFailed', { message: listError })}
        </p>
      )}
      {backups && backups.length === 0 && <p className="hint">{t('backups.none')}</p>}
      {backups && backups.length > 0 && (
        <ul className="backup-list" aria-label={t('backups.title')}>
          {backups.map((backup) => (
            <li key={backup.id}>
              <span>
                {t('backups.entry', {
                  date: date(backup.createdAt),
                  size: size(backup.bytes),
                  count:
                    backup.conversations === null ? t('backups.unreadable') : String(backup.conversations),
                })}
              </span>{' '}
              {confirming === backup.id ? (
                <span role="group" aria-label={t('backups.confirmLabel')}>
                  {t('backups.confirm')}{' '}
                  <button type="button" onClick={() => void restore(backup)} disabled={busy}>
                    {t('backups.confirmYes')}
                  </button>{' '}
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('backups.cancel')}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  onClick={() => setConfirming(backup.id)}
                  disabled={busy || backup.conversations === null}
                  aria-label={t('backups.restoreLabel', { date: date(backup.createdAt) })}
                >
                  {t('backups.restore')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FeedbackLine feedback={feedback} />
    </>
  );
}
