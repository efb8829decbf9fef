import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ParleyError } from '../../../shared/errors.ts';
import { fileTimestamp, moveAside } from './files.ts';
import { foldText } from './search-text.ts';
import { HISTORY_VERSION, historyMigrations } from './history-schema.ts';
import type { HistoryMigration } from './history-schema.ts';
import { migratedNotice } from './history-notices.ts';
import type { HistoryNotice } from './history-notices.ts';

export interface OpenDatabaseOptions {
  file: string;
  backupsDir: string;
  now?: () => Date;
  migrations?: HistoryMigration[];
}

/**
 * Opens (or creates) the history database: WAL, foreign keys, migrations in a transaction after a
 * backup copy. Throws what it finds: a damaged file is the caller's to repair (history-salvage.ts),
 * never overwritten here. A zero-byte file is damage too (`EmptyHistoryFileError`), not a new history.
 */
export function openHistoryDatabase(options: OpenDatabaseOptions): {
  db: DatabaseSync;
  notices: HistoryNotice[];
} {
  const { file, backupsDir, now = () => new Date(), migrations = historyMigrations } = options;
  const notices: HistoryNotice[] = [];
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    if (existsSync(file) && statSync(file).size === 0 && !existsSync(`${file}-wal`)) {
      throw new EmptyHistoryFileError();
    }
    const db = connect(file);
    try {
      const migrated = migrate(db, file, backupsDir, migrations, now);
      if (migrated) notices.push(migrated);
      // Walk the conversation table and the newest messages: damage there would break the list.
      db.prepare('SELECT count(*) AS n, max(updated_at) AS u FROM conversations').get();
      db.prepare('SELECT max(seq) AS s FROM messages').get();
      return { db, notices };
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    if (isCorruption(error) || error instanceof ParleyError) throw error;
    if (isNotWritable(error)) throw notWritableError(join(file, '..'), error);
    throw asStorageError(error, 'The conversation history could not be opened.');
  }
}

/** A history file of zero bytes: something truncated it. Reported and repaired, never taken as "no history". */
export class EmptyHistoryFileError extends Error {
  constructor() {
    super('the history file is empty (0 bytes)');
  }
}

function connect(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    // Titles are matched folded on both sides (search-text.ts); SQLite's lower() knows only ASCII.
    db.function('fold', { deterministic: true }, (text) => (typeof text === 'string' ? foldText(text) : ''));
    // Read the header and the schema: a garbage, truncated or scribbled-over file fails here. Damage
    // deeper in the file is found by the background integrity check (integrity-check.ts).
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    db.prepare('PRAGMA user_version').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function userVersion(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
}

function migrate(
  db: DatabaseSync,
  file: string,
  backupsDir: string,
  migrations: HistoryMigration[],
  now: () => Date,
): HistoryNotice | null {
  const from = userVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new ParleyError({
      code: 'storage',
      message: 'The conversation history was saved by a newer version of Parley. Update Parley to open it.',
    });
  }
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return null;
  let keptAt: string | undefined;
  if (from > 0) {
    // Users lost whole histories to migrations without a backup: take one first, always.
    mkdirSync(backupsDir, { recursive: true });
    keptAt = join(backupsDir, `history-before-v${latest}-${fileTimestamp(now())}.sqlite`);
    db.exec(`VACUUM INTO '${keptAt.replaceAll("'", "''")}'`);
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const migration of pending) {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw asStorageError(
      error,
      `Updating the conversation history to version ${latest} failed; nothing was changed.`,
    );
  }
  return from > 0 ? migratedNotice(keptAt) : null;
}

/**
 * SQLITE_CORRUPT (11) and SQLITE_NOTADB (26) however node:sqlite reports them (also as the cause of
 * a storage error), and a zero-byte file.
 */
export function isCorruption(error: unknown): boolean {
  if (error instanceof EmptyHistoryFileError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { errcode?: number }).errcode;
  if (code !== undefined && [11, 26].includes(code & 0xff)) return true;
  if (
    /file is not a database|database disk image is malformed|malformed database schema/i.test(error.message)
  ) {
    return true;
  }
  return error.cause !== undefined && error.cause !== error && isCorruption(error.cause);
}

/** The plain-words refusal when the data folder cannot be written: nothing is touched. */
export function notWritableError(folder: string, error: unknown): ParleyError {
  return new ParleyError(
    {
      code: 'storage',
      message: `Parley cannot write to its data folder (${folder}). Nothing was changed or lost; give your user write access to that folder (or set PARLEY_DATA_DIR to another one) and start Parley again.`,
      detail: error instanceof Error ? error.message : String(error),
    },
    { cause: error },
  );
}

/** SQLITE_READONLY (8), SQLITE_CANTOPEN (14), or a refused file: the folder cannot be written. */
export function isNotWritable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { errcode?: number; code?: string }).errcode;
  if (code !== undefined && [8, 14].includes(code & 0xff)) return true;
  return ['EACCES', 'EPERM', 'EROFS'].includes(String((error as { code?: string }).code));
}

/** Renames the database and its -wal/-shm beside it (`history.<label>-<time>.sqlite`), kept together. */
export function moveDatabaseAside(file: string, label: string, date: Date): string | null {
  const keptAt = moveAside(file, label, date);
  if (keptAt === null) return null;
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, keptAt + suffix);
  }
  return keptAt;
}

export function asStorageError(error: unknown, message: string): ParleyError {
  if (error instanceof ParleyError) return error;
  return new ParleyError(
    { code: 'storage', message, detail: error instanceof Error ? error.message : String(error) },
    { cause: error },
  );
}

export { HISTORY_VERSION };
