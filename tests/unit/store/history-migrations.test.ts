import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../../src/main/core/store/history-db.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { HISTORY_VERSION, historyMigrations } from '../../../src/main/core/store/history-schema.ts';

/** The version a future migration would produce, and the one after. */
const NEXT = HISTORY_VERSION + 1;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, 'history.sqlite');
const backupsDir = () => join(dir, 'backups');
const version = (db: DatabaseSync) =>
  (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

function seed() {
  const { db } = openHistoryDatabase({ file: file(), backupsDir: backupsDir() });
  db.prepare(
    "INSERT INTO conversations (id, title, created_at, updated_at, source) VALUES ('c1', 'kept', 1, 1, 'parley')",
  ).run();
  db.close();
}

it('backs the database up, then migrates in one transaction', () => {
  seed();
  const next = [
    ...historyMigrations,
    { version: NEXT, sql: 'ALTER TABLE conversations ADD COLUMN color TEXT;' },
  ];
  const { db, notices } = openHistoryDatabase({ file: file(), backupsDir: backupsDir(), migrations: next });
  expect(version(db)).toBe(NEXT);
  expect(notices).toHaveLength(1);
  expect(notices[0]!.kind).toBe('history-migrated');
  const keptAt = notices[0]!.keptAt!;
  expect(keptAt).toMatch(new RegExp(`backups/history-before-v${NEXT}-.*\\.sqlite$`));
  db.close();
  const copy = new DatabaseSync(keptAt, { readOnly: true });
  expect(version(copy)).toBe(HISTORY_VERSION);
  expect(copy.prepare('SELECT title FROM conversations').get()).toEqual({ title: 'kept' });
  copy.close();
});

it('leaves the database as it was when a migration fails', () => {
  seed();
  const broken = [
    ...historyMigrations,
    { version: NEXT, sql: 'ALTER TABLE conversations ADD COLUMN color TEXT;' },
    { version: NEXT + 1, sql: 'THIS IS NOT SQL;' },
  ];
  expect(() => openHistoryDatabase({ file: file(), backupsDir: backupsDir(), migrations: broken })).toThrow(
    new RegExp(`Updating the conversation history to version ${NEXT + 1} failed; nothing was changed`),
  );
  const { db } = openHistoryDatabase({ file: file(), backupsDir: backupsDir() });
  expect(version(db)).toBe(HISTORY_VERSION);
  const columns = (db.prepare('PRAGMA table_info(conversations)').all() as { name: string }[]).map(
    (c) => c.name,
  );
  expect(columns).not.toContain('color');
  expect(db.prepare('SELECT title FROM conversations').get()).toEqual({ title: 'kept' });
  db.close();
});

it('refuses a database from a newer version in plain words, without touching it', () => {
  seed();
  const db = new DatabaseSync(file());
  db.exec('PRAGMA user_version = 99');
  db.close();
  expect(() => openHistoryDatabase({ file: file(), backupsDir: backupsDir() })).toThrow(
    /newer version of Parley/,
  );
  expect(existsSync(file())).toBe(true);
});

it('a history that cannot be opened ends its run cleanly: no lock left, nothing moved', async () => {
  seed();
  const db = new DatabaseSync(file());
  db.exec('PRAGMA user_version = 99');
  db.close();
  await expect(openHistory({ dataDir: dir, autoBackupEveryMs: null })).rejects.toThrow(
    /newer version of Parley/,
  );
  expect(readdirSync(join(dir, 'runs'))).toEqual([]);
  expect(readdirSync(dir).filter((n) => n.startsWith('history'))).toEqual(['history.sqlite']);
});
