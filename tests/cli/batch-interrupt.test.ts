import { describe, expect, it } from 'vitest';
import { batchFiles, prompts, readOut, startBatch, waitFor, useMockServer } from './batch-support.ts';

const mock = useMockServer();

describe('parley batch: Ctrl-C', () => {
  it('the first stops taking lines, lets the running ones finish and write, prints the summary, exits 130', async () => {
    const server = mock();
    const files = batchFiles(prompts(30));
    try {
      // Lines take 500 ms; three at a time start together, so a moment mid-way nothing starts.
      server.setDefaults({ delayBeforeHeadersMs: 500, chunkDelayMs: 1 });
      const run = startBatch(files, server.url, ['--concurrency', '3']);
      await waitFor(() => readOut(files.out).length >= 3 && server.inFlight.now === 3);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const started = server.requests.length;
      expect(server.inFlight.now).toBe(3);
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      // No line started after Ctrl-C; the three running were answered and written.
      expect(server.requests.length).toBe(started);
      const written = readOut(files.out);
      expect(written).toHaveLength(started);
      expect(written.every((line) => line.error === null)).toBe(true);
      expect(result.stderr).toContain('Stopping: no new lines; the running ones finish and are written');
      expect(result.stderr).toContain(`Batch stopped: ${started} answered, 0 failed`);
      expect(result.stderr).toMatch(/Latency p50 [\d.]+ s, p95 [\d.]+ s/);
      expect(result.stderr).toContain('Run the same command again');
    } finally {
      files.cleanup();
    }
  });

  it('a second cancels the running lines: they are not written, so the next run asks them again', async () => {
    const server = mock();
    const files = batchFiles(prompts(6));
    try {
      server.setDefaults({ delayBeforeHeadersMs: 20_000 });
      const run = startBatch(files, server.url, ['--concurrency', '2']);
      await waitFor(() => server.inFlight.now === 2);
      run.child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 200));
      run.child.kill('SIGINT');
      const result = await run.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('2 cancelled (not written)');
      expect(readOut(files.out)).toEqual([]);
      expect(server.requests).toHaveLength(2);
      server.setDefaults({ chunkDelayMs: 1 });
      const again = await startBatch(files, server.url, ['--concurrency', '2']).done;
      expect(again.code).toBe(0);
      expect(
        readOut(files.out)
          .map((line) => line.id)
          .sort(),
      ).toEqual(
        prompts(6)
          .map((p) => p.id)
          .sort(),
      );
    } finally {
      files.cleanup();
    }
  });
});
