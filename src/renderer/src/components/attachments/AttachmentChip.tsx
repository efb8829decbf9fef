import './attachments.css';
import type { ReactNode } from 'react';
import { FileIcon } from '../icons.tsx';

/**
 * The one look of a file beside a message: a thumbnail (or a file icon), the name, a line of
 * detail, and the chip's own buttons. The composer's chips and a message's files both use it.
 */
export function AttachmentChip({
  thumbnail,
  name,
  detail,
  state,
  progress,
  children,
}: {
  /** An image's thumbnail (an <img> of bytes already in the window), else the file icon shows. */
  thumbnail?: ReactNode;
  name: string;
  detail: ReactNode;
  state?: string;
  /** Upload progress 0..1, shown as a thin bar while it runs. */
  progress?: number;
  children?: ReactNode;
}) {
  return (
    <li className="attachment-chip" data-state={state}>
      <span className="chip-thumb" aria-hidden="true">
        {thumbnail ?? <FileIcon size={18} />}
      </span>
      <span className="chip-text">
        <span className="chip-name" title={name}>
          {name}
        </span>
        <span className="chip-detail">{detail}</span>
      </span>
      {children}
      {progress !== undefined && (
        <span className="chip-progress" aria-hidden="true">
          <span style={{ width: `${Math.round(progress * 100)}%` }} />
        </span>
      )}
    </li>
  );
}
