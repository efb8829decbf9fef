import './attachments.css';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ATTACHMENT_LIMITS } from '../../../../shared/attachments.ts';
import type { DraftItem, DraftProblem } from '../../lib/attachments/draft.ts';
import { formatSize } from '../../lib/attachments/size.ts';
import { errorText } from '../../lib/error-text.ts';
import { CloseIcon } from '../icons.tsx';
import { AttachmentChip } from './AttachmentChip.tsx';

/** A refused or failed file, in plain words. */
export function problemText(problem: DraftProblem, t: TFunction): string {
  switch (problem.kind) {
    case 'tooLarge':
      return t('attachments.problem.tooLarge', { size: formatSize(ATTACHMENT_LIMITS.maxFileBytes, t) });
    case 'tooMany':
      return t('attachments.problem.tooMany', { count: ATTACHMENT_LIMITS.maxFilesPerMessage });
    case 'messageTooLarge':
      return t('attachments.problem.messageTooLarge', {
        size: formatSize(ATTACHMENT_LIMITS.maxMessageBytes, t),
      });
    case 'empty':
      return t('attachments.problem.empty');
    case 'failed':
      return errorText(problem.error);
  }
}

function detailOf(item: DraftItem, t: TFunction): string {
  if (item.problem) return problemText(item.problem, t);
  if (item.state === 'preparing') return t('attachments.preparing');
  if (item.state === 'uploading')
    return t('attachments.uploading', { percent: Math.round(item.fraction * 100) });
  const parts = [formatSize(item.ref?.size ?? item.size, t)];
  if (item.ref?.tokens !== undefined) parts.push(t('attachments.tokens', { count: item.ref.tokens }));
  if (item.downscaled) parts.push(t('attachments.downscaled'));
  return parts.join(' · ');
}

/** The files about to be sent, as chips: what each is, how its upload goes, and a way to remove it. */
export function DraftChips({
  items,
  onRemove,
}: {
  items: readonly DraftItem[];
  onRemove(key: string): void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <ul className="attachment-chips draft" aria-label={t('attachments.chips')}>
      {items.map((item) => (
        <AttachmentChip
          key={item.key}
          name={item.name}
          state={item.state}
          thumbnail={
            item.previewUrl ? (
              <img src={item.previewUrl} alt="" decoding="async" draggable={false} />
            ) : undefined
          }
          detail={<span role={item.problem ? 'alert' : undefined}>{detailOf(item, t)}</span>}
          progress={item.state === 'uploading' ? item.fraction : undefined}
        >
          <button
            type="button"
            className="chip-remove"
            aria-label={t('attachments.remove', { name: item.name })}
            title={t('attachments.remove', { name: item.name })}
            onClick={() => onRemove(item.key)}
          >
            <CloseIcon size={12} />
          </button>
        </AttachmentChip>
      ))}
    </ul>
  );
}
