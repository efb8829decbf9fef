import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { IMPORT_LIMITS } from '../../../src/main/core/store/import-limits.ts';
import { conversation, node, writeZip, zipEntry } from '../../fixtures/chatgpt-export.ts';
import type { ZipEntry } from '../../fixtures/chatgpt-export.ts';
import { makePng } from '../../unit/attachments/make-files.ts';

/** The ChatGPT import brings the images its export holds, as image attachments, from a real zip. */

let dir: string;
let history: HistoryService;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-images-'));
  history = (await openHistory({ dataDir: join(dir, 'data'), autoBackupEveryMs: null })).history;
});
afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

const png = Buffer.from(makePng(3, 2));
const gif = Buffer.from(
  'GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;',
  'latin1',
);

function exportJson() {
  const t = 1_700_000_000;
  const image = (asset: string) => ({
    content_type: 'image_asset_pointer',
    asset_pointer: asset,
    width: 3,
    height: 2,
  });
  return JSON.stringify([
    conversation(
      'c-img',
      'Pictures',
      [
        node('root', null, null, null),
        node('u1', 'root', 'user', '', {
          time: t + 1,
          contentType: 'multimodal_text',
          parts: [image('file-service://file-Png123'), 'what is in this picture?'],
        }),
        node('a1', 'u1', 'assistant', 'A small gradient.', { time: t + 2 }),
        node('u2', 'a1', 'user', '', {
          time: t + 3,
          contentType: 'multimodal_text',
          parts: [
            'and these?',
            image('sediment://file_000abc'),
            image('file-service://file-Missing9'),
            image('file-service://file-NotImage'),
          ],
        }),
      ],
      'u2',
      t,
    ),
  ]);
}

const stored = (name: string, data: Buffer): ZipEntry => ({
  name,
  data,
  method: 0,
  crc: crc32(data),
  size: data.length,
});

async function writeExportZip(file: string, extra: ZipEntry[] = []) {
  writeZip(file, [
    await zipEntry('conversations.json', [exportJson()]),
    stored('file-Png123-gradient.png', png),
    stored('user-abc/file_000abc-1b2c.gif', gif),
    stored('file-NotImage-notes.png', Buffer.from('not an image at all')),
    ...extra,
  ]);
}

function importedMessages() {
  const [summary] = history.list().items;
  return history.open(summary!.id).messages;
}

describe('ChatGPT import of images', () => {
  it('stores the images of a zip as image attachments; a missing or non-image one stays a placeholder', async () => {
    const file = join(dir, 'export.zip');
    await writeExportZip(file);
    const result = await history.importChatGpt(file);
    expect(result.conversationsAdded).toBe(1);
    const [u1, , u2] = importedMessages();

    expect(u1!.content).toBe('what is in this picture?');
    expect(u1!.parts).toEqual([
      {
        type: 'image',
        attachment: expect.objectContaining({
          kind: 'image',
          mime: 'image/png',
          width: 3,
          height: 2,
          name: 'file-Png123-gradient.png',
        }),
      },
      { type: 'text', text: 'what is in this picture?' },
    ]);
    const pngId = (u1!.parts[0] as { attachment: { id: string } }).attachment.id;
    expect(history.attachments.bytes(pngId).equals(png)).toBe(true);

    expect(u2!.parts.map((p) => p.type)).toEqual(['text', 'image', 'text']);
    expect(u2!.parts[1]).toMatchObject({ attachment: { mime: 'image/gif', name: 'file_000abc-1b2c.gif' } });
    expect(u2!.parts[2]).toEqual({ type: 'text', text: '[image]\n[image]' });
    expect(u2!.content).toBe('and these?\n[image]\n[image]');

    // A second import adds nothing and stores nothing twice.
    expect((await history.importChatGpt(file)).conversationsUnchanged).toBe(1);
    expect(importedMessages()).toHaveLength(3);
    expect(history.search({ query: 'gradient.png' }).map((h) => h.messageId)).toEqual([u1!.id]);
  });

  it('a conversations.json whose size the zip understates is refused in plain words, and nothing escapes', async () => {
    // The entry inflates while the images are looked up, before the reading starts: its error must
    // reach the import, not the process (it escaped as an uncaught exception).
    const json = Buffer.from(exportJson().repeat(20));
    const entry = await zipEntry('conversations.json', [json]);
    const file = join(dir, 'lying.zip');
    writeZip(file, [{ ...entry, declaredSize: 100 }, stored('file-Png123-gradient.png', png)]);
    const escaped: unknown[] = [];
    const onUncaught = (error: unknown) => escaped.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const error = await history.importChatGpt(file).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^That \.zip is damaged/);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(escaped).toEqual([]);
  });

  it('reads images from the folder an export unzips to', async () => {
    const folder = join(dir, 'unzipped');
    mkdirSync(join(folder, 'user-abc'), { recursive: true });
    writeFileSync(join(folder, 'conversations.json'), exportJson());
    writeFileSync(join(folder, 'file-Png123-gradient.png'), png);
    writeFileSync(join(folder, 'user-abc', 'file_000abc-1b2c.gif'), gif);
    await history.importChatGpt(folder);
    const [u1, , u2] = importedMessages();
    expect(u1!.parts[0]).toMatchObject({ type: 'image', attachment: { mime: 'image/png' } });
    expect(u2!.parts[1]).toMatchObject({ type: 'image', attachment: { mime: 'image/gif' } });
  });

  it('an image entry that inflates far more than an image does is not read: it stays a placeholder', async () => {
    const file = join(dir, 'bomb.zip');
    const bomb = await zipEntry('file-Png123-huge.png', [png, Buffer.alloc(1024 * 1024)]);
    writeZip(file, [await zipEntry('conversations.json', [exportJson()]), bomb]);
    await history.importChatGpt(file, { limits: { ...IMPORT_LIMITS, ratioFloorBytes: 1024 } });
    const [u1] = importedMessages();
    expect(u1!.content).toBe('[image]\nwhat is in this picture?');
    expect(u1!.parts).toEqual([{ type: 'text', text: '[image]\nwhat is in this picture?' }]);
  });
});
