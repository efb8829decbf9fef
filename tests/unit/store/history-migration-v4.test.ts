import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../../src/main/core/store/history-db.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { HISTORY_VERSION, historyMigrations } from '../../../src/main/core/store/history-schema.ts';

/**
 * A version-3 history (before message parts) opens at the current version, backed up first, its
 * messages as one text part, and without the columns later versions added (timing, filter, comparison).
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-migrate-v4-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function seedVersion3() {
  const { db } = openHistoryDatabase({
    file: join(dir, 'history.sqlite'),
    backupsDir: join(dir, 'backups'),
    migrations: historyMigrations.filter((m) => m.version <= 3),
  });
  db.exec(`
    INSERT INTO conversations (id, title, created_at, updated_at, source, current_leaf_id)
      VALUES ('c1', 'Old talk', 1, 2, 'parley', 'm2');
    INSERT INTO messages (id, conversation_id, parent_id, role, content, state, created_at, updated_at)
      VALUES ('m1', 'c1', NULL, 'user', 'What is a wombat?', 'complete', 1, 1),
             ('m2', 'c1', 'm1', 'assistant', 'A marsupial.', 'complete', 2, 2);
    INSERT INTO message_fts (rowid, content) SELECT seq, content FROM messages;
  `);
  expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(3);
  db.close();
}

it('backs the version-3 file up, then reads its messages as one text part each', async () => {
  seedVersion3();
  const { history, notices } = await openHistory({ dataDir: dir, autoBackupEveryMs: null });
  try {
    expect(notices.map((n) => n.kind)).toContain('history-migrated');
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^history-before-v${HISTORY_VERSION}-.*\\.sqlite$`));
    const copy = new DatabaseSync(join(dir, 'backups', backups[0]!), { readOnly: true });
    expect((copy.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(3);
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'attachments'").get()).toBeUndefined();
    copy.close();

    const messages = history.open('c1').messages;
    expect(messages.map((m) => m.parts)).toEqual([
      [{ type: 'text', text: 'What is a wombat?' }],
      [{ type: 'text', text: 'A marsupial.' }],
    ]);
    expect(history.pathTo('m2').map((m) => m.content)).toEqual(['What is a wombat?', 'A marsupial.']);
    expect(messages.map((m) => [m.timing, m.filter, m.compareId])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    // The migrated history takes attachments at once.
    const ref = history.attachments.put(Buffer.from('GIF89a'), {
      kind: 'image',
      name: 'a.gif',
      mime: 'image/gif',
    });
    const next = history.addMessage({
      conversationId: 'c1',
      parentId: 'm2',
      role: 'user',
      content: '',
      parts: [{ type: 'image', attachment: ref }],
      state: 'complete',
    });
    expect(history.getMessage(next.id).parts).toEqual([{ type: 'image', attachment: ref }]);
  } finally {
    history.close();
  }
});
