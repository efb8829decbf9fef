import './archive.css';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../../shared/history.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { chatStore, useListMembership } from '../../state/app-state.ts';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { ArchiveIcon } from '../icons.tsx';
import { Modal } from '../Modal.tsx';

const LIMIT = 500;

interface Archived {
  items: ConversationSummary[];
  more: boolean;
  error: string | null;
}

/**
 * The archived conversations, asked again whenever conversations join or leave the list (an
 * archive, an unarchive, an import), not on every answer or rename.
 */
function useArchived(): Archived {
  const membership = useListMembership();
  const [archived, setArchived] = useState<Archived>({ items: [], more: false, error: null });
  useEffect(() => {
    let current = true;
    call('history.list', { onlyArchived: true, limit: LIMIT })
      .then(
        (page) => current && setArchived({ items: page.items, more: page.nextCursor !== null, error: null }),
      )
      .catch((error: unknown) => current && setArchived((a) => ({ ...a, error: errorText(error) })));
    return () => {
      current = false;
    };
  }, [membership]);
  return archived;
}

/** "Archived (N)" at the bottom of the sidebar, shown when something is archived; it opens the archive. */
export function ArchiveEntry() {
  const { t } = useTranslation();
  const archived = useArchived();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  if (archived.items.length === 0 && !open) return null;
  const count = archived.more ? `${LIMIT}+` : String(archived.items.length);
  return (
    <>
      <button type="button" className="settings-button" onClick={() => setOpen(true)}>
        <ArchiveIcon size={16} />
        <span>{t('archive.entry', { count })}</span>
      </button>
      {open && <ArchiveDialog archived={archived} onClose={close} />}
    </>
  );
}

function ArchiveDialog({ archived, onClose }: { archived: Archived; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [failure, setFailure] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const unarchive = (id: string) =>
    void chatStore.setArchived(id, false).catch((error: unknown) => setFailure(errorText(error)));
  const error = failure ?? archived.error;

  return (
    <Modal className="archive-dialog" labelledBy="archive-title" onClose={onClose}>
      <DialogCloseButton label={t('archive.close')} onClose={onClose} />
      <h2 id="archive-title">{t('archive.title')}</h2>
      <p className="hint">{t('archive.hint')}</p>
      {error && (
        <p className="feedback error" role="alert">
          {t('archive.failed', { message: error })}
        </p>
      )}
      {archived.items.length === 0 ? (
        <p className="muted">{t('archive.empty')}</p>
      ) : (
        <ul className="archive-list" aria-label={t('archive.title')}>
          {archived.items.map((c) => {
            const title = c.title || t('sidebar.untitled');
            return (
              <li key={c.id}>
                <span className="archive-title">{title}</span>
                <span className="archive-date">{date.format(c.updatedAt)}</span>
                <button
                  type="button"
                  aria-label={t('archive.openLabel', { title })}
                  onClick={() => {
                    chatStore.select(c.id);
                    onClose();
                  }}
                >
                  {t('archive.open')}
                </button>
                <button
                  type="button"
                  aria-label={t('archive.unarchiveLabel', { title })}
                  onClick={() => unarchive(c.id)}
                >
                  {t('archive.unarchive')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {archived.more && <p className="hint">{t('archive.more', { count: LIMIT })}</p>}
    </Modal>
  );
}
