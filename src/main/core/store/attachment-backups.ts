import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { attachmentPath, listDir, removeQuietly } from './attachment-files.ts';

/**
 * The attachment files backups need. Backups of the history database share one pool of attachment
 * files, `backups/attachments/<2 hex>/<hash>`, content-addressed like the live folder (so each file
 * is kept once however many backups refer to it, as a hard link where the disk allows). A backup
 * puts what it refers to in the pool; a restore brings back what the restored history refers to
 * and the live folder lacks; rotation prunes what no backup refers to any more.
 */
export function attachmentPool(backupsDir: string): string {
  return join(backupsDir, 'attachments');
}

/** The attachment ids a history file refers to (none for a history from before attachments). */
export function attachmentIdsIn(file: string): string[] | null {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'")
      .get();
    if (!table) return [];
    return (db.prepare('SELECT id FROM attachments').all() as { id: string }[]).map((r) => r.id);
  } catch {
    return null; // unreadable
  } finally {
    db?.close();
  }
}

/** Every attachment id with a file in `dir` (the live folder or the pool). */
export function storedIds(dir: string): string[] {
  return listDir(dir).flatMap((prefix) =>
    /^[0-9a-f]{2}$/.test(prefix) ? listDir(join(dir, prefix)).filter((n) => /^[0-9a-f]{64}$/.test(n)) : [],
  );
}

/** Copies (links) the files of `ids` from one content-addressed folder to another, where missing. */
export function copyAttachments(from: string, to: string, ids: Iterable<string>): number {
  let copied = 0;
  for (const id of ids) {
    const source = attachmentPath(from, id);
    const target = attachmentPath(to, id);
    if (existsSync(target) || !existsSync(source)) continue;
    const temp = `${target}.${process.pid}.tmp`;
    try {
      mkdirSync(join(to, id.slice(0, 2)), { recursive: true, mode: 0o700 });
      try {
        linkSync(source, temp);
      } catch {
        copyFileSync(source, temp);
      }
      renameSync(temp, target);
      copied++;
    } catch {
      removeQuietly(temp); // a full disk: the backup itself is kept; this file is not in it
    }
  }
  return copied;
}

/** Removes from the pool the files no backup in `backupFiles` refers to (nothing, if one is unreadable). */
export function prunePool(pool: string, backupFiles: string[]): void {
  const keep = new Set<string>();
  for (const file of backupFiles) {
    const ids = attachmentIdsIn(file);
    if (ids === null) return;
    for (const id of ids) keep.add(id);
  }
  for (const id of storedIds(pool)) if (!keep.has(id)) removeQuietly(attachmentPath(pool, id));
}
