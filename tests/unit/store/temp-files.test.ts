import {
  existsSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportDownloads } from '../../../src/main/core/handlers/export-downloads.ts';
import { ChunkedUploads } from '../../../src/main/core/handlers/chunked-uploads.ts';
import { chatGptImportUpload } from '../../../src/main/core/handlers/upload-policies.ts';
import { dataFiles } from '../../../src/main/core/paths.ts';
import { STALE_TEMP_FILE_MS, TempFiles } from '../../../src/main/core/store/temp-files.ts';

const HOUR = 60 * 60 * 1000;

let dataDir: string;
let tempDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'parley-temp-files-'));
  tempDir = dataFiles(dataDir).temp;
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Sets a file's modification time, as if it had last been written then. */
const writtenAt = (file: string, ms: number) => utimesSync(file, ms / 1000, ms / 1000);

describe('temporary files (real files, an injected clock)', () => {
  it('sweeps an export never read and an abandoned upload once a day old, and nothing younger', async () => {
    const start = Date.now();
    const first = new TempFiles(tempDir, () => start);
    // An export made, then the window closed before reading it.
    const downloads = new ExportDownloads(first);
    const unread = await downloads.create('.zip', async (file) => writeFileSync(file, 'zip bytes'));
    // An import whose upload stopped half-way.
    const uploads = new ChunkedUploads(first);
    const upload = uploads.begin(chatGptImportUpload, 'conversations.json', 10);
    await uploads.chunk(chatGptImportUpload, upload, 0, Buffer.from('[1,').toString('base64'));
    // And a download made an hour before the next start.
    const recent = await downloads.create('.json', async (file) => writeFileSync(file, '{}'));
    const files = readdirSync(tempDir);
    expect(files).toHaveLength(3);
    for (const name of files) writtenAt(join(tempDir, name), start);
    writtenAt(join(tempDir, `${recent.id}.json`), start + 24 * HOUR);

    // The next start, 23 hours on: nothing is a day old yet.
    expect(await new TempFiles(tempDir, () => start + 23 * HOUR).sweep()).toBe(0);
    expect(readdirSync(tempDir)).toHaveLength(3);

    // 25 hours on: the unread export and the abandoned upload go; the recent download stays.
    expect(await new TempFiles(tempDir, () => start + 25 * HOUR).sweep()).toBe(2);
    expect(readdirSync(tempDir)).toEqual([`${recent.id}.json`]);
    expect(existsSync(join(tempDir, `${unread.id}.zip`))).toBe(false);
  });

  it('removes a stale link without following it, leaves folders alone, and survives a missing folder', async () => {
    const now = Date.now();
    expect(await new TempFiles(tempDir, () => now).sweep()).toBe(0);
    mkdirSync(tempDir, { recursive: true });
    const outside = join(dataDir, 'history.sqlite');
    writeFileSync(outside, 'precious');
    writtenAt(outside, now - 2 * STALE_TEMP_FILE_MS);
    const link = join(tempDir, 'link.zip');
    symlinkSync(outside, link);
    const folder = join(tempDir, 'a-folder');
    mkdirSync(folder);
    writtenAt(folder, now - 2 * STALE_TEMP_FILE_MS);
    // The link itself is old (its target's time is never looked at).
    lutimesSync(link, (now - 2 * STALE_TEMP_FILE_MS) / 1000, (now - 2 * STALE_TEMP_FILE_MS) / 1000);

    expect(await new TempFiles(tempDir, () => now).sweep()).toBe(1);
    expect(existsSync(link)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(folder)).toBe(true);
  });

  it('makes its folder owner-only', () => {
    new TempFiles(tempDir).reserve('.zip');
    if (process.platform !== 'win32') expect(statSync(tempDir).mode & 0o777).toBe(0o700);
  });
});
