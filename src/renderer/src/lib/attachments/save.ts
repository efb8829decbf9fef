import type { AttachmentRef } from '../../../../shared/attachments.ts';
import { call, on } from '../api.ts';
import { downloadBlob } from '../download.ts';
import { errorText } from '../error-text.ts';
import { readAttachment } from './bytes.ts';

/** Saves a stored attachment's bytes under its (sanitised) name; resolves with a problem in plain words, or null. */
export async function saveAttachment(attachment: AttachmentRef): Promise<string | null> {
  try {
    downloadBlob(attachment.name, await readAttachment({ call, on }, attachment.id));
    return null;
  } catch (error) {
    return errorText(error);
  }
}
