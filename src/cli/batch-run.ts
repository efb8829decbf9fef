import type { BadLine, BatchItem } from './batch-input.ts';
import type { BatchResult } from './batch-output.ts';

/**
 * The scheduler of `parley batch`: takes input lines one at a time and keeps at most `concurrency`
 * of them asking at once (the client's own limiter then applies the rate limits). `stop` (the first
 * Ctrl-C) stops taking lines and lets the running ones finish; `cancel` (the second) ends them too,
 * and their results are not reported, so a later run asks them again.
 */

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
}

export interface RunOutcome {
  /** Lines not taken because of `stop` (the input was not read to its end). */
  stopped: boolean;
  /** Running lines ended by `cancel`, not reported. */
  cancelled: number;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

export async function runBatch(
  input: AsyncIterable<InputEntry>,
  ask: (item: BatchItem, signal: AbortSignal) => Promise<BatchResult>,
  hooks: RunHooks,
  options: RunOptions,
): Promise<RunOutcome> {
  const running = new Set<Promise<void>>();
  const stopping = aborted(options.stop);
  const lines = input[Symbol.asyncIterator]();
  let cancelled = 0;
  let ended = false;
  try {
    while (!options.stop.aborted) {
      if (running.size >= options.concurrency) {
        await Promise.race([stopping, ...running]);
        continue;
      }
      const next = await Promise.race([lines.next(), stopping.then(() => null)]);
      if (next === null || options.stop.aborted) break;
      if (next.done) {
        ended = true;
        break;
      }
      const entry = next.value;
      if ('problem' in entry) hooks.bad(entry);
      else if ('skipped' in entry) hooks.skipped();
      else {
        const task = ask(entry, options.cancel).then((result) => {
          if (options.cancel.aborted && result.error?.code === 'cancelled') cancelled++;
          else hooks.result(result);
        });
        running.add(task);
        void task.finally(() => running.delete(task));
      }
    }
  } finally {
    await Promise.all(running);
    if (!ended) await lines.return?.(undefined);
  }
  return { stopped: !ended, cancelled };
}
