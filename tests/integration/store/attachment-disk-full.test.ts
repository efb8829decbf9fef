import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { ParleyError } from '../../../src/shared/errors.ts';

/** An attachment stored on a disk that is full: plain words, no half file, nothing lost (a real 4 MB tmpfs; needs root). */

const mountPoint = mkdtempSync(join(tmpdir(), 'parley-att-tmpfs-'));
const mounted =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.log('attachment-disk-full: no tmpfs could be mounted (not root); skipped');
afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const free = () =>
  Number(
    spawnSync('df', ['-B1', '--output=avail', mountPoint], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .pop(),
  );

it.runIf(mounted)('a full disk refuses the attachment in plain words and leaves no half file', async () => {
  const dataDir = join(mountPoint, 'data');
  mkdirSync(dataDir);
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  try {
    const kept = history.attachments.put(Buffer.from('kept'), {
      kind: 'text',
      name: 'kept.txt',
      mime: 'text/plain',
    });
    const ballast = join(mountPoint, 'ballast');
    writeFileSync(ballast, Buffer.alloc(Math.max(0, free() - 64 * 1024)));
    const big = Buffer.alloc(512 * 1024, 7);
    const id = createHash('sha256').update(big).digest('hex');
    let error: unknown;
    try {
      history.attachments.put(big, { kind: 'text', name: 'big.txt', mime: 'text/plain' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).code).toBe('storage');
    expect((error as ParleyError).message).toMatch(
      /The disk is full, so “big.txt” could not be saved. Nothing was lost/,
    );
    expect(history.attachments.get(id)).toBeNull();
    expect(readdirSync(join(dataDir, 'attachments', id.slice(0, 2)))).toEqual([]); // no half file, no temp file
    expect(history.attachments.bytes(kept.id).toString()).toBe('kept');

    rmSync(ballast);
    expect(history.attachments.put(big, { kind: 'text', name: 'big.txt', mime: 'text/plain' }).id).toBe(id);
    expect(history.attachments.bytes(id).equals(big)).toBe(true);
  } finally {
    history.close();
  }
});
