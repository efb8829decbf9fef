import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportUploads } from '../../../src/main/core/handlers/import-uploads.ts';
import { dataFiles } from '../../../src/main/core/paths.ts';
import { TempFiles } from '../../../src/main/core/store/temp-files.ts';

let dir: string;
let uploads: ImportUploads;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-uploads-'));
  uploads = new ImportUploads(new TempFiles(dataFiles(dir).temp));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('import uploads', () => {
  it('refuses, before writing anything, a file over the import limit or of another kind', () => {
    expect(() => uploads.begin('export.zip', 3 * 1024 ** 3)).toThrow(
      /larger than 2 GB, more than Parley imports at once/,
    );
    expect(() => uploads.begin('../../evil.sh', 10)).toThrow(/Choose the ChatGPT export/);
    expect(existsSync(dataFiles(dir).temp)).toBe(false);
  });

  it('writes the chunks in order under its own name, and discards the file', async () => {
    const id = uploads.begin('../../conversations.json', 6);
    await expect(uploads.chunk(id, 3, Buffer.from('abc').toString('base64'))).rejects.toThrow(/went missing/);
    expect(await uploads.chunk(id, 0, Buffer.from('[1,').toString('base64'))).toBe(3);
    expect(() => uploads.finish(id)).toThrow(/did not arrive completely/);
    await expect(uploads.chunk(id, 3, Buffer.from('2]  ').toString('base64'))).rejects.toThrow(
      /larger than announced/,
    );
    await uploads.chunk(id, 3, Buffer.from('2]\n').toString('base64'));
    const { file } = uploads.finish(id);
    expect(file.startsWith(dataFiles(dir).temp)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('[1,2]\n');
    await uploads.discard(id);
    expect(existsSync(file)).toBe(false);
  });
});
