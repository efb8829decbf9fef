import './attachments.css';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_LIMITS } from '../../../../shared/attachments.ts';
import { formatSize } from '../../lib/attachments/size.ts';
import { PaperclipIcon } from '../icons.tsx';

/** Over the whole window while files are dragged over it: says that a drop attaches them. */
export function DropOverlay() {
  const { t } = useTranslation();
  return (
    <div className="drop-overlay" role="status">
      <div className="drop-card">
        <PaperclipIcon size={28} />
        <strong>{t('attachments.dropTitle')}</strong>
        <span>
          {t('attachments.dropHint', {
            files: ATTACHMENT_LIMITS.maxFilesPerMessage,
            size: formatSize(ATTACHMENT_LIMITS.maxFileBytes, t),
          })}
        </span>
      </div>
    </div>
  );
}
