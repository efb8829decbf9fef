import { appendFile, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { ParleyError } from '../../../shared/errors.ts';
import { IMPORT_LIMITS, megabytes } from '../store/import-limits.ts';
import type { TempFiles } from '../store/temp-files.ts';

interface Upload {
  file: string;
  totalBytes: number;
  received: number;
}

/**
 * A file sent from the renderer in chunks (both transports carry it the same way), written to a
 * temporary file in the data folder so a large export never sits in memory. An abandoned upload's
 * file is swept at the next start.
 */
export class ImportUploads {
  readonly #temp: TempFiles;
  readonly #uploads = new Map<string, Upload>();

  constructor(temp: TempFiles) {
    this.#temp = temp;
  }

  begin(fileName: string, totalBytes: number): string {
    const ext = extname(fileName).toLowerCase();
    if (ext !== '.json' && ext !== '.zip') {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Choose the ChatGPT export: its .zip file, or conversations.json from inside it.',
        reason: 'import_kind',
      });
    }
    if (totalBytes > IMPORT_LIMITS.maxExportBytes) {
      throw new ParleyError({
        code: 'invalid_input',
        message: `That file is larger than ${megabytes(IMPORT_LIMITS.maxExportBytes)}, more than Parley imports at once.`,
        reason: 'import_too_large',
        params: { limit: megabytes(IMPORT_LIMITS.maxExportBytes) },
      });
    }
    const { id, file } = this.#temp.reserve(ext);
    this.#uploads.set(id, { file, totalBytes, received: 0 });
    return id;
  }

  async chunk(id: string, offset: number, base64: string): Promise<number> {
    const upload = this.#get(id);
    if (offset !== upload.received) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Part of the file went missing on the way. Try again.',
        reason: 'upload_incomplete',
      });
    }
    const bytes = Buffer.from(base64, 'base64');
    if (upload.received + bytes.length > upload.totalBytes) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'The file is larger than announced. Try again.',
        reason: 'upload_incomplete',
      });
    }
    await appendFile(upload.file, bytes);
    upload.received += bytes.length;
    return upload.received;
  }

  /** Hands over the complete file; the caller removes it with `discard` when done. */
  finish(id: string): { file: string; totalBytes: number } {
    const upload = this.#get(id);
    if (upload.received !== upload.totalBytes) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'The file did not arrive completely. Try again.',
        reason: 'upload_incomplete',
      });
    }
    return { file: upload.file, totalBytes: upload.totalBytes };
  }

  async discard(id: string): Promise<void> {
    const upload = this.#uploads.get(id);
    this.#uploads.delete(id);
    if (upload) await rm(upload.file, { force: true });
  }

  async discardAll(): Promise<void> {
    await Promise.all([...this.#uploads.keys()].map((id) => this.discard(id)));
  }

  #get(id: string): Upload {
    const upload = this.#uploads.get(id);
    if (!upload)
      throw new ParleyError({ code: 'not_found', message: 'That import is no longer in progress.' });
    return upload;
  }
}
