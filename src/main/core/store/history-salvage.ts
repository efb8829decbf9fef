import { USAGE_DAYS_SQL } from './usage-rollup.ts';
import { DatabaseSync } from 'node:sqlite';
import { listBackups } from './backups.ts';
import { moveDatabaseAside, openHistoryDatabase } from './history-db.ts';
import { gramText } from './search-text.ts';
import { attachmentSearchText, relinkAttachments } from './attachment-refs.ts';

/** What a repair got back, and from where. */
export interface SalvageReport {
  keptAt: string | null;
  /** Read from the damaged file. */
  salvaged: { conversations: number; messages: number };
  /** Added from the newest backup (what the damaged file no longer gave). */
  fromBackup: { conversations: number; messages: number };
  backupFile: string | null;
  /** Rows or regions that could not be read (0: everything readable was read). */
  unreadable: number;
  /** Messages that others point to (as parent or shown branch) and that no source had. */
  missingMessages: number;
  conversations: number;
}

type Row = Record<string, unknown>;

const TABLES = [
  { name: 'conversations', key: 'rowid' },
  { name: 'messages', key: 'seq' },
  { name: 'request_metrics', key: 'rowid' },
  // Not in a history from before version 4 (nor its backups); which message uses which is rebuilt.
  { name: 'attachments', key: 'rowid', optional: true },
] as const;

/**
 * Repairs a damaged history: the file is moved aside (kept, with its -wal, under a timestamped
 * name), a fresh database is created in its place, every row SQLite can still read is copied into
 * it, and what is missing is filled from the newest backup. Search indexes are rebuilt.
 */
