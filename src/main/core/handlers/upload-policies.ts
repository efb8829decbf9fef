import { extname } from 'node:path';
import { ATTACHMENT_LIMITS } from '../../../shared/attachments.ts';
import { ParleyError } from '../../../shared/errors.ts';
import { IMPORT_LIMITS, megabytes } from '../store/import-limits.ts';
import { fileTooLarge } from '../attachments/refusals.ts';
import type { UploadPolicy } from './chunked-uploads.ts';

/** A ChatGPT data export: its .zip, or conversations.json from inside it, up to the import limit. */
export const chatGptImportUpload: UploadPolicy = {
  what: 'That import',
  admit(name, totalBytes) {
    const ext = extname(name).toLowerCase();
    if (ext !== '.json' && ext !== '.zip')
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Choose the ChatGPT export: its .zip file, or conversations.json from inside it.',
        reason: 'import_kind',
      });
    if (totalBytes > IMPORT_LIMITS.maxExportBytes)
      throw new ParleyError({
        code: 'invalid_input',
        message: `That file is larger than ${megabytes(IMPORT_LIMITS.maxExportBytes)}, more than Parley imports at once.`,
        reason: 'import_too_large',
        params: { limit: megabytes(IMPORT_LIMITS.maxExportBytes) },
      });
    return ext;
  },
};

/**
 * A file attached to a message: any name (its type is sniffed from its bytes when it has arrived,
 * and the name is never used as a path), up to the size cap of one file.
 */
export const attachmentUpload: UploadPolicy = {
  what: 'That upload',
  admit(_name, totalBytes) {
    if (totalBytes > ATTACHMENT_LIMITS.maxFileBytes) throw fileTooLarge();
    return '.upload';
  },
};
