import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupInfo } from '../../../shared/backups.ts';
import { DatabaseSync, backup } from 'node:sqlite';
import { ParleyError } from '../../../shared/errors.ts';
import { fileTimestamp } from './files.ts';
import { HISTORY_VERSION } from './history-schema.ts';

/** A backup file of the history database (never keys: they are not in it). */
export interface BackupFile {
  file: string;
  kind: 'auto' | 'manual' | 'before-migration' | 'before-restore';
  createdAt: number;
  bytes: number;
}

const NAME =
  /^history-(auto|manual|before-v\d+|before-restore)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)(?:-\d+)?\.sqlite$/;

/** A backup as the contract lists it: its file name, date, size and how many conversations it holds. */
export function describeBackup(backup: BackupFile): BackupInfo {
  let conversations: number | null = null;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(backup.file, { readOnly: true });
    const row = db.prepare('SELECT count(*) AS n FROM conversations WHERE deleted_at IS NULL').get() as {
      n: number;
    };
    conversations = Number(row.n);
  } catch {
    // Not readable: listed with an unknown count; restoring it is refused in plain words.
  } finally {
    db?.close();
  }
  return {
    id: basename(backup.file),
    createdAt: new Date(backup.createdAt).toISOString(),
    bytes: backup.bytes,
    conversations,
  };
}

export function backupFileName(kind: BackupFile['kind'], date: Date): string {
  return `history-${kind}-${fileTimestamp(date)}.sqlite`;
}

/** A consistent online copy through SQLite's backup API (works while the database is in use). */
export async function writeBackup(
  db: DatabaseSync,
  backupsDir: string,
  kind: BackupFile['kind'],
  date: Date,
): Promise<string> {
  mkdirSync(backupsDir, { recursive: true });
  let file = join(backupsDir, backupFileName(kind, date));
  for (let n = 2; existsQuiet(file); n++)
    file = join(backupsDir, backupFileName(kind, date).replace('.sqlite', `-${n}.sqlite`));
  await backup(db, file);
  return file;
}

export function listBackups(backupsDir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(backupsDir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const match = NAME.exec(name);
    if (!match) continue;
    const iso = match[2]!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
    const kind = match[1]!.startsWith('before-v') ? 'before-migration' : (match[1] as BackupFile['kind']);
    const file = join(backupsDir, name);
    out.push({ file, kind, createdAt: Date.parse(iso), bytes: statSync(file).size });
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.file.localeCompare(a.file));
}

/** Keeps the newest `keep` backups of one kind; returns the files removed. */
export function rotateBackups(backupsDir: string, kind: BackupFile['kind'], keep: number): string[] {
  const old = listBackups(backupsDir)
    .filter((b) => b.kind === kind)
    .slice(Math.max(0, keep));
  for (const b of old) rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

/** Refuses, in plain words, a file that is not a sound Parley history this version can open. */
export function checkRestorable(file: string): void {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    const version = Number(
      (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
    );
    const table = db
      .prepare("SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'conversations'")
      .get();
    if (!table || version < 1) throw new Error('no Parley history in it');
    if (version > HISTORY_VERSION) {
      throw new ParleyError({
        code: 'invalid_input',
        message: 'That backup was made by a newer version of Parley. Update Parley to restore it.',
      });
    }
    const check = db.prepare('PRAGMA integrity_check(1)').get() as { integrity_check: string };
    if (check.integrity_check !== 'ok') throw new Error(check.integrity_check);
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    throw new ParleyError({
      code: 'invalid_input',
      message:
        'That file is not a Parley history backup that can be restored. Your current history was not changed.',
      detail: error instanceof Error ? error.message : String(error),
    });
  } finally {
    db?.close();
  }
}

function existsQuiet(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
