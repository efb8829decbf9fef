import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ParleyError } from '../../../shared/errors.ts';
import { asStorageError } from './history-db.ts';

/**
 * The attachment files in the data folder: `attachments/<first 2 hex>/<sha-256 hex>`, each written
 * to a temporary file in the same folder, flushed, then renamed to its hash, so a crash or a full
 * disk never leaves half a file under a hash name. Owner-only (they are the user's own files).
 */
const ID = /^[0-9a-f]{64}$/;
const TEMP = /^[0-9a-f]{64}\.[0-9a-f]+\.tmp$/;

export function attachmentPath(dir: string, id: string): string {
  return join(dir, id.slice(0, 2), id);
}

/** Writes `bytes` under `id` unless a file of that size is there already. */
export function writeAttachmentFile(dir: string, id: string, bytes: Uint8Array, name: string): void {
  const file = attachmentPath(dir, id);
  if (sizeOf(file) === bytes.byteLength) return;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(join(dir, id.slice(0, 2)), { recursive: true, mode: 0o700 });
    const fd = openSync(temp, 'w', 0o600);
    try {
      for (let at = 0; at < bytes.byteLength;) at += writeSync(fd, bytes, at, bytes.byteLength - at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw fileWriteError(error, name);
  }
}

function fileWriteError(error: unknown, name: string): ParleyError {
  const code = String((error as { code?: string }).code);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ParleyError(
      {
        code: 'storage',
        reason: 'attachment_disk_full',
        params: { name },
        message: `The disk is full, so “${name}” could not be saved. Nothing was lost: free some space and attach it again.`,
        detail: error instanceof Error ? error.message : String(error),
      },
      { cause: error },
    );
  }
  return asStorageError(error, `“${name}” could not be saved in Parley's data folder. Nothing was lost.`);
}

/** The file's size, or null when there is no file. */
export function sizeOf(file: string): number | null {
  try {
    return statSync(file).size;
  } catch {
    return null;
  }
}

export function removeAttachmentFile(dir: string, id: string): void {
  removeQuietly(attachmentPath(dir, id));
}

/** Removes a file if it can; one that cannot go now is found by a later sweep. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Left for the next sweep.
  }
}

/**
 * Files in the folder that are not attachments any more: hash-named files `isStored` does not know
 * and left-over temporary files, last written before `cutoff` (a newer one may be a write in
 * progress in another Parley process). Links and folders are left alone.
 */
export function strayAttachmentFiles(
  dir: string,
  isStored: (id: string) => boolean,
  cutoff: number,
): string[] {
  const stray: string[] = [];
  for (const prefix of listDir(dir)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of listDir(join(dir, prefix))) {
      const file = join(dir, prefix, name);
      const known = ID.test(name) && name.startsWith(prefix);
      if (!(known && !isStored(name)) && !TEMP.test(name)) continue;
      try {
        const stats = lstatSync(file);
        if (stats.isFile() && stats.mtimeMs < cutoff) stray.push(file);
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return stray;
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
