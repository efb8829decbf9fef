import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../../src/main/core/store/history-db.ts';
import { historyMigrations } from '../../../src/main/core/store/history-schema.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';

/** The conversation's model and the generated-title rule, on the real SQLite history. */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-conv-model-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function open(): Promise<HistoryService> {
  return (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
}

describe('the migration that gives conversations their model', () => {
  it('backs up first, then takes the model of the last answer that recorded one, else none', async () => {
    const file = join(dataDir, 'history.sqlite');
    const { db } = openHistoryDatabase({
      file,
      backupsDir: join(dataDir, 'backups'),
      migrations: historyMigrations.filter((m) => m.version === 1),
    });
    const conversation = db.prepare(
      "INSERT INTO conversations (id, title, created_at, updated_at, model, source) VALUES (?, ?, 1, 1, ?, 'parley')",
    );
    const message = db.prepare(
      `INSERT INTO messages (id, conversation_id, parent_id, role, content, state, provider_id, model, created_at, updated_at)
       VALUES (?, ?, NULL, ?, 'text', 'complete', ?, ?, ?, ?)`,
    );
    conversation.run('answered', 'Two answers', 'gpt-4o');
    message.run('u1', 'answered', 'user', null, null, 1, 1);
    message.run('a1', 'answered', 'assistant', 'openai', 'gpt-4o', 2, 2);
    message.run('a2', 'answered', 'assistant', 'deepseek', 'deepseek-chat', 3, 3);
    message.run('a3', 'answered', 'assistant', null, null, 4, 4); // an answer that recorded no model
    conversation.run('imported', 'From ChatGPT', 'gpt-4o');
    message.run('a4', 'imported', 'assistant', null, 'gpt-4o', 5, 5);
    conversation.run('unanswered', 'Nothing yet', null);
    db.close();

    const history = await open();
    try {
      const models = Object.fromEntries(
        history.list().items.map((c) => [c.id, { providerId: c.providerId, model: c.model }]),
      );
      expect(models).toEqual({
        answered: { providerId: 'deepseek', model: 'deepseek-chat' },
        imported: { providerId: null, model: null },
        unanswered: { providerId: null, model: null },
      });
      // Conversations made before titles were generated never get one.
      expect(history.claimTitle('answered')).toBe(false);
    } finally {
      history.close();
    }
    const backups = join(dataDir, 'backups');
    expect(existsSync(backups)).toBe(true);
    const [backup] = readdirSync(backups).filter((n) => n.startsWith('history-before-v'));
    const copy = new DatabaseSync(join(backups, backup!), { readOnly: true });
    expect(copy.prepare('PRAGMA user_version').get()).toEqual({ user_version: 1 });
    copy.close();
  });
});

describe('the conversation’s model in the store', () => {
  it('is the one its last answer asked for', async () => {
    const history = await open();
    try {
      const c = history.createConversation({ providerId: 'openai', model: 'gpt-4o-mini' });
      expect(c).toMatchObject({ providerId: 'openai', model: 'gpt-4o-mini' });
      const user = history.addMessage({
        conversationId: c.id,
        parentId: null,
        role: 'user',
        content: 'Hi',
        state: 'complete',
      });
      expect(history.open(c.id)).toMatchObject({ providerId: 'openai', model: 'gpt-4o-mini' });
      history.addMessage({
        conversationId: c.id,
        parentId: user.id,
        role: 'assistant',
        content: '',
        state: 'streaming',
        providerId: 'anthropic',
        model: 'claude-3-5-haiku',
      });
      expect(history.open(c.id)).toMatchObject({ providerId: 'anthropic', model: 'claude-3-5-haiku' });
    } finally {
      history.close();
    }
  });
});

describe('the generated-title rule', () => {
  it('one title request per conversation, and only for one made to receive it', async () => {
    const history = await open();
    try {
      const plain = history.createConversation({ title: 'Imported' });
      expect(history.claimTitle(plain.id)).toBe(false);
      const c = history.createConversation({ title: 'First words', titlePending: true });
      expect(history.claimTitle(c.id)).toBe(true);
      expect(history.claimTitle(c.id)).toBe(false);
      expect(history.settleTitle(c.id, 'A generated title')).toBe(true);
      expect(history.open(c.id).title).toBe('A generated title');
      expect(history.claimTitle(c.id)).toBe(false);
    } finally {
      history.close();
    }
  });

  it('a rename is never overwritten: not before the request, not while it is out', async () => {
    const history = await open();
    try {
      const before = history.createConversation({ title: 'First words', titlePending: true });
      history.rename(before.id, 'Mine');
      expect(history.claimTitle(before.id)).toBe(false);

      const during = history.createConversation({ title: 'First words', titlePending: true });
      expect(history.claimTitle(during.id)).toBe(true);
      history.rename(during.id, 'Also mine');
      expect(history.settleTitle(during.id, 'Generated')).toBe(false);
      expect(history.open(during.id).title).toBe('Also mine');
    } finally {
      history.close();
    }
  });

  it('a failed request leaves the title as it was, and is not asked again', async () => {
    const history = await open();
    try {
      const c = history.createConversation({ title: 'First words', titlePending: true });
      expect(history.claimTitle(c.id)).toBe(true);
      expect(history.settleTitle(c.id, null)).toBe(false);
      expect(history.open(c.id).title).toBe('First words');
      expect(history.claimTitle(c.id)).toBe(false);
      // A deleted conversation gets no title request either.
      const gone = history.createConversation({ title: 'Gone', titlePending: true });
      history.delete(gone.id);
      expect(history.claimTitle(gone.id)).toBe(false);
    } finally {
      history.close();
    }
  });
});
