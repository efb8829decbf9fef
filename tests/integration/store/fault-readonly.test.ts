import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { userMessage } from '../../fixtures/history-kit.ts';

/**
 * Fault test of the history store: a data folder Parley may read but not write. Start-up stops
 * with a clear message, and nothing in the folder is changed, moved or lost. Root may write
 * anywhere, so as root the child runs as `nobody` (uid 65534).
 */
function openAsUnprivileged(dataDir: string): { ok: boolean; message?: string } {
  const child = join(import.meta.dirname, '../../fixtures/open-history-child.ts');
  const asRoot = process.getuid?.() === 0;
  const run = spawnSync(process.execPath, [child, dataDir], {
    encoding: 'utf8',
    timeout: 20_000,
    ...(asRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: tmpdir() } } : {}),
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`child failed: ${run.stderr}`);
  return JSON.parse(line) as { ok: boolean; message?: string };
}

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name)).toString('base64')]),
  );

it('a read-only data folder stops start-up with a clear message and changes nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-readonly-'));
  try {
    const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
    const c = history.createConversation({ title: 'keep me' });
    userMessage(history, { conversationId: c.id, parentId: null, content: 'precious words' });
    history.close();
    const before = snapshot(dataDir);
    chmodSync(dataDir, 0o555);
    chmodSync(join(dataDir, 'history.sqlite'), 0o444);

    const result = openAsUnprivileged(dataDir);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^Parley cannot write to its data folder \(.*parley-readonly-.*\)\. Nothing was changed or lost/,
    );
    expect(snapshot(dataDir)).toEqual(before);

    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'history.sqlite'), 0o644);
    const reopened = await openHistory({ dataDir, autoBackupEveryMs: null });
    expect(reopened.notices).toEqual([]);
    expect(reopened.history.open(c.id).messages.map((m) => m.content)).toEqual(['precious words']);
    reopened.history.close();
  } finally {
    chmodSync(dataDir, 0o755);
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 30_000);
