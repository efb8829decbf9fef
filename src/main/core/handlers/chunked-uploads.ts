import { appendFile, readFile, rm } from 'node:fs/promises';
import { ParleyError } from '../../../shared/errors.ts';
import type { TempFiles } from '../store/temp-files.ts';

/** What one use of uploads (a ChatGPT import, an attachment) admits. */
export interface UploadPolicy {
  /** Names the upload in "… is no longer in progress". */
  what: string;
  /**
   * Refuses, in plain words and before anything is written, a file this use does not take (by its
   * announced name and size); returns the extension its temporary file gets.
   */
  admit(name: string, totalBytes: number): string;
}

interface Upload {
  policy: UploadPolicy;
  name: string;
  file: string;
  totalBytes: number;
  received: number;
  /** The chunks' writes, in order. */
  writing: Promise<void>;
  /** When it last began or took a chunk. */
  touched: number;
  /** Handed over (`finish`): its owner discards it, however long it takes. */
  finished: boolean;
}

/** Uploads in progress at once; a window never needs more, and each holds a temporary file. */
export const MAX_OPEN_UPLOADS = 64;
/** An upload no chunk has come for in this long was abandoned (a window closed mid-way): it goes. */
export const IDLE_UPLOAD_MS = 10 * 60 * 1000;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const incomplete = (message: string) =>
  new ParleyError({ code: 'invalid_input', message, reason: 'upload_incomplete' });

/**
 * The one owner of files sent from a window in chunks (both transports carry them the same way):
 * each is written to a temporary file in the data folder, so a large one never sits in memory, and
 * checked as it arrives (chunks in order, valid base64, never more than announced). What each use
 * takes is its policy. An upload left idle is dropped when another begins (so abandoned ones never
 * fill the list); a file left behind by a crash is swept at the next start.
 */
export class ChunkedUploads {
  readonly #temp: TempFiles;
  readonly #now: () => number;
  readonly #uploads = new Map<string, Upload>();

  constructor(temp: TempFiles, now: () => number = Date.now) {
    this.#temp = temp;
    this.#now = now;
  }

  begin(policy: UploadPolicy, name: string, totalBytes: number): string {
    const ext = policy.admit(name, totalBytes);
    for (const [id, upload] of this.#uploads)
      if (!upload.finished && this.#now() - upload.touched > IDLE_UPLOAD_MS) void this.discard(id);
    if (this.#uploads.size >= MAX_OPEN_UPLOADS)
      throw new ParleyError({
        code: 'invalid_input',
        message: 'Too many files are being sent at once. Wait for them to finish and try again.',
      });
    const { id, file } = this.#temp.reserve(ext);
    this.#uploads.set(id, {
      policy,
      name,
      file,
      totalBytes,
      received: 0,
      writing: Promise.resolve(),
      touched: this.#now(),
      finished: false,
    });
    return id;
  }

  async chunk(policy: UploadPolicy, id: string, offset: number, base64: string): Promise<number> {
    const upload = this.#get(policy, id);
    if (offset !== upload.received) throw incomplete('Part of the file went missing on the way. Try again.');
    if (!BASE64.test(base64)) throw incomplete('Part of the file arrived damaged. Try again.');
    const bytes = Buffer.from(base64, 'base64');
    if (upload.received + bytes.length > upload.totalBytes)
      throw incomplete('The file is larger than announced. Try again.');
    // Counted before the write, so a chunk sent twice at once is refused rather than written twice.
    upload.received += bytes.length;
    upload.touched = this.#now();
    upload.writing = upload.writing.then(() => appendFile(upload.file, bytes));
    try {
      await upload.writing;
    } catch (error) {
      await this.discard(id);
      throw new ParleyError({
        code: 'storage',
        message: 'The file could not be saved for sending. Is the disk full?',
        detail: String(error),
      });
    }
    return upload.received;
  }

  /** The complete file's temporary path; the caller removes it with `discard` when done. */
  async finish(
    policy: UploadPolicy,
    id: string,
  ): Promise<{ file: string; name: string; totalBytes: number }> {
    const upload = this.#get(policy, id);
    await upload.writing.catch(() => undefined);
    if (upload.received !== upload.totalBytes || !this.#uploads.has(id))
      throw incomplete('The file did not arrive completely. Try again.');
    upload.finished = true;
    return { file: upload.file, name: upload.name, totalBytes: upload.totalBytes };
  }

  /** The complete file's bytes (small files only: attachments are capped), and the upload is over. */
  async take(policy: UploadPolicy, id: string): Promise<{ bytes: Uint8Array; name: string }> {
    const { file, name } = await this.finish(policy, id);
    try {
      return { bytes: new Uint8Array(await readFile(file)), name };
    } finally {
      await this.discard(id);
    }
  }

  async discard(id: string): Promise<void> {
    const upload = this.#uploads.get(id);
    this.#uploads.delete(id);
    if (upload) {
      await upload.writing.catch(() => undefined);
      // A file that cannot go now is swept at the next start.
      await rm(upload.file, { force: true }).catch(() => undefined);
    }
  }

  async discardAll(): Promise<void> {
    await Promise.all([...this.#uploads.keys()].map((id) => this.discard(id)));
  }

  #get(policy: UploadPolicy, id: string): Upload {
    const upload = this.#uploads.get(id);
    if (!upload || upload.policy !== policy)
      throw new ParleyError({ code: 'not_found', message: `${policy.what} is no longer in progress.` });
    return upload;
  }
}
