import type { ErrorParams, ErrorReason } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { megabytes } from '../store/import-limits.ts';

/** A file Parley does not attach, and why, in plain words (a window translates it by its reason). */
export function attachmentRefusal(
  reason: Extract<ErrorReason, `attachment${string}` | `pdf_${string}`>,
  message: string,
  params: ErrorParams = {},
  detail?: string,
): ParleyError {
  return new ParleyError({ code: 'invalid_input', message, reason, params, ...(detail ? { detail } : {}) });
}

/** A file over the size cap of one attachment. */
export const fileTooLarge = (limit: number = ATTACHMENT_LIMITS.maxFileBytes): ParleyError =>
  attachmentRefusal(
    'attachment_too_large',
    `That file is larger than ${megabytes(limit)}, more than Parley attaches.`,
    { limit: megabytes(limit) },
  );

/**
 * Refuses, before anything is sent or stored, a message whose attachments together are over the
 * cap of one message (the renderer checks too, but main does not trust it).
 */
export function checkMessageAttachments(sizes: readonly number[]): void {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > ATTACHMENT_LIMITS.maxMessageBytes)
    throw attachmentRefusal(
      'attachments_too_large',
      `These files together are larger than ${megabytes(ATTACHMENT_LIMITS.maxMessageBytes)}, more than Parley sends with one message. Send some of them in another message.`,
      { limit: megabytes(ATTACHMENT_LIMITS.maxMessageBytes) },
    );
}
