import { useId, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { AttachmentRef } from '../../../../shared/attachments.ts';
import { formatSize } from '../../lib/attachments/size.ts';
import { Modal } from '../Modal.tsx';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { SaveButton } from './SaveButton.tsx';

/** An image shown large over the window; Esc, the close button or a click beside it closes it. */
export function ImageLightbox({
  attachment,
  url,
  onClose,
}: {
  attachment: AttachmentRef;
  url: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const dims = attachment.width && attachment.height ? `${attachment.width} × ${attachment.height} · ` : '';
  // On the body: a message row is moved with a transform, which would pin a fixed overlay to it.
  return createPortal(
    <Modal className="lightbox" overlayClass="lightbox-overlay" labelledBy={titleId} onClose={onClose}>
      <header className="lightbox-bar">
        <h2 id={titleId} title={attachment.name}>
          {attachment.name}
        </h2>
        <span className="lightbox-meta">
          {problem
            ? t('attachments.saveFailed', { name: attachment.name, message: problem })
            : `${dims}${formatSize(attachment.size, t)}`}
        </span>
        <SaveButton attachment={attachment} className="icon-button" onProblem={setProblem} />
        <DialogCloseButton label={t('attachments.close')} onClose={onClose} className="icon-button" />
      </header>
      <img className="lightbox-image" src={url} alt={t('attachments.image', { name: attachment.name })} />
    </Modal>,
    document.body,
  );
}
