import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistoryDatabase } from '../../../src/main/core/store/history-db.ts';
import { historyMigrations } from '../../../src/main/core/store/history-schema.ts';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';

/** A conversation's own settings and an answer's adjustments, on the real SQLite history. */
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-conv-settings-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function open(): Promise<HistoryService> {
  return (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
}

const empty = {
  assistantId: null,
  systemPrompt: '',
  systemPromptVersion: 0,
  parameters: {},
  historyLimit: null,
  tools: [],
};

describe('the migration that gives conversations their settings', () => {
  it('opens a version-2 history after a backup; old conversations get empty settings, old answers no adjustments', async () => {
    const { db } = openHistoryDatabase({
      file: join(dataDir, 'history.sqlite'),
      backupsDir: join(dataDir, 'backups'),
      migrations: historyMigrations.filter((m) => m.version <= 2),
    });
    db.prepare(
      "INSERT INTO conversations (id, title, created_at, updated_at, source) VALUES ('old', 'Old one', 1, 1, 'parley')",
    ).run();
    db.prepare(
      `INSERT INTO messages (id, conversation_id, role, content, state, created_at, updated_at)
       VALUES ('a1', 'old', 'assistant', 'an old answer', 'complete', 2, 2)`,
    ).run();
    db.prepare(
      `INSERT INTO request_metrics VALUES ('r1', 'old', 'openai', 'gpt-4o', 1, NULL, 10, 1, 1, 0, NULL, 0, 0,
         'complete', NULL, NULL)`,
    ).run();
    db.close();

    const history = await open();
    try {
      expect(history.settingsOf('old')).toEqual(empty);
      expect(history.open('old').messages[0]).toMatchObject({ content: 'an old answer', adjustments: null });
      expect(history.open('old').title).toBe('Old one');
    } finally {
      history.close();
    }
    const [backup] = readdirSync(join(dataDir, 'backups')).filter((n) => n.startsWith('history-before-v'));
    const copy = new DatabaseSync(join(dataDir, 'backups', backup!), { readOnly: true });
    expect(copy.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    expect(copy.prepare('SELECT title FROM conversations').get()).toEqual({ title: 'Old one' });
    copy.close();
    const raw = new DatabaseSync(join(dataDir, 'history.sqlite'), { readOnly: true });
    expect(raw.prepare('SELECT system_prompt_version, assistant_id FROM request_metrics').get()).toEqual({
      system_prompt_version: null,
      assistant_id: null,
    });
    raw.close();
  });
});

describe('conversation settings in the store', () => {
  it('start from what the conversation was created with; a changed system prompt gets the next version', async () => {
    const history = await open();
    try {
      const plain = history.createConversation({});
      expect(history.settingsOf(plain.id)).toEqual(empty);
      const c = history.createConversation({
        settings: {
          assistantId: 'code-reviewer',
          systemPrompt: 'Review.',
          parameters: { temperature: 0.2, stop: ['END'] },
          historyLimit: 10,
          tools: ['everything'],
        },
      });
      expect(history.settingsOf(c.id)).toEqual({
        assistantId: 'code-reviewer',
        systemPrompt: 'Review.',
        systemPromptVersion: 1,
        parameters: { temperature: 0.2, stop: ['END'] },
        historyLimit: 10,
        tools: ['everything'],
      });
      expect(history.updateSettings(c.id, { tools: ['files', 'everything'] }).tools).toEqual([
        'files',
        'everything',
      ]);
      expect(history.updateSettings(c.id, { systemPrompt: 'Review.' }).systemPromptVersion).toBe(1);
      expect(history.updateSettings(c.id, { historyLimit: null })).toMatchObject({
        systemPromptVersion: 1,
        historyLimit: null,
        parameters: { temperature: 0.2, stop: ['END'] },
      });
      const edited = history.updateSettings(c.id, { systemPrompt: 'Review harshly.', parameters: {} });
      expect(edited).toMatchObject({
        systemPrompt: 'Review harshly.',
        systemPromptVersion: 2,
        parameters: {},
      });
      expect(history.updateSettings(plain.id, { systemPrompt: 'Now one.' }).systemPromptVersion).toBe(1);
      expect(() => history.settingsOf('nope')).toThrow(/does not exist/);
    } finally {
      history.close();
    }
    // Kept across a restart.
    const again = await open();
    try {
      const [latest] = again.list().items;
      expect(again.settingsOf(latest!.id).systemPrompt).toMatch(/Now one\.|Review harshly\./);
    } finally {
      again.close();
    }
  });

  it('keeps an answer’s adjustments with it', async () => {
    const history = await open();
    try {
      const c = history.createConversation({});
      const user = history.addMessage({
        conversationId: c.id,
        parentId: null,
        role: 'user',
        content: 'q',
        state: 'complete',
      });
      const answer = history.addMessage({
        conversationId: c.id,
        parentId: user.id,
        role: 'assistant',
        content: '',
        state: 'streaming',
      });
      const adjustments = { leftOut: 12, fitTokens: 128_000, dropped: ['temperature' as const] };
      expect(history.finishMessage(answer.id, { state: 'complete', adjustments }).adjustments).toEqual(
        adjustments,
      );
      expect(history.open(c.id).messages.find((m) => m.id === answer.id)!.adjustments).toEqual(adjustments);
    } finally {
      history.close();
    }
  });
});