export function salvageHistory(options: {
  file: string;
  backupsDir: string;
  now: () => Date;
  /** This run: its own answers still streaming stay so; others' become interrupted. */
  runId: number;
}): { db: DatabaseSync; report: SalvageReport } {
  const keptAt = moveDatabaseAside(options.file, 'damaged', options.now());
  const { db } = openHistoryDatabase({
    file: options.file,
    backupsDir: options.backupsDir,
    now: options.now,
  });
  const report: SalvageReport = {
    keptAt,
    salvaged: { conversations: 0, messages: 0 },
    fromBackup: { conversations: 0, messages: 0 },
    backupFile: null,
    unreadable: 0,
    missingMessages: 0,
    conversations: 0,
  };
  const read = keptAt ? readAll(keptAt) : null;
  report.unreadable = read ? read.unreadable : 1;
  db.exec('BEGIN IMMEDIATE');
  try {
    if (read) report.salvaged = copyRows(db, read.rows, options.runId);
    const backup = newestReadableBackup(options.backupsDir);
    if (backup) {
      report.backupFile = backup.file;
      report.fromBackup = copyRows(db, backup.rows, options.runId);
    }
    relinkAttachments(db, options.now().getTime());
    rebuildIndexes(db);
    // The day totals, from the records that were saved.
    db.exec(USAGE_DAYS_SQL);
    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM conversations) AS c,
           (SELECT count(*) FROM (SELECT parent_id AS id FROM messages WHERE parent_id IS NOT NULL
              UNION SELECT current_leaf_id FROM conversations WHERE current_leaf_id IS NOT NULL)
            WHERE id NOT IN (SELECT id FROM messages)) AS missing`,
      )
      .get() as { c: number; missing: number };
    report.conversations = Number(counts.c);
    report.missingMessages = Number(counts.missing);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    db.close();
    throw error;
  }
  return { db, report };
}

interface ReadRows {
  rows: Record<(typeof TABLES)[number]['name'], Row[]>;
  unreadable: number;
}

/** Every row SQLite can read from a (possibly damaged) database, table by table, past damaged pages. */
function readAll(file: string): ReadRows {
  const out: ReadRows = {
    rows: { conversations: [], messages: [], request_metrics: [], attachments: [] },
    unreadable: 0,
  };
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: true, timeout: 1000 });
  } catch {
    out.unreadable = 1;
    return out;
  }
  try {
    for (const table of TABLES) {
      if (
        'optional' in table &&
        !safeAll(db, 'SELECT 1 FROM sqlite_master WHERE name = ?', table.name).length
      )
        continue;
      const { rows, unreadable } = readTable(db, table.name, table.key);
      out.rows[table.name] = rows;
      out.unreadable += unreadable;
    }
  } finally {
    db.close();
  }
  return out;
}

/**
 * Reads a table in key order. When a range read fails (a damaged page), the keys that intact
 * indexes still list — and, failing those, the next keys one by one — are tried singly until a
 * range read works again past the damage.
 */
function readTable(db: DatabaseSync, table: string, key: string): { rows: Row[]; unreadable: number } {
  const rows: Row[] = [];
  let unreadable = 0;
  let after = Number.MIN_SAFE_INTEGER;
  const range = tryPrepare(
    db,
    `SELECT ${key} AS k, * FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT 100`,
  );
  const one = tryPrepare(db, `SELECT ${key} AS k, * FROM ${table} WHERE ${key} = ?`);
  if (!range || !one) return { rows, unreadable: 1 };
  let known: number[] | null = null;
  for (let guard = 0; guard < 1_000_000; guard++) {
    try {
      const batch = range.all(after) as Row[];
      if (batch.length === 0) break;
      rows.push(...batch);
      after = Number(batch.at(-1)!.k);
      continue;
    } catch {
      unreadable++;
    }
    // Past the damage: keys from indexes when they can be read, else a probe of the next keys.
    known ??= indexedKeys(db, table, key);
    const candidates = known.filter((k) => k > after);
    const probes = candidates.length > 0 ? candidates : Array.from({ length: 512 }, (_, i) => after + 1 + i);
    let resumed = false;
    for (const k of probes) {
      try {
        const row = one.get(k) as Row | undefined;
        after = k;
        if (!row) continue;
        rows.push(row);
        resumed = true;
        break;
      } catch {
        after = k;
      }
    }
    if (!resumed) break;
  }
  return { rows: rows.map(({ k: _k, ...row }) => row), unreadable };
}

function indexedKeys(db: DatabaseSync, table: string, key: string): number[] {
  const keys = new Set<number>();
  const indexes = safeAll(db, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, table);
  for (const { name } of indexes as { name: string }[]) {
    for (const r of safeAll(db, `SELECT ${key} AS k FROM ${table} INDEXED BY "${name}" WHERE 1`)) {
      keys.add(Number((r as { k: number }).k));
    }
  }
  return [...keys].sort((a, b) => a - b);
}

function newestReadableBackup(backupsDir: string): { file: string; rows: ReadRows['rows'] } | null {
  for (const backup of listBackups(backupsDir)) {
    const read = readAll(backup.file);
    if (read.unreadable === 0) return { file: backup.file, rows: read.rows };
  }
  return null;
}

/** Inserts the rows the fresh database does not have yet (by id); returns what was added. */
function copyRows(db: DatabaseSync, rows: ReadRows['rows'], runId: number) {
  let conversations = 0;
  let messages = 0;
  const insert = (table: string, row: Row): boolean => {
    const columns = Object.keys(row);
    const sql = `INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    try {
      return Number(db.prepare(sql).run(...(Object.values(row) as never[])).changes) > 0;
    } catch {
      return false; // a row whose fields were scrambled: skipped, counted as missing below
    }
  };
  for (const row of rows.attachments) insert('attachments', row);
  for (const row of rows.conversations) if (insert('conversations', row)) conversations++;
  const haveConversation = db.prepare('SELECT 1 FROM conversations WHERE id = ?');
  for (const row of rows.messages) {
    const conversationId = String(row.conversation_id);
    if (!haveConversation.get(conversationId)) {
      // Its conversation's row was lost: the messages still make a conversation.
      const now = Number(row.created_at) || Date.now();
      if (
        insert('conversations', {
          id: conversationId,
          title: 'Recovered conversation',
          created_at: now,
          updated_at: now,
          source: 'parley',
        })
      ) {
        conversations++;
      }
    }
    // The seq is kept: it orders messages written in the same millisecond. A backup's copy of a
    // message has the same seq; a seq taken by another message means this one was deleted since.
    const rest = row;
    const streamingElsewhere = rest.state === 'streaming' && Number(rest.writer_pid) !== runId;
    const message = streamingElsewhere
      ? {
          ...rest,
          state: 'interrupted',
          writer_pid: null,
          error: JSON.stringify({
            code: 'interrupted',
            message: 'Parley stopped before this answer was finished.',
          }),
        }
      : rest;
    if (insert('messages', message)) messages++;
  }
  for (const row of rows.request_metrics) insert('request_metrics', row);
  return { conversations, messages };
}

/** The fresh database's search indexes, from every finished message. */
function rebuildIndexes(db: DatabaseSync): void {
  const fts = db.prepare('INSERT INTO message_fts (rowid, content) VALUES (?, ?)');
  const grams = db.prepare('INSERT INTO message_grams (rowid, content) VALUES (?, ?)');
  for (const row of db
    .prepare(
      `SELECT seq, content, EXISTS (SELECT 1 FROM message_attachments WHERE message_seq = seq) AS attached
       FROM messages WHERE state != 'streaming'`,
    )
    .all() as { seq: number; content: string; attached: number }[]) {
    const text = row.attached ? `${row.content}\n${attachmentSearchText(db, row.seq)}` : row.content;
    if (!text) continue;
    fts.run(row.seq, text);
    grams.run(row.seq, gramText(text));
  }
}

function tryPrepare(db: DatabaseSync, sql: string) {
  try {
    return db.prepare(sql);
  } catch {
    return null;
  }
}

function safeAll(db: DatabaseSync, sql: string, ...params: string[]): unknown[] {
  try {
    return db.prepare(sql).all(...params);
  } catch {
    return [];
  }
}
