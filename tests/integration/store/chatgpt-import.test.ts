import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import type { ImportProgress } from '../../../src/main/core/store/chatgpt-import.ts';
import {
  conversation,
  generatedConversation,
  node,
  writeExport,
  zipOneFile,
} from '../../fixtures/chatgpt-export.ts';

let dir: string;
let history: HistoryService;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
  history = (await openHistory({ dataDir: join(dir, 'data'), autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A conversation shaped like a real export: hidden context, an edit, a regeneration, a tool call. */
function realistic() {
  const t = 1_700_000_000;
  return conversation(
    'c-real',
    '数据库 question',
    [
      node('root', null, null, null),
      node('sys', 'root', 'system', '', { hidden: true }),
      node('ctx', 'sys', 'user', 'custom instructions', { contentType: 'user_editable_context' }),
      node('u1', 'ctx', 'user', 'How does SQLite WAL work?', { time: t + 1 }),
      node('a1', 'u1', 'assistant', 'WAL appends changes to a log first.', { time: t + 2, model: 'gpt-4o' }),
      node('a1b', 'u1', 'assistant', 'A regenerated answer about WAL.', { time: t + 3, model: 'gpt-4o' }),
      node('u1e', 'ctx', 'user', '请解释预写日志', { time: t + 4 }),
      node('think', 'u1e', 'assistant', 'thinking…', { time: t + 5, contentType: 'thoughts' }),
      node('call', 'think', 'assistant', 'search("wal")', {
        time: t + 6,
        recipient: 'browser',
        contentType: 'code',
      }),
      node('tool', 'call', 'tool', 'results…', { time: t + 7 }),
      node('a2', 'tool', 'assistant', '预写日志先把修改写进日志文件。', { time: t + 8, model: 'gpt-4o' }),
      node('u3', 'a2', 'user', '', {
        time: t + 9,
        contentType: 'multimodal_text',
        parts: [{ content_type: 'image_asset_pointer', asset_pointer: 'file-x' }, 'what is this?'],
      }),
    ],
    'u3',
    t,
  );
}

describe('ChatGPT import', () => {
  it('keeps every branch, skips hidden and tool nodes, re-attaching their children', async () => {
    const file = join(dir, 'conversations.json');
    writeFileSync(file, JSON.stringify([realistic()]));
    const result = await history.importChatGpt(file);
    expect(result).toMatchObject({ conversationsRead: 1, conversationsAdded: 1, messagesAdded: 6 });

    const [summary] = history.list().items;
    expect(summary!.title).toBe('数据库 question');
    expect(summary!.source).toBe('chatgpt-import');
    expect(summary!.createdAt).toBe(1_700_000_000_000);
    const detail = history.open(summary!.id);
    const bySource = (content: string) => detail.messages.find((m) => m.content === content)!;
    const u1 = bySource('How does SQLite WAL work?');
    const u1e = bySource('请解释预写日志');
    const a2 = bySource('预写日志先把修改写进日志文件。');
    expect(u1.parentId).toBeNull();
    expect(u1e.parentId).toBeNull();
    expect(bySource('WAL appends changes to a log first.').parentId).toBe(u1.id);
    expect(bySource('A regenerated answer about WAL.').parentId).toBe(u1.id);
    expect(a2.parentId).toBe(u1e.id);
    expect(a2.model).toBe('gpt-4o');
    expect(a2.createdAt).toBe(1_700_000_008_000);
    const last = bySource('[image]\nwhat is this?');
    expect(last.parentId).toBe(a2.id);
    expect(detail.currentLeafId).toBe(last.id);
    expect(detail.messages.some((m) => /thinking|search\(|results|custom instructions/.test(m.content))).toBe(
      false,
    );

    expect(history.search({ query: '日志' }).length).toBe(2);
    expect(history.search({ query: 'regenerated' })[0]!.messageId).toBe(
      bySource('A regenerated answer about WAL.').id,
    );
  });

  it('is idempotent: a second import adds nothing; a newer export adds only what is new', async () => {
    const file = join(dir, 'conversations.json');
    await writeExport(file, 30, (i) => generatedConversation(i, 6, { branches: i % 3 === 0 }));
    const first = await history.importChatGpt(file);
    expect(first).toMatchObject({ conversationsAdded: 30, messagesAdded: 30 * 6 + 10 });
    const before = history.stats();

    const again = await history.importChatGpt(file);
    expect(again).toMatchObject({
      conversationsRead: 30,
      conversationsAdded: 0,
      messagesAdded: 0,
      conversationsUnchanged: 30,
    });
    expect(history.stats()).toEqual(before);

    // The same export a week later: conversation 3 continued by two messages.
    await writeExport(file, 30, (i) => generatedConversation(i, i === 3 ? 8 : 6, { branches: i % 3 === 0 }));
    const later = await history.importChatGpt(file);
    expect(later).toMatchObject({ conversationsAdded: 0, conversationsUpdated: 1, messagesAdded: 2 });
    const updated = history.list({ limit: 500 }).items.find((c) => c.title.startsWith('Conversation 3 '))!;
    const messages = history.open(updated.id).messages;
    expect(messages).toHaveLength(9);
    expect(messages.at(-1)!.parentId).toBe(messages.at(-2)!.id);
  });

  it('reads the export .zip, streaming, and reports progress up to the whole size', async () => {
    const json = join(dir, 'conversations.json');
    const size = await writeExport(json, 400, (i) => generatedConversation(i, 4));
    const zip = join(dir, 'chatgpt-export.zip');
    await zipOneFile(zip, 'conversations.json', json);
    const progress: ImportProgress[] = [];
    const result = await history.importChatGpt(zip, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ conversationsAdded: 400, messagesAdded: 1600, totalBytes: size });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)!.conversationsAdded).toBe(400);
    expect(progress.every((p, i) => i === 0 || p.bytesRead >= progress[i - 1]!.bytesRead)).toBe(true);
  });

  it('refuses what is not an export in plain words, and keeps what came before damage', async () => {
    const notJson = join(dir, 'notes.txt');
    writeFileSync(notJson, 'hello, these are my notes');
    await expect(history.importChatGpt(notJson)).rejects.toThrow(/not a ChatGPT export/);
    await expect(history.importChatGpt(join(dir, 'missing.json'))).rejects.toThrow(/There is no file/);
    const badZip = join(dir, 'other.zip');
    await zipOneFile(badZip, 'photos.json', notJson);
    await expect(history.importChatGpt(badZip)).rejects.toThrow(/no conversations.json inside/);

    const damaged = join(dir, 'damaged.json');
    await writeExport(damaged, 250, (i) => generatedConversation(i, 2));
    const text = (await import('node:fs')).readFileSync(damaged, 'utf8');
    writeFileSync(damaged, text.slice(0, text.lastIndexOf('{"title"')));
    appendFileSync(damaged, '{"title": "cut off", "mapp');
    await expect(history.importChatGpt(damaged)).rejects.toThrow(
      /damaged after 249 conversations\. The 249 conversations before that point were imported/,
    );
    expect(history.stats().conversations).toBe(249);
    // Importing the repaired file later completes it without duplicates.
    await writeExport(damaged, 250, (i) => generatedConversation(i, 2));
    expect(await history.importChatGpt(damaged)).toMatchObject({ conversationsAdded: 1 });
    expect(history.stats().conversations).toBe(250);
  });
});
