import type { ErrorParams, ErrorReason } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';

/** A file Parley does not attach, and why, in plain words (a window translates it by its reason). */
export function attachmentRefusal(
  reason: Extract<ErrorReason, `attachment_${string}` | `pdf_${string}`>,
  message: string,
  params: ErrorParams = {},
  detail?: string,
): ParleyError {
  return new ParleyError({ code: 'invalid_input', message, reason, params, ...(detail ? { detail } : {}) });
}
