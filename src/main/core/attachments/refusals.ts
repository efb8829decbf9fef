import type { ErrorParams, ErrorReason } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { megabytes } from '../store/import-limits.ts';

/** A file Parley does not attach, and why, in plain words (a window translates it by its reason). */
export function attachmentRefusal(
  reason: Extract<ErrorReason, `attachment_${string}` | `pdf_${string}`>,
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
