import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChunkedUploads,
  IDLE_UPLOAD_MS,
  MAX_OPEN_UPLOADS,
} from '../../../src/main/core/handlers/chunked-uploads.ts';
import { attachmentUpload, chatGptImportUpload } from '../../../src/main/core/handlers/upload-policies.ts';
import { dataFiles } from '../../../src/main/core/paths.ts';
import { TempFiles } from '../../../src/main/core/store/temp-files.ts';

let dir: string;
let uploads: ChunkedUploads;
const b64 = (text: string) => Buffer.from(text).toString('base64');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
  uploads = new ChunkedUploads(new TempFiles(dataFiles(dir).temp));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('chunked uploads', () => {
  it('refuses, before writing anything, a file over the import limit or of another kind', () => {
    expect(() => uploads.begin(chatGptImportUpload, 'export.zip', 3 * 1024 ** 3)).toThrow(
      /larger than 2 GB, more than Parley imports at once/,
    );
    expect(() => uploads.begin(chatGptImportUpload, '../../evil.sh', 10)).toThrow(
      /Choose the ChatGPT export/,
    );
    expect(() => uploads.begin(attachmentUpload, 'big.png', 21 * 1024 ** 2)).toThrow(
      /larger than 20 MB, more than Parley attaches/,
    );
    expect(existsSync(dataFiles(dir).temp)).toBe(false);
  });

  it('writes the chunks in order under its own name, and discards the file', async () => {
    const id = uploads.begin(chatGptImportUpload, '../../conversations.json', 6);
    await expect(uploads.chunk(chatGptImportUpload, id, 3, b64('abc'))).rejects.toThrow(/went missing/);
    expect(await uploads.chunk(chatGptImportUpload, id, 0, b64('[1,'))).toBe(3);
    await expect(uploads.finish(chatGptImportUpload, id)).rejects.toThrow(/did not arrive completely/);
    await expect(uploads.chunk(chatGptImportUpload, id, 3, b64('2]  '))).rejects.toThrow(
      /larger than announced/,
    );
    await uploads.chunk(chatGptImportUpload, id, 3, b64('2]\n'));
    const { file } = await uploads.finish(chatGptImportUpload, id);
    expect(file.startsWith(dataFiles(dir).temp)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('[1,2]\n');
    await uploads.discard(id);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses damaged base64, an upload of another use, and a chunk sent twice at once', async () => {
    const id = uploads.begin(attachmentUpload, 'notes.txt', 6);
    for (const bad of ['abc', 'ab$=', '====', 'YWJj\nZGVm', 'YQ=a'])
      await expect(uploads.chunk(attachmentUpload, id, 0, bad), bad).rejects.toThrow(/arrived damaged/);
    // An import cannot pick up an attachment's upload (nor the other way round).
    await expect(uploads.chunk(chatGptImportUpload, id, 0, b64('abc'))).rejects.toThrow(
      /That import is no longer in progress/,
    );
    const twice = await Promise.allSettled([
      uploads.chunk(attachmentUpload, id, 0, b64('abc')),
      uploads.chunk(attachmentUpload, id, 0, b64('abc')),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    await uploads.chunk(attachmentUpload, id, 3, b64('def'));
    expect(await uploads.take(attachmentUpload, id)).toEqual({
      bytes: new Uint8Array(Buffer.from('abcdef')),
      name: 'notes.txt',
    });
    // Taken is gone: the file, and the upload.
    expect(readdirSync(dataFiles(dir).temp)).toEqual([]);
    await expect(uploads.take(attachmentUpload, id)).rejects.toThrow(/That upload is no longer in progress/);
  });

  it('holds at most so many uploads open at once', async () => {
    for (let i = 0; i < MAX_OPEN_UPLOADS; i++) uploads.begin(attachmentUpload, `f${i}`, 1);
    expect(() => uploads.begin(attachmentUpload, 'one more', 1)).toThrow(/Too many files/);
    await uploads.discardAll();
    expect(() => uploads.begin(attachmentUpload, 'now', 1)).not.toThrow();
  });

  it('drops an upload left idle when another begins, but never one handed over', async () => {
    let now = 1_000_000;
    const timed = new ChunkedUploads(new TempFiles(dataFiles(dir).temp), () => now);
    const handed = timed.begin(chatGptImportUpload, 'conversations.json', 2);
    await timed.chunk(chatGptImportUpload, handed, 0, b64('[]'));
    const { file } = await timed.finish(chatGptImportUpload, handed);
    const idle = timed.begin(attachmentUpload, 'left.txt', 10);
    await timed.chunk(attachmentUpload, idle, 0, b64('half'));
    const busy = timed.begin(attachmentUpload, 'busy.txt', 10);
    now += IDLE_UPLOAD_MS - 1;
    await timed.chunk(attachmentUpload, busy, 0, b64('some'));
    now += 2;
    timed.begin(attachmentUpload, 'next.txt', 1);
    await expect(timed.chunk(attachmentUpload, idle, 4, b64('more'))).rejects.toThrow(
      /no longer in progress/,
    );
    expect(await timed.chunk(attachmentUpload, busy, 4, b64('more'))).toBe(8);
    expect(readFileSync(file, 'utf8')).toBe('[]');
    await timed.discardAll();
    expect(readdirSync(dataFiles(dir).temp)).toEqual([]);
  });
});
