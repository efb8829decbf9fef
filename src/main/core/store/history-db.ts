import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ParleyError } from '../../../shared/errors.ts';
import { fileTimestamp, moveAside } from './files.ts';
import { HISTORY_VERSION, historyMigrations } from './history-schema.ts';
import type { HistoryMigration } from './history-schema.ts';

export interface HistoryNotice {
  kind:
    | 'history-corrupt'
    | 'history-damaged'
    | 'history-migrated'
    | 'history-recovered'
    | 'history-backup-failed'
    | 'history-write-failed';
  /** Plain words for the UI. */
  message: string;
  keptAt?: string;
}

export interface OpenDatabaseOptions {
  file: string;
  backupsDir: string;
  now?: () => Date;
  migrations?: HistoryMigration[];
}

/**
 * Opens (or creates) the history database: WAL, foreign keys, migrations in a transaction after a
 * backup copy. A file that is not a readable database is moved aside and reported, never overwritten.
 */
export function openHistoryDatabase(options: OpenDatabaseOptions): {
  db: DatabaseSync;
  notices: HistoryNotice[];
} {
  const { file, backupsDir, now = () => new Date(), migrations = historyMigrations } = options;
  mkdirSync(join(file, '..'), { recursive: true });
  const notices: HistoryNotice[] = [];
  const attempt = (): DatabaseSync => {
    const db = connect(file);
    try {
      const migrated = migrate(db, file, backupsDir, migrations, now);
      if (migrated) notices.push(migrated);
      // Walk the conversation table and the newest messages: damage there would break the list.
      db.prepare('SELECT count(*) AS n, max(updated_at) AS u FROM conversations').get();
      db.prepare('SELECT max(seq) AS s FROM messages').get();
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  let db: DatabaseSync;
  try {
    db = attempt();
  } catch (error) {
    if (!isCorruption(error)) throw asStorageError(error, 'The conversation history could not be opened.');
    const keptAt = moveDatabaseAside(file, now());
    notices.push({
      kind: 'history-corrupt',
      message:
        'The conversation history file was damaged and could not be read. It was kept aside and a new, empty history was started. A backup can be restored from Settings.',
      keptAt,
    });
    db = attempt();
  }
  return { db, notices };
}

function connect(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
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
  return from > 0
    ? {
        kind: 'history-migrated',
        message: `The conversation history was updated (a copy was kept first).`,
        keptAt,
      }
    : null;
}

/** SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), however node:sqlite reports them. */
export function isCorruption(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { errcode?: number }).errcode;
  if (code !== undefined && [11, 26].includes(code & 0xff)) return true;
  return /file is not a database|database disk image is malformed|malformed database schema/i.test(
    error.message,
  );
}

function moveDatabaseAside(file: string, date: Date): string | undefined {
  const keptAt = moveAside(file, 'corrupt', date) ?? undefined;
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix) && keptAt) moveAside(file + suffix, 'corrupt', date);
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
