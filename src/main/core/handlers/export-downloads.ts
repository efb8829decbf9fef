import { open, rm, stat } from 'node:fs/promises';
import { IMPORT_CHUNK_BYTES } from '../../../shared/contract.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { TempFiles } from '../store/temp-files.ts';

interface Download {
  file: string;
  totalBytes: number;
}

/**
 * An export written to a temporary file in the data folder, then read by the renderer in chunks
 * (both transports carry it the same way), so a history of any size never sits in main's memory.
 * The file goes once its last chunk is read, or when the app closes (else the next start sweeps it).
 */
export class ExportDownloads {
  readonly #temp: TempFiles;
  readonly #downloads = new Map<string, Download>();

  constructor(temp: TempFiles) {
    this.#temp = temp;
  }

  /** Runs `write` on a new file and keeps it for reading; a failed write leaves nothing behind. */
  async create(
    ext: string,
    write: (file: string) => Promise<void>,
  ): Promise<{ id: string; totalBytes: number }> {
    const { id, file } = this.#temp.reserve(ext);
    try {
      await write(file);
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    const { size } = await stat(file);
    this.#downloads.set(id, { file, totalBytes: size });
    return { id, totalBytes: size };
  }

  /** Base64 of the bytes at `offset` (at most IMPORT_CHUNK_BYTES); after the last one the file goes. */
  async chunk(id: string, offset: number): Promise<{ data: string; done: boolean }> {
    const download = this.#downloads.get(id);
    if (!download)
      throw new ParleyError({
        code: 'not_found',
        message: 'That export is no longer available. Export again.',
        reason: 'export_gone',
      });
    if (offset > download.totalBytes) {
      throw new ParleyError({ code: 'invalid_input', message: 'That part of the export does not exist.' });
    }
    const length = Math.min(IMPORT_CHUNK_BYTES, download.totalBytes - offset);
    const buffer = Buffer.alloc(length);
    const handle = await open(download.file, 'r');
    try {
      await handle.read(buffer, 0, length, offset);
    } finally {
      await handle.close();
    }
    const done = offset + length >= download.totalBytes;
    if (done) await this.discard(id);
    return { data: buffer.toString('base64'), done };
  }

  async discard(id: string): Promise<void> {
    const download = this.#downloads.get(id);
    this.#downloads.delete(id);
    if (download) await rm(download.file, { force: true });
  }

  async discardAll(): Promise<void> {
    await Promise.all([...this.#downloads.keys()].map((id) => this.discard(id)));
  }
}
