import type { BadLine, BatchItem } from './batch-input.ts';
import type { BatchResult } from './batch-output.ts';

/**
 * The scheduler of `parley batch`: takes input lines one at a time and keeps at most `concurrency`
 * of them asking at once (the client's own limiter then applies the rate limits). `stop` (the first
 * Ctrl-C) stops taking lines and lets the running ones finish; `cancel` (the second) ends them too,
 * and their results are not reported, so a later run asks them again.
 */

/**
 * Requests start at least this far apart (at most about 330 a second, far above any API's rate
 * limit). Answers that come back together would otherwise send their next requests together, and the
 * slots would stay in step for the rest of the run, each waiting for the whole burst to be read and
 * sent (bench:batch at concurrency 50 against a 300 ms server: 92–95 % of the ideal throughput in
 * step, about 97 % paced).
 */
export const LAUNCH_SPACING_MS = 3;

export type InputEntry = BatchItem | BadLine | { line: number; skipped: string };

export interface RunHooks {
  result(result: BatchResult): void;
  bad(bad: BadLine): void;
  skipped(): void;
}

export interface RunOptions {
  concurrency: number;
  stop: AbortSignal;
  cancel: AbortSignal;
  /** The least time between two requests' starts (default LAUNCH_SPACING_MS). */
  spacingMs?: number;
}

export interface RunOutcome {
  /** Lines not taken because of `stop` (the input was not read to its end). */
  stopped: boolean;
  /** Running lines ended by `cancel`, not reported. */
  cancelled: number;
}

export async function runBatch(
  input: AsyncIterable<InputEntry>,
  ask: (item: BatchItem, signal: AbortSignal) => Promise<BatchResult>,
  hooks: RunHooks,
  options: RunOptions,
): Promise<RunOutcome> {
  const running = new Set<Promise<void>>();
  // One waiter at a time, woken when a line finishes or Ctrl-C comes (never a race on a promise that
  // lives as long as the run: each race would leave a reaction on it, a leak per line).
  let wake: (() => void) | null = null;
  const nudge = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  options.stop.addEventListener('abort', nudge, { once: true });
  const lines = input[Symbol.asyncIterator]();
  let cancelled = 0;
  let ended = false;
  const spacing = options.spacingMs ?? LAUNCH_SPACING_MS;
  let lastStart = -Infinity;
  try {
    while (!options.stop.aborted) {
      if (running.size >= options.concurrency) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const next = await lines.next();
      if (options.stop.aborted) break;
      if (next.done) {
        ended = true;
        break;
      }
      const entry = next.value;
      if ('problem' in entry) hooks.bad(entry);
      else if ('skipped' in entry) hooks.skipped();
      else {
        // A timer may fire up to a millisecond early (it counts from the loop's cached time): wait again.
        const startAt = lastStart + spacing;
        while (performance.now() < startAt)
          await new Promise((resolve) => setTimeout(resolve, Math.ceil(startAt - performance.now())));
        // Ctrl-C meanwhile: the line is not asked, and not written, so a later run asks it.
        if (options.stop.aborted) break;
        lastStart = performance.now();
        const task: Promise<void> = ask(entry, options.cancel)
          .then((result) => {
            if (options.cancel.aborted && result.error?.code === 'cancelled') cancelled++;
            else hooks.result(result);
          })
          .finally(() => {
            running.delete(task);
            nudge();
          });
        running.add(task);
      }
    }
  } finally {
    options.stop.removeEventListener('abort', nudge);
    await Promise.all(running);
    if (!ended) await lines.return?.(undefined);
  }
  return { stopped: !ended, cancelled };
}
