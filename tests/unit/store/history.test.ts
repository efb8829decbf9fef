import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { exportAllToFile } from '../../../src/main/core/store/history-export.ts';
import { RunLock } from '../../../src/main/core/store/run-lock.ts';
import { FLUSH_INTERVAL_MS } from '../../../src/main/core/store/stream-writer.ts';
import {
  appendReasoning,
  appendText,
  leafPages,
  rawDb,
  startAnswer,
  userMessage,
} from '../../fixtures/history-kit.ts';

let dataDir: string;
let history: HistoryService;
let clock: number;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-history-'));
  clock = Date.UTC(2025, 0, 1);
  history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const dbFile = () => join(dataDir, 'history.sqlite');

function chat(title = '') {
  const c = history.createConversation({ title });
  const user = userMessage(history, {
    conversationId: c.id,
    parentId: null,
    content: 'What is WAL mode in SQLite?',
  });
  const answer = startAnswer(history, {
    conversationId: c.id,
    parentId: user.id,
    providerId: 'openai',
    model: 'gpt-4o-mini',
  });
  appendText(history, answer.id, 'Write-ahead logging ');
  appendReasoning(history, answer.id, 'thinking');
  appendText(history, answer.id, 'keeps readers and the writer apart.');
  history.finishMessage(answer.id, {
    state: 'complete',
    usage: { inputTokens: 10, outputTokens: 8, estimated: false },
    costUsd: 0.0001,
  });
  return { c, user, answer };
}

