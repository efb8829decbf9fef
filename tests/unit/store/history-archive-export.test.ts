import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { safeFileName } from '../../../src/main/core/store/safe-file-name.ts';
import { ZipWriter } from '../../../src/main/core/store/zip-writer.ts';
import { startAnswer, userMessage } from '../../fixtures/history-kit.ts';
import { zipNames } from '../../fixtures/zip-names.ts';

let dataDir: string;
let history: HistoryService;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-archive-'));
  let clock = Date.UTC(2025, 0, 1);
  history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function conversation(title: string, question: string, answer: string) {
  const c = history.createConversation({ title });
  const user = userMessage(history, { conversationId: c.id, parentId: null, content: question });
  const reply = startAnswer(history, { conversationId: c.id, parentId: user.id, model: 'gpt-4o-mini' });
  history.appendToMessage(reply.id, { text: answer });
  history.finishMessage(reply.id, { state: 'complete' });
  return c;
}

/** Every entry of a zip as name → text, read back with yauzl (the reader the importer uses). */
function readZip(file: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, string>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('archive', () => {
  it('hides an archived conversation from the list, lists it in the archive, finds it by search, and unarchives it', () => {
    const kept = conversation('Kept here', 'hello there', 'General Kenobi');
    const old = conversation('Old plans 旧计划', 'archive zebra crossing', 'The zebra answer');
    const archived = history.setArchived(old.id, true);
    expect(archived.archived).toBe(true);

    expect(history.list().items.map((c) => c.id)).toEqual([kept.id]);
    expect(history.list({ onlyArchived: true }).items.map((c) => c.id)).toEqual([old.id]);
    expect(
      history
        .list({ includeArchived: true })
        .items.map((c) => c.id)
        .sort(),
    ).toEqual([kept.id, old.id].sort());
    expect(history.search({ query: 'zebra' }).map((h) => h.conversationId)).toContain(old.id);

    expect(history.setArchived(old.id, false).archived).toBe(false);
    expect(history.list({ onlyArchived: true }).items).toEqual([]);
    expect(
      history
        .list()
        .items.map((c) => c.id)
        .sort(),
    ).toEqual([kept.id, old.id].sort());
  });

  it('refuses an unknown conversation in plain words', () => {
    expect(() => history.setArchived('no-such-id', true)).toThrow(/does not exist/i);
  });

  it('survives a restart', async () => {
    const c = conversation('Archive me', 'q', 'a');
    history.setArchived(c.id, true);
    history.close();
    history = (await openHistory({ dataDir, autoBackupEveryMs: null })).history;
    expect(history.list().items).toEqual([]);
    expect(history.open(c.id).archived).toBe(true);
  });
});

describe('export everything', () => {
  it('writes a Markdown zip: one file per conversation, Chinese titles kept, unsafe names cleaned, duplicates numbered, archived ones included', async () => {
    conversation('Weekly plan', 'first question', 'first answer');
    conversation('weekly PLAN', 'second question', 'second answer');
    conversation('周报：总结/计划', 'third question', 'third answer');
    const archived = conversation('Archived one', 'fourth question', 'fourth answer');
    history.setArchived(archived.id, true);
    const deleted = conversation('Deleted one', 'gone', 'gone');
    history.delete(deleted.id);

    const file = join(dataDir, 'all.zip');
    expect(await history.exportAll('md-zip', file)).toEqual({ conversations: 4 });
    const entries = await readZip(file);
    expect([...entries.keys()]).toEqual([
      'Weekly plan.md',
      'weekly PLAN (2).md',
      '周报：总结 计划.md',
      'Archived one.md',
    ]);
    expect(entries.get('Weekly plan.md')).toContain('first answer');
    expect(entries.get('weekly PLAN (2).md')).toContain('second question');
    expect(entries.get('周报：总结 计划.md')).toMatch(/^# 周报：总结\/计划/);
    expect(entries.get('Archived one.md')).toContain('fourth answer');
  });

  it('writes one JSON document with every conversation and its messages', async () => {
    conversation('One', 'q1', 'a1');
    conversation('Two', 'q2', 'a2');
    const file = join(dataDir, 'all.json');
    await history.exportAll('json', file);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      conversations: { title: string; messages: { content: string }[] }[];
    };
    expect(doc.format).toBe('parley-history');
    expect(doc.conversations.map((c) => c.title)).toEqual(['One', 'Two']);
    expect(doc.conversations[1]!.messages.map((m) => m.content)).toEqual(['q2', 'a2']);
  });

  it('an empty history exports an empty but valid zip', async () => {
    const file = join(dataDir, 'empty.zip');
    expect(await history.exportAll('md-zip', file)).toEqual({ conversations: 0 });
    expect((await readZip(file)).size).toBe(0);
  });

  it('names: reserved and empty titles get safe names', () => {
    expect(safeFileName('CON')).toBe('CON_');
    expect(safeFileName('...')).toBe('conversation');
    expect(safeFileName('a\u0000b/c')).toBe('a b c');
  });
});

describe('zip writer', () => {
  it('writes ZIP64 past 65,535 entries, and yauzl reads every one back', async () => {
    const file = join(dataDir, 'many.zip');
    const parts: Buffer[] = [];
    const zip = new ZipWriter(async (bytes) => void parts.push(bytes), new Date(2025, 0, 2, 3, 4, 6));
    const count = 65_540;
    for (let i = 0; i < count; i++) await zip.add(`n${i}.md`, `entry ${i}`);
    await zip.add('long.md', 'deflated '.repeat(100));
    await zip.finish();
    writeFileSync(file, Buffer.concat(parts));
    const names = await zipNames(file);
    expect(names).toHaveLength(count + 1);
    expect(names[count - 1]).toBe('n65539.md');
    expect(new Set(names).size).toBe(count + 1);
  }, 30_000);

  it('stores tiny entries and deflates larger ones, both read back intact', async () => {
    const file = join(dataDir, 'mixed.zip');
    const parts: Buffer[] = [];
    const zip = new ZipWriter(async (bytes) => void parts.push(bytes), new Date(2025, 0, 2));
    await zip.add('tiny.md', '小');
    await zip.add('big.md', '长文本 long text '.repeat(500));
    await zip.finish();
    writeFileSync(file, Buffer.concat(parts));
    const entries = await readZip(file);
    expect(entries.get('tiny.md')).toBe('小');
    expect(entries.get('big.md')).toBe('长文本 long text '.repeat(500));
    expect(Buffer.concat(parts).length).toBeLessThan(2000);
  });
});
