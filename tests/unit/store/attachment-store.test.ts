import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { attachmentPath } from '../../../src/main/core/store/attachment-files.ts';
import { FRESH_UPLOAD_MS } from '../../../src/main/core/store/attachment-store.ts';
import type { MessagePart } from '../../../src/shared/attachments.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { rawDb } from '../../fixtures/history-kit.ts';

/** Attachments stored once by content hash, in a real data folder and a real SQLite history. */

const DAY = 24 * 60 * 60 * 1000;
const UNDO = 30 * DAY;
let dataDir: string;
let history: HistoryService;
let clock: number;

async function open() {
  history = (
    await openHistory({ dataDir, now: () => clock, autoBackupEveryMs: null, purgeDeletedAfterMs: UNDO })
  ).history;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-attachments-'));
  clock = Date.UTC(2025, 0, 1);
  await open();
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const dir = () => join(dataDir, 'attachments');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function sendWith(parts: MessagePart[], content = 'look at this') {
  const c = history.createConversation();
  const m = history.addMessage({
    conversationId: c.id,
    parentId: null,
    role: 'user',
    content,
    parts,
    state: 'complete',
  });
  return { c, m };
}

describe('attachment store', () => {
  it("refuses a file over the cap of one attachment with the ingest's own words and reason, storing nothing", () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    let error: unknown;
    try {
      history.attachments.put(big, { kind: 'text', name: 'big.txt', mime: 'text/plain' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({
      reason: 'attachment_too_large',
      message: 'That file is larger than 20 MB, more than Parley attaches.',
    });
    expect(existsSync(attachmentPath(dir(), sha(big)))).toBe(false);
  });

  it('stores the bytes once by their SHA-256, under attachments/<2 hex>/<hash>, and keeps the first row', () => {
    const a = history.attachments.put(png, {
      kind: 'image',
      name: 'shot.png',
      mime: 'image/png',
      width: 1,
      height: 1,
    });
    const b = history.attachments.put(new Uint8Array(png), {
      kind: 'image',
      name: 'again.png',
      mime: 'image/png',
    });
    expect(a.id).toBe(sha(png));
    expect(b.id).toBe(a.id);
    expect(b.name).toBe('again.png');
    expect(b).toMatchObject({ width: 1, height: 1, size: png.length, kind: 'image', mime: 'image/png' });
    expect(readdirSync(join(dir(), a.id.slice(0, 2)))).toEqual([a.id]);
    // The user's own files: readable by them alone.
    expect(statSync(attachmentPath(dir(), a.id)).mode & 0o777).toBe(0o600);
    expect(statSync(dir()).mode & 0o777).toBe(0o700);
    expect(history.attachments.bytes(a.id).equals(png)).toBe(true);
    expect(history.attachments.get(a.id)).toMatchObject({ id: a.id, name: 'shot.png', text: null });
    const raw = rawDb(dataDir);
    expect((raw.prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n).toBe(1);
    raw.close();
  });

  it('sanitises names and keeps extracted text and tokens', () => {
    const ref = history.attachments.put(Buffer.from('hello'), {
      kind: 'text',
      name: '../../etc/CON.txt\u0007',
      mime: 'text/plain',
      text: 'hello',
      tokens: 2,
    });
    expect(ref.name).toBe('CON.txt'); // a label: the export makes it a safe file name (CON_.txt)
    expect(history.attachments.get(ref.id)).toMatchObject({ text: 'hello', tokens: 2 });
  });

  it('reads in chunks, and says in plain words when a file is missing or damaged', () => {
    const bytes = Buffer.from('0123456789');
    const ref = history.attachments.put(bytes, { kind: 'text', name: 'n.txt', mime: 'text/plain' });
    expect(history.attachments.read(ref.id, 4, 3)).toEqual({
      data: Buffer.from('456'),
      size: 10,
      mime: 'text/plain',
    });
    expect(history.attachments.read(ref.id, 8, 100).data.toString()).toBe('89');
    expect(history.attachments.read(ref.id, 50, 100).data.length).toBe(0);

    writeFileSync(attachmentPath(dir(), ref.id), '0123456780'); // same size, other bytes
    expect(() => history.attachments.bytes(ref.id)).toThrow(/“n.txt” is damaged/);
    writeFileSync(attachmentPath(dir(), ref.id), '01');
    expect(() => history.attachments.read(ref.id, 0, 10)).toThrow(/damaged/);
    rmSync(attachmentPath(dir(), ref.id));
    const missing = (() => {
      try {
        history.attachments.bytes(ref.id);
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(ParleyError);
    expect((missing as ParleyError).code).toBe('not_found');
    expect((missing as ParleyError).message).toMatch(/“n.txt” is missing/);
    expect(history.attachments.get('0'.repeat(64))).toBeNull();
    expect(history.attachments.get('../x')).toBeNull();
    expect(() => history.attachments.bytes('0'.repeat(64))).toThrow(/no longer stored/);
    // Put again: the file is written anew.
    history.attachments.put(bytes, { kind: 'text', name: 'n.txt', mime: 'text/plain' });
    expect(history.attachments.bytes(ref.id).equals(bytes)).toBe(true);
  });

  it('never leaves a half file under the hash name when the write fails', () => {
    const ref = history.attachments.put(Buffer.from('x'), {
      kind: 'text',
      name: 'x.txt',
      mime: 'text/plain',
    });
    // A folder where the prefix folder should be: the write fails; no file, no row, plain words.
    const bytes = Buffer.from('a different file');
    const id = sha(bytes);
    rmSync(join(dir(), id.slice(0, 2)), { recursive: true, force: true });
    writeFileSync(join(dir(), id.slice(0, 2)), 'not a folder');
    expect(() => history.attachments.put(bytes, { kind: 'text', name: 'y.txt', mime: 'text/plain' })).toThrow(
      /“y.txt” could not be saved in Parley's data folder. Nothing was lost/,
    );
    expect(history.attachments.get(id)).toBeNull();
    expect(history.attachments.get(ref.id)).not.toBeNull();
  });
});

describe('messages with parts', () => {
  it('stores parts, links attachments, and reads plain messages as one text part', () => {
    const ref = history.attachments.put(png, { kind: 'image', name: 'shot.png', mime: 'image/png' });
    const parts: MessagePart[] = [
      { type: 'image', attachment: ref, detail: 'high' },
      { type: 'text', text: 'look at this' },
    ];
    const { c, m } = sendWith(parts);
    expect(m.parts).toEqual(parts);
    expect(history.open(c.id).messages[0]!.parts).toEqual(parts);
    const plain = history.addMessage({
      conversationId: c.id,
      parentId: m.id,
      role: 'user',
      content: 'hi',
      state: 'complete',
    });
    expect(plain.parts).toEqual([{ type: 'text', text: 'hi' }]);
    const raw = rawDb(dataDir);
    expect(raw.prepare('SELECT parts FROM messages WHERE id = ?').get(plain.id)).toEqual({ parts: null });
    raw.close();
  });

  it('refuses a part naming an attachment that is not stored', () => {
    const ghost = { id: 'f'.repeat(64), kind: 'image' as const, name: 'g.png', mime: 'image/png', size: 1 };
    expect(() => sendWith([{ type: 'image', attachment: ghost }])).toThrow(/no longer stored/);
  });

  it('titles an image-only first message by the file name', () => {
    const ref = history.attachments.put(png, { kind: 'image', name: 'holiday.png', mime: 'image/png' });
    const { c } = sendWith([{ type: 'image', attachment: ref }], '');
    expect(history.open(c.id).title).toBe('holiday.png');
  });

  it('finds a message by its attachment’s name and extracted text, in English and Chinese', () => {
    const pdf = history.attachments.put(Buffer.from('%PDF-1.4 fake'), {
      kind: 'pdf',
      name: 'quarterly-report.pdf',
      mime: 'application/pdf',
      text: 'Revenue grew by a xylophonic margin. 收入增长了百分之十。',
    });
    const { m } = sendWith(
      [
        { type: 'file', attachment: pdf },
        { type: 'text', text: 'summarise' },
      ],
      'summarise',
    );
    for (const query of ['xylophonic', 'quarterly-report', '收入', '增长了百分']) {
      expect(
        history.search({ query }).map((h) => h.messageId),
        query,
      ).toEqual([m.id]);
    }
    const [hit] = history.search({ query: 'xylophonic' });
    expect(hit!.snippet.some((part) => part.match && /xylophonic/i.test(part.text))).toBe(true);
  });
});

describe('sweeping attachments no message refers to', () => {
  it('removes an upload never sent after a day, and keeps a sent one', () => {
    const unsent = history.attachments.put(Buffer.from('unsent'), {
      kind: 'text',
      name: 'u.txt',
      mime: 'text/plain',
    });
    const sent = history.attachments.put(png, { kind: 'image', name: 's.png', mime: 'image/png' });
    sendWith([{ type: 'image', attachment: sent }]);
    clock += FRESH_UPLOAD_MS - 1;
    expect(history.attachments.sweep()).toBe(0);
    clock += 2;
    expect(history.attachments.sweep()).toBe(1);
    expect(history.attachments.get(unsent.id)).toBeNull();
    expect(existsSync(attachmentPath(dir(), unsent.id))).toBe(false);
    expect(history.attachments.bytes(sent.id).equals(png)).toBe(true);
  });

  it('keeps a deleted message’s attachment for the undo window, and one another message still uses', () => {
    const ref = history.attachments.put(png, { kind: 'image', name: 's.png', mime: 'image/png' });
    const first = sendWith([{ type: 'image', attachment: ref }]);
    const second = sendWith([{ type: 'image', attachment: ref }]);
    clock += 2 * DAY;
    history.deleteMessage(first.c.id, first.m.id);
    clock += UNDO + 1;
    expect(history.attachments.sweep()).toBe(0); // the second message still refers to it
    history.deleteMessage(second.c.id, second.m.id);
    clock += UNDO - 10;
    expect(history.attachments.sweep()).toBe(0);
    expect(history.attachments.bytes(ref.id).equals(png)).toBe(true);
    clock += 11;
    expect(history.attachments.sweep()).toBe(1);
    expect(existsSync(attachmentPath(dir(), ref.id))).toBe(false);
  });

  it('removes a deleted conversation’s attachments once it is purged after the undo window, at start', async () => {
    const ref = history.attachments.put(png, { kind: 'image', name: 's.png', mime: 'image/png' });
    const { c } = sendWith([{ type: 'image', attachment: ref }]);
    clock += 2 * DAY;
    history.delete(c.id);
    history.close();
    clock += UNDO - 1;
    await open();
    expect(history.attachments.get(ref.id)).not.toBeNull(); // still undoable
    history.close();
    clock += 2;
    await open();
    expect(history.attachments.get(ref.id)).toBeNull();
    expect(existsSync(attachmentPath(dir(), ref.id))).toBe(false);
  });

  it('removes, at start, old files without a row and left-over temporary files, never new ones', async () => {
    const ref = history.attachments.put(png, { kind: 'image', name: 's.png', mime: 'image/png' });
    sendWith([{ type: 'image', attachment: ref }]);
    const strayId = 'ab'.padEnd(64, '0');
    const stray = attachmentPath(dir(), strayId);
    const temp = `${attachmentPath(dir(), ref.id)}.0a1b.tmp`;
    const fresh = attachmentPath(dir(), 'ab'.padEnd(64, '1'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir(), 'ab'), { recursive: true });
    for (const file of [stray, temp, fresh]) writeFileSync(file, 'x');
    const old = new Date(clock - 2 * DAY);
    utimesSync(stray, old, old);
    utimesSync(temp, old, old);
    history.close();
    clock = Date.now();
    await open();
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(temp)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(history.attachments.bytes(ref.id).equals(png)).toBe(true);
  });
});
