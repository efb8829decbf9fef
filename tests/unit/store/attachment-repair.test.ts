import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { rawDb } from '../../fixtures/history-kit.ts';

/** A repaired (salvaged) history keeps its messages' attachments: rows, links, search, files. */

const DAY = 24 * 60 * 60 * 1000;
let dataDir: string;
let history: HistoryService;
let clock: number;

async function open() {
  const opened = await openHistory({ dataDir, now: () => clock, autoBackupEveryMs: null });
  history = opened.history;
  return opened.notices;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-attachment-repair-'));
  clock = Date.UTC(2025, 0, 1);
  await open();
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const dbFile = () => join(dataDir, 'history.sqlite');
const pdf = Buffer.from('%PDF-1.4 a report');

function sendPdf() {
  const ref = history.attachments.put(pdf, {
    kind: 'pdf',
    name: 'report.pdf',
    mime: 'application/pdf',
    text: 'The zanzibarian figures.',
  });
  const c = history.createConversation({ title: 'Report' });
  const m = history.addMessage({
    conversationId: c.id,
    parentId: null,
    role: 'user',
    content: 'read this',
    parts: [
      { type: 'file', attachment: ref },
      { type: 'text', text: 'read this' },
    ],
    state: 'complete',
  });
  return { ref, m };
}

it('a history repaired from its backup keeps attachment rows, links and search', async () => {
  const { ref, m } = sendPdf();
  await history.backups.create();
  history.close();
  const bytes = readFileSync(dbFile());
  for (let i = 100; i < 4096; i++) bytes[i] = (i * 7) & 0xff; // the schema page
  writeFileSync(dbFile(), bytes);
  clock += 2 * DAY; // the start's sweep would remove an attachment that looked unused
  const notices = await open();
  expect(notices.map((n) => n.kind)).toEqual(['history-repaired']);
  expect(history.getMessage(m.id).parts[0]).toMatchObject({ type: 'file', attachment: { id: ref.id } });
  expect(history.attachments.get(ref.id)).toMatchObject({ text: 'The zanzibarian figures.' });
  expect(history.attachments.bytes(ref.id).equals(pdf)).toBe(true);
  expect(history.search({ query: 'zanzibarian' }).map((h) => h.messageId)).toEqual([m.id]);
});

it('a lost attachments row is re-created from the message’s part, so its file is kept', async () => {
  const { ref, m } = sendPdf();
  const raw = rawDb(dataDir);
  raw.exec('DROP TABLE message_attachments; DROP TABLE attachments;'); // what damage can leave
  raw.close();
  await history.backups.create(); // the only copy left has the messages, not the attachment rows
  history.close();
  const bytes = readFileSync(dbFile());
  for (let i = 100; i < 4096; i++) bytes[i] = (i * 7) & 0xff;
  writeFileSync(dbFile(), bytes);
  clock += 2 * DAY;
  await open();
  expect(history.attachments.get(ref.id)).toMatchObject({ name: 'report.pdf', size: pdf.length });
  expect(history.attachments.bytes(ref.id).equals(pdf)).toBe(true);
  expect(history.search({ query: 'report.pdf' }).map((h) => h.messageId)).toEqual([m.id]);
  expect(history.attachments.sweep({ files: true })).toBe(0);
});
