import './attachments.css';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentRef, MessagePart } from '../../../../shared/attachments.ts';
import { formatSize } from '../../lib/attachments/size.ts';
import { ImageIcon } from '../icons.tsx';
import { SaveButton } from './SaveButton.tsx';
import { AttachmentChip } from './AttachmentChip.tsx';
import { ImageLightbox } from './ImageLightbox.tsx';
import { useAttachmentUrl, useNearView } from './use-attachment-url.ts';
import { thumbnailBox } from '../../lib/attachments/thumbnail-box.ts';

/** A message's images (thumbnails that open large) and files (chips that can be saved). */
export function MessageAttachments({ parts }: { parts: readonly MessagePart[] }) {
  const images = parts.flatMap((p) => (p.type === 'image' ? [p.attachment] : []));
  const files = parts.flatMap((p) => (p.type === 'file' ? [p.attachment] : []));
  if (images.length === 0 && files.length === 0) return null;
  return (
    <div className="message-attachments">
      {images.length > 0 && (
        <ul className="message-images">
          {images.map((ref, index) => (
            <Thumbnail key={`${ref.id}-${index}`} attachment={ref} />
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="attachment-chips">
          {files.map((ref, index) => (
            <SavedFile key={`${ref.id}-${index}`} attachment={ref} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Thumbnail({ attachment }: { attachment: AttachmentRef }) {
  const { t } = useTranslation();
  const box = useRef<HTMLLIElement>(null);
  const near = useNearView(box);
  const image = useAttachmentUrl(attachment.id, near);
  const [open, setOpen] = useState(false);
  const size = thumbnailBox(attachment);
  return (
    <li ref={box} className="message-image" style={size} data-status={image.status}>
      {image.status === 'ready' ? (
        <button
          type="button"
          className="thumb-button"
          aria-label={t('attachments.open', { name: attachment.name })}
          title={attachment.name}
          onClick={() => setOpen(true)}
        >
          <img
            src={image.url}
            alt={t('attachments.image', { name: attachment.name })}
            decoding="async"
            draggable={false}
          />
        </button>
      ) : image.status === 'missing' ? (
        <span className="thumb-missing" role="img" aria-label={t('attachments.missing')}>
          <ImageIcon size={20} />
          <span>{t('attachments.missing')}</span>
        </span>
      ) : (
        <span className="thumb-loading" role="img" aria-label={t('attachments.loading')} />
      )}
      {open && image.status === 'ready' && (
        <ImageLightbox attachment={attachment} url={image.url} onClose={() => setOpen(false)} />
      )}
    </li>
  );
}

/** The stored type of an SVG (a text file, sent as its source): shown as a picture in an <img>. */
const SVG = 'image/svg+xml';

function SavedFile({ attachment }: { attachment: AttachmentRef }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const picture = useAttachmentUrl(attachment.id, attachment.mime === SVG);
  const detail = [formatSize(attachment.size, t)];
  if (attachment.tokens !== undefined) detail.push(t('attachments.tokens', { count: attachment.tokens }));
  return (
    <AttachmentChip
      thumbnail={
        picture.status === 'ready' ? (
          <img src={picture.url} alt={t('attachments.image', { name: attachment.name })} draggable={false} />
        ) : undefined
      }
      name={attachment.name}
      state={problem ? 'failed' : 'ready'}
      detail={
        problem ? (
          <span role="alert">{t('attachments.saveFailed', { name: attachment.name, message: problem })}</span>
        ) : (
          detail.join(' · ')
        )
      }
    >
      <SaveButton attachment={attachment} className="chip-save" onProblem={setProblem} />
    </AttachmentChip>
  );
}
