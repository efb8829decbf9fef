import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';

/**
 * SIGKILL, then start again at once, while the killed process still exists as a zombie (its pid
 * is still taken): the answer it was streaming must come back as interrupted, with its text. The
 * writer runs under a `sh` that never reaps it, so the zombie stays for as long as the test needs.
 */
it('recovers an answer left streaming by a process killed with SIGKILL, restarting at once while it is a zombie', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-restart-'));
  const child = join(import.meta.dirname, '../../fixtures/stream-child.ts');
  // sh starts the writer in the background (exec: its pid is the writer's), prints that pid, then
  // becomes `sleep`, which reaps nobody.
  const shell = spawn(
    'sh',
    ['-c', `(exec "${process.execPath}" "${child}" "${dataDir}") & echo "pid $!"; exec sleep 60`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    let writerPid = 0;
    let ids: { conversationId: string; messageId: string } | null = null;
    let chunks = 0;
    await new Promise<void>((resolve, reject) => {
      shell.once('error', reject);
      createInterface({ input: shell.stdout! }).on('line', (line) => {
        const [a, b, c] = line.split(' ');
        if (a === 'pid') writerPid = Number(b);
        else if (a === 'ready') ids = { conversationId: b!, messageId: c! };
        else if (++chunks === 40) resolve();
      });
    });
    process.kill(writerPid, 'SIGKILL');
    const status = `/proc/${writerPid}/status`;
    if (existsSync('/proc/self/status')) {
      // Wait for the kill to land: the process is then a zombie (state Z, every thread gone, its
      // files closed) and its pid still in use.
      const dead = () =>
        /^State:\s+Z/m.test(readFileSync(status, 'utf8')) &&
        /^Threads:\s+1$/m.test(readFileSync(status, 'utf8'));
      while (!dead()) await new Promise((r) => setTimeout(r, 5));
    } else {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(() => process.kill(writerPid, 0)).not.toThrow(); // the old pid still "exists"

    const { history, notices } = await openHistory({ dataDir, autoBackupEveryMs: null });
    try {
      expect(notices.map((n) => n.kind)).toContain('history-recovered');
      const message = history.getMessage(ids!.messageId);
      expect(message.state).toBe('interrupted');
      expect(message.content).toMatch(/^chunk-0000 chunk-0001 chunk-0002 /);
      // The unclean end is noticed: the full integrity check runs (and finds nothing to repair).
      expect(await history.maintenance).toEqual([]);
    } finally {
      history.close();
    }
  } finally {
    shell.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 30_000);
