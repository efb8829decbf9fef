import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchFiles, prompts, readOut, startBatch, waitFor, useMockServer } from './batch-support.ts';

const mock = useMockServer();

describe('parley batch: resuming', () => {
  it('after a kill mid-run, the same command answers the rest: every id exactly once', async () => {
    const server = mock();
    const files = batchFiles(prompts(24));
    try {
      server.setDefaults({ delayBeforeHeadersMs: 120, chunkDelayMs: 1 });
      const first = startBatch(files, server.url, ['--concurrency', '4']);
      await waitFor(() => readOut(files.out).length >= 6);
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const before = readOut(files.out);
      expect(before.length).toBeGreaterThanOrEqual(6);
      expect(before.length).toBeLessThan(24);
      // A line torn by a kill in the middle of its write: cut, and its id asked again.
      appendFileSync(files.out, '{"id":"id-23","text":"half a li');
      server.setDefaults({ chunkDelayMs: 1 });
      const requestsBefore = server.requests.length;
      const second = await startBatch(files, server.url, ['--concurrency', '4']).done;
      expect(second.code).toBe(0);
      expect(second.stderr).toContain('incomplete');
      expect(second.stderr).toContain(`${before.length} already in the output`);
      const all = readOut(files.out);
      const ids = all.map((result) => result.id).sort();
      expect(ids).toEqual(
        prompts(24)
          .map((p) => p.id)
          .sort(),
      );
      expect(all.every((result) => result.error === null && result.text.length > 0)).toBe(true);
      // Only the lines not yet written were asked again.
      expect(server.requests.length - requestsBefore).toBe(24 - before.length);
    } finally {
      files.cleanup();
    }
  });
});
