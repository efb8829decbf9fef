import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';

it('a process killed with SIGKILL mid-answer loses at most ~250 ms of text; the answer reopens as interrupted', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
  try {
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '../../fixtures/stream-child.ts'), dataDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const appended: { index: number; at: number }[] = [];
    let ids: { conversationId: string; messageId: string } | null = null;
    const killedAt = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const [a, b, c] = line.split(' ');
        if (a === 'ready') {
          ids = { conversationId: b!, messageId: c! };
          return;
        }
        appended.push({ index: Number(a), at: Number(b) });
        if (appended.length === 120) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          resolve(Date.now());
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');

    const { history, notices } = await openHistory({ dataDir, autoBackupEveryMs: null });
    try {
      expect(notices.map((n) => n.kind)).toContain('history-recovered');
      const message = history.getMessage(ids!.messageId);
      expect(message.state).toBe('interrupted');
      expect(message.error?.code).toBe('interrupted');

      const saved = message.content.trim().split(' ');
      // What was saved is exactly the first N chunks, in order: nothing garbled, nothing reordered.
      expect(saved).toEqual(saved.map((_, i) => `chunk-${String(i).padStart(4, '0')}`));
      // Every chunk appended more than 250 ms (+ scheduling slack) before the kill is on disk.
      const mustHave = appended.filter((a) => a.at < killedAt - 300);
      expect(mustHave.length).toBeGreaterThan(50);
      expect(saved.length).toBeGreaterThanOrEqual(mustHave.length);
      expect(message.reasoning).toMatch(/^r0 r5 /);

      // The recovered answer is searchable and the conversation opens with it.
      expect(history.search({ query: 'chunk-0010' }).map((h) => h.messageId)).toEqual([ids!.messageId]);
      expect(history.open(ids!.conversationId).messages.map((m) => m.state)).toEqual([
        'complete',
        'interrupted',
      ]);
    } finally {
      history.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
