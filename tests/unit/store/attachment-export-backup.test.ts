import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { attachmentPath } from '../../../src/main/core/store/attachment-files.ts';
import type { AttachmentRef } from '../../../src/shared/attachments.ts';

/** Attachments in the JSON and Markdown exports, and in backups (kept, restored, missing). */

let dataDir: string;
let history: HistoryService;
let clock: number;

async function open(backupKeep = 5) {
  history = (await openHistory({ dataDir, now: () => clock++, autoBackupEveryMs: null, backupKeep })).history;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-attachment-export-'));
  clock = Date.UTC(2025, 0, 1);
  await open();
});
afterEach(() => {
  history.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const live = () => join(dataDir, 'attachments');
const pool = () => join(dataDir, 'backups', 'attachments');
const png = Buffer.from('89504e470d0a1a0a00000001', 'hex');
const notes = Buffer.from('line one\nline two\n');

function conversationWith(title: string, refs: AttachmentRef[]) {
  const c = history.createConversation({ title });
  const m = history.addMessage({
    conversationId: c.id,
    parentId: null,
    role: 'user',
    content: 'see attached',
    parts: [
      ...refs.map((attachment) =>
        attachment.kind === 'image'
          ? { type: 'image' as const, attachment }
          : { type: 'file' as const, attachment },
      ),
      { type: 'text', text: 'see attached' },
    ],
    state: 'complete',
  });
  return { c, m };
}

describe('exports', () => {
  it('the JSON export carries each message’s parts and each attachment’s bytes once, in base64', async () => {
    const image = history.attachments.put(png, {
      kind: 'image',
      name: 'pic.png',
      mime: 'image/png',
      width: 1,
      height: 1,
    });
    const text = history.attachments.put(notes, {
      kind: 'text',
      name: 'notes.txt',
      mime: 'text/plain',
      text: notes.toString(),
    });
    conversationWith('One', [image, text]);
    conversationWith('Two', [image]);
    const file = join(dataDir, 'all.json');
    await history.exportAll('json', file);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.version).toBe(2);
    expect(doc.conversations[0].messages[0].parts.map((p: { type: string }) => p.type)).toEqual([
      'image',
      'file',
      'text',
    ]);
    expect(Object.keys(doc.attachments).sort()).toEqual([image.id, text.id].sort());
    expect(Buffer.from(doc.attachments[image.id].data, 'base64').equals(png)).toBe(true);
    expect(doc.attachments[image.id]).toMatchObject({
      name: 'pic.png',
      mime: 'image/png',
      width: 1,
      size: png.length,
    });
    expect(doc.attachments[text.id]).toMatchObject({ text: notes.toString(), kind: 'text' });
    const raw = readFileSync(file, 'utf8');
    expect(raw.split(png.toString('base64')).length - 1).toBe(1); // once, though two messages use it

    rmSync(attachmentPath(live(), text.id));
    await history.exportAll('json', file);
    expect(JSON.parse(readFileSync(file, 'utf8')).attachments[text.id]).toMatchObject({
      data: null,
      missing: true,
    });
  });

  it('the Markdown export lists attachments by a safe name', async () => {
    const image = history.attachments.put(png, { kind: 'image', name: 'shot.png', mime: 'image/png' });
    const { c } = conversationWith('Pics', [{ ...image, name: '..\\..\\nul.png\u0001' }]);
    const md = history.exportConversation(c.id, 'md');
    expect(md).toContain('- Attached image: nul_.png (12 B)');
    expect(md).not.toContain('\u0001');
    expect(md).not.toContain('\\');
  });
});

/** Every entry of a zip as name → bytes, read back with yauzl. */
function zipEntries(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('the Markdown zip export', () => {
  it('holds each attachment once, safely named, linked from the Markdown; a missing one is listed by name', async () => {
    const image = history.attachments.put(png, { kind: 'image', name: 'pic.png', mime: 'image/png' });
    const text = history.attachments.put(notes, { kind: 'text', name: 'notes.txt', mime: 'text/plain' });
    const gone = history.attachments.put(Buffer.from('gone'), {
      kind: 'text',
      name: 'gone.txt',
      mime: 'text/plain',
    });
    conversationWith('One', [image, { ...text, name: 'aux.txt' }]);
    conversationWith('Two', [{ ...image, name: 'again.png' }, gone]);
    rmSync(attachmentPath(live(), gone.id));
    const file = join(dataDir, 'all.zip');
    await history.exportAll('md-zip', file);
    const entries = await zipEntries(file);
    expect([...entries.keys()].sort()).toEqual([
      'One.md',
      'Two.md',
      'attachments/aux_.txt',
      'attachments/pic.png',
    ]);
    expect(entries.get('attachments/pic.png')!.equals(png)).toBe(true);
    expect(entries.get('attachments/aux_.txt')!.equals(notes)).toBe(true);
    expect(entries.get('One.md')!.toString()).toContain(
      '- Attached image: [pic.png](<attachments/pic.png>) (12 B)',
    );
    const two = entries.get('Two.md')!.toString();
    expect(two).toContain('- Attached image: [again.png](<attachments/pic.png>)');
    expect(two).toContain('- Attached text: gone.txt (4 B)');
  });
});

describe('backups', () => {
  it('keep the attachment files and a restore brings them back', async () => {
    const image = history.attachments.put(png, { kind: 'image', name: 'pic.png', mime: 'image/png' });
    const { c } = conversationWith('Kept', [image]);
    const backup = await history.backups.create('manual');
    expect(existsSync(attachmentPath(pool(), image.id))).toBe(true);

    // Lost after the backup: the message, and (past the undo window) the file.
    history.delete(c.id);
    rmSync(attachmentPath(live(), image.id));
    await history.backups.restore(backup.id);
    const restored = history.open(c.id).messages[0]!;
    expect(restored.parts[0]).toMatchObject({ type: 'image', attachment: { id: image.id } });
    expect(history.attachments.bytes(image.id).equals(png)).toBe(true);
  });

  it('a restored backup that lacks an attachment file still opens; the attachment reads as missing', async () => {
    const image = history.attachments.put(png, { kind: 'image', name: 'pic.png', mime: 'image/png' });
    const { c } = conversationWith('Kept', [image]);
    const backup = await history.backups.create('manual');
    rmSync(attachmentPath(pool(), image.id));
    rmSync(attachmentPath(live(), image.id));
    await history.backups.restore(backup.id);
    expect(history.open(c.id).messages[0]!.parts[0]).toMatchObject({ type: 'image' });
    expect(history.attachments.get(image.id)).toMatchObject({ name: 'pic.png' });
    expect(() => history.attachments.bytes(image.id)).toThrow(/“pic.png” is missing/);
  });

  it('rotation prunes pool files no remaining backup refers to', async () => {
    history.close();
    await open(1);
    const first = history.attachments.put(png, { kind: 'image', name: 'a.png', mime: 'image/png' });
    const { c } = conversationWith('A', [first]);
    await history.backups.create('auto');
    expect(readdirSync(join(pool(), first.id.slice(0, 2)))).toEqual([first.id]);
    history.deleteMessage(c.id, history.open(c.id).messages[0]!.id);
    const second = history.attachments.put(notes, { kind: 'text', name: 'b.txt', mime: 'text/plain' });
    conversationWith('B', [second]);
    clock += 31 * 24 * 60 * 60 * 1000; // past the undo window: the first attachment is swept
    expect(history.attachments.sweep()).toBe(1);
    await history.backups.create('auto');
    expect(existsSync(attachmentPath(pool(), first.id))).toBe(false);
    expect(existsSync(attachmentPath(pool(), second.id))).toBe(true);
  });
});
