import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../../src/cli/batch-input.ts';
import type { BatchResult } from '../../../src/cli/batch-output.ts';
import { LAUNCH_SPACING_MS, runBatch, type InputEntry } from '../../../src/cli/batch-run.ts';

/**
 * The scheduler's pacing: answers that come back together must not send their next requests
 * together, or the slots stay in step and each waits for the whole burst (see LAUNCH_SPACING_MS).
 */

async function* items(count: number): AsyncGenerator<InputEntry> {
  for (let line = 1; line <= count; line++)
    yield { line, id: `q${line}`, messages: [{ role: 'user', content: 'hi' }], parameters: {} };
}

const answer = (item: BatchItem): BatchResult => ({
  id: item.id,
  text: 'ok',
  model: 'm',
  usage: null,
  costUsd: null,
  ttftMs: 1,
  durationMs: 1,
  attempts: 1,
  error: null,
});

/**
 * Runs `count` lines whose answers come back 20 ms after they start (a whole round at once, unpaced);
 * Ctrl-C comes as line `stopAt` starts. The start time of each line.
 */
async function starts(count: number, concurrency: number, spacingMs?: number, stopAt = Infinity) {
  const stop = new AbortController();
  const started: number[] = [];
  const results: BatchResult[] = [];
  const outcome = await runBatch(
    items(count),
    async (item) => {
      started.push(performance.now());
      if (started.length === stopAt) stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 20));
      return answer(item);
    },
    { result: (r) => results.push(r), bad: () => {}, skipped: () => {} },
    { concurrency, stop: stop.signal, cancel: new AbortController().signal, spacingMs },
  );
  const gaps = started.slice(1).map((at, i) => at - started[i]!);
  return { started, gaps, results, outcome };
}

describe('parley batch paces the starts of its requests', () => {
  it(`starts requests at least ${LAUNCH_SPACING_MS} ms apart, also when a whole round ends at once`, async () => {
    const { gaps, results } = await starts(30, 10);
    expect(results).toHaveLength(30);
    // Measured inside `ask`, a few microseconds after the scheduler's own clock reading.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LAUNCH_SPACING_MS - 0.1);
  });

  it('without pacing, a round that ends together starts together (what the pacing prevents)', async () => {
    const { gaps } = await starts(30, 10, 0);
    expect(gaps.filter((gap) => gap < 1).length).toBeGreaterThan(10);
  });

  it('Ctrl-C while a start waits its turn: that line is not asked, the running ones finish and are kept', async () => {
    const { started, results, outcome } = await starts(40, 40, 5, 38);
    expect(outcome.stopped).toBe(true);
    expect(started).toHaveLength(38);
    expect(results.map((r) => r.id)).toEqual(started.map((_, i) => `q${i + 1}`));
  });
});