describe('history store', () => {
  it('keeps a conversation as a tree: a regeneration is a sibling, nothing is overwritten', () => {
    const { c, user, answer } = chat();
    const again = startAnswer(history, { conversationId: c.id, parentId: user.id, model: 'gpt-4o' });
    appendText(history, again.id, 'A second answer.');
    history.finishMessage(again.id, {
      state: 'complete',
      answeredBy: { providerId: 'openai', model: 'gpt-4o' },
    });
    const edit = userMessage(history, { conversationId: c.id, parentId: null, content: 'Edited question' });

    const detail = history.open(c.id);
    expect(detail.title).toBe('What is WAL mode in SQLite?');
    expect(detail.messages.map((m) => m.id)).toEqual([user.id, answer.id, again.id, edit.id]);
    const first = detail.messages[1]!;
    expect(first.content).toBe('Write-ahead logging keeps readers and the writer apart.');
    expect(first.reasoning).toBe('thinking');
    expect(first.state).toBe('complete');
    expect(first.usage).toEqual({ inputTokens: 10, outputTokens: 8, estimated: false });
    expect(detail.messages[2]!.parentId).toBe(user.id);
    expect(detail.currentLeafId).toBe(edit.id);
    expect(detail.messageCount).toBe(4);

    history.setCurrentLeaf(c.id, answer.id);
    expect(history.currentLeaf(c.id)).toBe(answer.id);
    expect(history.pathTo(again.id).map((m) => m.id)).toEqual([user.id, again.id]);
  });

  it('writes streamed text to disk within 250 ms, before the answer finishes', async () => {
    const c = history.createConversation({ title: 't' });
    const a = startAnswer(history, { conversationId: c.id, parentId: null });
    appendText(history, a.id, 'partial answer');
    const reader = new DatabaseSync(dbFile(), { readOnly: true });
    try {
      const read = () =>
        reader.prepare('SELECT content, state FROM messages WHERE id = ?').get(a.id) as {
          content: string;
          state: string;
        };
      await new Promise((r) => setTimeout(r, 300));
      expect(read()).toEqual({ content: 'partial answer', state: 'streaming' });
    } finally {
      reader.close();
    }
  });

  it('lists pinned first, then by last update, in pages, without archived or deleted ones', () => {
    const ids = Array.from({ length: 7 }, (_, i) => history.createConversation({ title: `c${i}` }).id);
    history.setPinned(ids[1]!, true);
    const raw = rawDb(dataDir);
    raw.prepare('UPDATE conversations SET archived = 1 WHERE id = ?').run(ids[5]!);
    raw.close();
    history.delete(ids[6]!);
    const page1 = history.list({ limit: 3 });
    expect(page1.items.map((c) => c.title)).toEqual(['c1', 'c4', 'c3']);
    const page2 = history.list({ limit: 3, cursor: page1.nextCursor });
    expect(page2.items.map((c) => c.title)).toEqual(['c2', 'c0']);
    expect(page2.nextCursor).toBeNull();
    expect(history.list({ includeArchived: true }).items.map((c) => c.title)).toContain('c5');
    expect(() => history.list({ cursor: 'garbage' })).toThrow(/no longer valid/);

    history.undoDelete(ids[6]!);
    expect(history.list().items[1]!.title).toBe('c6');
  });

  it('renames; soft-deletes with undo', () => {
    const { c } = chat();
    expect(history.rename(c.id, '  WAL notes ').title).toBe('WAL notes');
    expect(() => history.rename(c.id, '  ')).toThrow(/cannot be empty/);
    history.delete(c.id);
    expect(() => history.open(c.id)).toThrow(/does not exist/);
    expect(history.search({ query: 'readers' })).toEqual([]);
    expect(history.stats()).toEqual({ conversations: 0, messages: 0 });
    history.undoDelete(c.id);
    expect(history.open(c.id).messages).toHaveLength(2);
    expect(history.search({ query: 'readers' })).toHaveLength(1);
  });

  it('purges soft-deleted conversations after the grace period, on the next start', async () => {
    const { c } = chat();
    const kept = chat('kept').c;
    history.delete(c.id);
    history.close();
    clock += 29 * 24 * 3600 * 1000;
    history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null })).history;
    expect(history.undoDelete(c.id).id).toBe(c.id);
    history.delete(c.id);
    history.close();
    clock += 31 * 24 * 3600 * 1000;
    history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null })).history;
    expect(() => history.undoDelete(c.id)).toThrow(/does not exist/);
    expect(history.open(kept.id).messages).toHaveLength(2);
  });

  it('finds English words and Chinese text, with snippets as data', () => {
    const c = history.createConversation({ title: '数据库' });
    const zh = userMessage(history, {
      conversationId: c.id,
      parentId: null,
      content: '请解释一下数据库的预写日志是怎么工作的，谢谢。',
    });
    const en = userMessage(history, {
      conversationId: c.id,
      parentId: zh.id,
      content: 'The tokenizer splits text into trigrams; AI models like it.',
    });

    const hit = history.search({ query: '预写日志' });
    expect(hit.map((h) => h.messageId)).toEqual([zh.id]);
    expect(hit[0]!.conversationId).toBe(c.id);
    expect(hit[0]!.title).toBe('数据库');
    expect(hit[0]!.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['预写日志']);
    expect(hit[0]!.snippet.map((p) => p.text).join('')).toBe(
      '请解释一下数据库的预写日志是怎么工作的，谢谢。',
    );

    // Two- and one-character Chinese queries (trigram alone cannot match these).
    expect(history.search({ query: '日志' }).map((h) => h.messageId)).toEqual([zh.id]);
    expect(history.search({ query: '谢' }).map((h) => h.messageId)).toEqual([zh.id]);
    expect(history.search({ query: '志是' }).map((h) => h.messageId)).toEqual([zh.id]);
    expect(history.search({ query: '志谢' })).toEqual([]);

    // English: substrings, case-insensitive, several terms, and short words.
    expect(history.search({ query: 'TOKENIZ' }).map((h) => h.messageId)).toEqual([en.id]);
    expect(history.search({ query: 'trigram splits' }).map((h) => h.messageId)).toEqual([en.id]);
    expect(history.search({ query: 'ai' }).map((h) => h.messageId)).toEqual([en.id]);
    expect(history.search({ query: 'ai trigrams' }).map((h) => h.messageId)).toEqual([en.id]);
    expect(history.search({ query: 'nowhere' })).toEqual([]);
    // FTS syntax in a query is just text.
    expect(history.search({ query: '"tokenizer" OR NEAR(' })).toEqual([]);
    expect(() => history.search({ query: '   ' })).toThrow();
  });

  it('finds streamed answers once finished, and ones recovered as interrupted', () => {
    const { answer } = chat();
    expect(history.search({ query: 'write-ahead' }).map((h) => h.messageId)).toEqual([answer.id]);
  });

  it('on close marks its own unfinished answers interrupted; on open, stale ones of a live run too', async () => {
    const c = history.createConversation({ title: 't' });
    const a = startAnswer(history, { conversationId: c.id, parentId: null });
    appendText(history, a.id, 'half an answer');
    history.close();
    history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null })).history;
    expect(history.getMessage(a.id)).toMatchObject({ state: 'interrupted', content: 'half an answer' });

    const b = startAnswer(history, { conversationId: c.id, parentId: null });
    appendText(history, b.id, 'stale');
    await new Promise((r) => setTimeout(r, FLUSH_INTERVAL_MS + 100)); // on disk
    // As if another, still running process (its run lock held) had left it an hour ago.
    const other = RunLock.acquire(join(dataDir, 'runs'));
    const raw = rawDb(dataDir);
    raw
      .prepare('UPDATE messages SET writer_pid = ?, updated_at = ? WHERE id = ?')
      .run(other.id, clock - 2 * 3600_000, b.id);
    const fresh = startAnswer(history, { conversationId: c.id, parentId: null });
    raw.prepare('UPDATE messages SET writer_pid = ? WHERE id = ?').run(other.id, fresh.id);
    raw.close();
    history.close();
    const reopened = await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null });
    history = reopened.history;
    expect(history.getMessage(b.id).state).toBe('interrupted');
    expect(history.getMessage(fresh.id).state).toBe('streaming');
    expect(reopened.notices.map((n) => n.message)).toEqual([expect.stringMatching(/1 answer was cut off/)]);
    other.release();
  });

  it('records request metrics in their own table', () => {
    history.recordMetrics({
      requestId: 'r1',
      conversationId: null,
      providerId: 'openai',
      model: 'gpt-4o-mini',
      startedAt: 1000,
      ttftMs: 120,
      totalMs: 900,
      inputTokens: 10,
      outputTokens: 20,
      usageEstimated: true,
      tokensPerSecond: 25,
      retries: 1,
      failoverHops: 0,
      outcome: 'complete',
      errorCode: null,
      costUsd: 0.001,
    });
    const raw = rawDb(dataDir);
    expect(raw.prepare('SELECT * FROM request_metrics').all()).toEqual([
      expect.objectContaining({
        request_id: 'r1',
        usage_estimated: 1,
        retries: 1,
        outcome: 'complete',
        cost_usd: 0.001,
      }),
    ]);
    raw.close();
  });

  it('exports one conversation as Markdown (the shown branch) and JSON (every message)', async () => {
    const { c, user } = chat('Export me');
    const alt = startAnswer(history, { conversationId: c.id, parentId: user.id });
    appendText(history, alt.id, 'Other branch');
    history.finishMessage(alt.id, { state: 'complete' });
    history.setCurrentLeaf(c.id, history.open(c.id).messages[1]!.id);
    const md = history.exportConversation(c.id, 'md');
    expect(md).toContain('# Export me');
    expect(md).toContain('## You');
    expect(md).toContain('Write-ahead logging keeps readers and the writer apart.');
    expect(md).not.toContain('Other branch');
    expect(md).toContain('1 message on other branches');
    const json = JSON.parse(history.exportConversation(c.id, 'json'));
    expect(json.format).toBe('parley-history');
    expect(json.conversations[0].messages).toHaveLength(3);

    const file = join(dataDir, 'all.json');
    history.createConversation({ title: 'second' });
    const ids = history
      .list()
      .items.map((x) => x.id)
      .reverse();
    const exportAll = (format: 'json' | 'md', to: string) =>
      exportAllToFile(ids, (id) => history.open(id), format, to, clock);
    expect(await exportAll('json', file)).toEqual({ conversations: 2 });
    expect(
      JSON.parse(readFileSync(file, 'utf8')).conversations.map((x: { title: string }) => x.title),
    ).toEqual(['Export me', 'second']);
    await exportAll('md', join(dataDir, 'all.md'));
    expect(readFileSync(join(dataDir, 'all.md'), 'utf8')).toContain('---');
  });

  it('keeps the last N automatic backups and restores a backup (the current one kept first)', async () => {
    chat('before backup');
    const files: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock += 1000;
      files.push(join(dataDir, 'backups', (await history.backups.create('auto')).id));
    }
    history.close();
    history = (await openHistory({ dataDir, now: () => clock++, backupKeep: 2, autoBackupEveryMs: 0 }))
      .history;
    expect(await history.maintenance).toEqual([]);
    const autos = history.backups.list().filter((b) => b.id.startsWith('history-auto-'));
    expect(autos).toHaveLength(2);
    expect(autos.every((b) => b.bytes > 0 && b.conversations === 1)).toBe(true);
    // The reopen took a fifth automatic backup; the newest two are kept.
    expect(files.map((f) => existsSync(f))).toEqual([false, false, false, true]);

    history.createConversation({ title: 'after backup' });
    expect(history.stats().conversations).toBe(2);
    const { keptAt } = await history.backups.restore(autos[0]!.id);
    expect(history.stats().conversations).toBe(1);
    expect(history.list().items[0]!.title).toBe('before backup');
    expect(existsSync(keptAt)).toBe(true);

    const junk = 'history-manual-2025-01-01T00-00-00-000Z.sqlite';
    writeFileSync(join(dataDir, 'backups', junk), 'not a database at all');
    await expect(history.backups.restore(junk)).rejects.toThrow(/not a Parley history backup/);
    await expect(history.backups.restore('../history.sqlite')).rejects.toThrow(/no backup with that name/);
    expect(history.stats().conversations).toBe(1);
  });
});

