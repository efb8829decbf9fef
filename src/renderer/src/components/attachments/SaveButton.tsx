import { useTranslation } from 'react-i18next';
import type { AttachmentRef } from '../../../../shared/attachments.ts';
import { saveAttachment } from '../../lib/attachments/save.ts';
import { DownloadIcon } from '../icons.tsx';

/** Saves a stored attachment under its name; a failure goes to `onProblem` in plain words (null: saved). */
export function SaveButton({
  attachment,
  className,
  onProblem,
}: {
  attachment: AttachmentRef;
  className: string;
  onProblem(problem: string | null): void;
}) {
  const { t } = useTranslation();
  const label = t('attachments.save', { name: attachment.name });
  return (
    <button
      type="button"
      className={className}
      aria-label={label}
      title={label}
      onClick={() => void saveAttachment(attachment).then(onProblem)}
    >
      <DownloadIcon size={15} />
    </button>
  );
}
