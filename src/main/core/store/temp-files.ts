import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A temporary file older than this was left behind: no export or import takes a day. */
export const STALE_TEMP_FILE_MS = 24 * 60 * 60 * 1000;

/**
 * The one owner of Parley's folder of temporary files in the data folder (`dataFiles().temp`):
 * exports waiting to be read by a window (export-downloads.ts) and files being uploaded for an
 * import or an attachment (chunked-uploads.ts). Each is removed when done; what a closed window or an abandoned import
 * leaves behind is swept at the next start, once it is a day old.
 */
export class TempFiles {
  readonly #dir: string;
  readonly #now: () => number;

  constructor(dir: string, now: () => number = Date.now) {
    this.#dir = dir;
    this.#now = now;
  }

  /** A new file name, never used before, in the folder (made owner-only if it is not there yet). */
  reserve(ext: string): { id: string; file: string } {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    return { id, file: join(this.#dir, `${id}${ext}`) };
  }

  /**
   * Removes the folder's files last written more than a day ago; returns how many. Only plain files
   * directly in the folder (a link is removed, never followed); one that cannot go is left for the
   * next start, and a missing folder is nothing to sweep.
   */
  async sweep(maxAgeMs = STALE_TEMP_FILE_MS): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return 0;
    }
    const cutoff = this.#now() - maxAgeMs;
    let removed = 0;
    for (const name of names) {
      const file = join(this.#dir, name);
      try {
        const stats = await lstat(file);
        if ((!stats.isFile() && !stats.isSymbolicLink()) || stats.mtimeMs >= cutoff) continue;
        await rm(file, { force: true });
        removed++;
      } catch {
        // Gone already, or not ours to remove now: the next start tries again.
      }
    }
    return removed;
  }
}