describe('damaged databases', () => {
  it('runs the full integrity check at start only when the last run did not end cleanly (its lock file left)', async () => {
    chat('keep me');
    for (let i = 0; i < 40; i++) {
      history.recordMetrics({
        requestId: `r${i}`,
        conversationId: null,
        providerId: 'openai',
        model: 'gpt-4o-mini',
        startedAt: i,
        ttftMs: 1,
        totalMs: 2,
        inputTokens: 3,
        outputTokens: 4,
        usageEstimated: false,
        tokensPerSecond: null,
        retries: 0,
        failoverHops: 0,
        outcome: 'complete',
        errorCode: null,
        costUsd: null,
      });
    }
    await history.backups.create('auto'); // a fresh backup: the daily check is not due
    const raw = rawDb(dataDir);
    const page = (
      raw.prepare("SELECT pageno FROM dbstat WHERE name = 'request_metrics' AND pagetype = 'leaf'").get() as {
        pageno: number;
      }
    ).pageno;
    raw.close();
    history.close();
    const bytes = readFileSync(dbFile());
    bytes.fill(0x33, (page - 1) * 4096, page * 4096); // a page no request of the UI reads
    writeFileSync(dbFile(), bytes);

    const clean = await openHistory({ dataDir, now: () => clock++ });
    history = clean.history;
    expect(await history.maintenance).toEqual([]); // clean last run: no check, nothing found
    history.close();

    writeFileSync(join(dataDir, 'runs', '777.lock'), ''); // what a crashed run leaves
    const unclean = await openHistory({ dataDir, now: () => clock++ });
    history = unclean.history;
    expect((await history.maintenance).map((n) => n.kind)).toEqual(['history-repaired']);
    expect(history.list().items.map((c) => c.title)).toEqual(['keep me']);
    expect(readdirSync(join(dataDir, 'runs'))).toEqual([expect.stringMatching(/^\d+\.lock$/)]); // this run's own
  });

  it('moves a file that is not a database aside, starts a repaired (empty) history, and reports it', async () => {
    history.close();
    rmSync(dbFile(), { force: true });
    rmSync(dbFile() + '-wal', { force: true });
    rmSync(dbFile() + '-shm', { force: true });
    writeFileSync(dbFile(), 'this is not a database, but the user’s only copy of something');
    const opened = await openHistory({ dataDir, autoBackupEveryMs: null });
    history = opened.history;
    expect(opened.notices.map((n) => n.kind)).toEqual(['history-repaired']);
    expect(opened.notices[0]!.message).toMatch(/damaged.*There was no backup/);
    expect(opened.notices[0]!.messageZh).toMatch(/损坏/);
    const kept = opened.notices[0]!.keptAt!;
    expect(kept).toMatch(/history\.damaged-.*\.sqlite$/);
    expect(readFileSync(kept, 'utf8')).toBe('this is not a database, but the user’s only copy of something');
    expect(history.stats()).toEqual({ conversations: 0, messages: 0 });
  });

  it('repairs a database whose schema page is damaged when opening, filling it from the newest backup', async () => {
    for (let i = 0; i < 20; i++) chat(`conversation ${i}`);
    await history.backups.create();
    history.close();
    const bytes = readFileSync(dbFile());
    for (let i = 100; i < 4096; i++) bytes[i] = (i * 7) & 0xff; // page 1 after the 100-byte header
    writeFileSync(dbFile(), bytes);
    const opened = await openHistory({ dataDir, autoBackupEveryMs: null });
    history = opened.history;
    expect(opened.notices.map((n) => n.kind)).toEqual(['history-repaired']);
    expect(opened.notices[0]!.message).toMatch(
      /Added from the newest backup: 20 conversations and 40 messages/,
    );
    expect(readdirSync(dataDir).some((n) => n.startsWith('history.damaged-'))).toBe(true);
    expect(history.stats()).toEqual({ conversations: 20, messages: 40 });
  });

  it('finds damage deeper in the file in the background, repairs it, and takes no backup over good ones', async () => {
    for (let i = 0; i < 200; i++) chat(`conversation ${i} ${'long text '.repeat(50)}`);
    const good = (await history.backups.create('auto')).id;
    history.close();
    // Leaf pages of the messages table, away from the newest rows the open-time probe reads.
    const leaves = leafPages(dataDir, 'messages');
    expect(leaves.length).toBeGreaterThan(10);
    const bytes = readFileSync(dbFile());
    for (const page of leaves.slice(2, 5)) {
      for (let i = (page - 1) * 4096 + 8; i < page * 4096; i++) bytes[i] = (i * 13) & 0xff;
    }
    writeFileSync(dbFile(), bytes);
    clock += 2 * 24 * 3600 * 1000;
    const notices: string[] = [];
    const opened = await openHistory({ dataDir, now: () => clock++, onNotice: (n) => notices.push(n.kind) });
    history = opened.history;
    const found = await history.maintenance;
    expect(found.map((n) => n.kind)).toEqual(['history-repaired']);
    expect(notices).toEqual(['history-repaired']);
    expect(found[0]!.message).toMatch(/Recovered from the damaged file: 200 conversations/);
    expect(history.stats()).toEqual({ conversations: 200, messages: 400 });
    expect(
      history.backups
        .list()
        .filter((b) => b.id.startsWith('history-auto-'))
        .map((b) => b.id),
    ).toEqual([good]);
  });
});
