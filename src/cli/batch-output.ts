import {
  closeSync,
  createReadStream,
  existsSync,
  ftruncateSync,
  fstatSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import type { AppError } from '../shared/errors.ts';
import type { Usage } from '../shared/llm-events.ts';
import { IdSet } from './id-set.ts';

/**
 * The output file of `parley batch`: one JSON line per finished input line, written (one write to
 * the file, no buffer of ours) as soon as it finishes, so a kill loses nothing written. Before a run
 * it is read as a stream for the ids already answered; a last line torn by a kill (no newline at its
 * end) is cut off, and its id is asked again.
 */

export interface BatchResult {
  id: string;
  /** The answer's text (what arrived, for an answer cut off by an error). */
  text: string;
  /** The model that answered (or was asked last). */
  model: string;
  usage: Usage | null;
  costUsd: number | null;
  ttftMs: number | null;
  durationMs: number;
  /** Requests made for this line: 1, plus one per retry and per failover. */
  attempts: number;
  error: Pick<AppError, 'code' | 'message'> | null;
}

/** Cuts a last line that has no newline (torn by a kill); returns how many bytes were cut. */
function cutTornTail(path: string): number {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return 0;
    const buffer = Buffer.alloc(64 * 1024);
    let end = size;
    // Back from the end to the last newline, a block at a time.
    while (end > 0) {
      const start = Math.max(0, end - buffer.length);
      const read = readSync(fd, buffer, 0, end - start, start);
      const at = buffer.subarray(0, read).lastIndexOf(0x0a);
      if (at >= 0) {
        const keep = start + at + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}

/** The ids an earlier run answered (every complete line's id); a torn last line is removed first. */
export async function answeredIds(path: string): Promise<{ ids: IdSet; tornBytes: number }> {
  const ids = new IdSet();
  if (!existsSync(path)) return { ids, tornBytes: 0 };
  const tornBytes = cutTornTail(path);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    if (!text.trim()) continue;
    try {
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id === 'string') ids.add(id);
    } catch {
      // Not a line of ours: left as it is, and its id (if any) is asked again.
    }
  }
  return { ids, tornBytes };
}

/** Appends results to the output file, each as one line written at once. */
export class BatchWriter {
  readonly #fd: number;

  constructor(path: string) {
    this.#fd = openSync(path, 'a');
  }

  write(result: BatchResult): void {
    writeSync(this.#fd, `${JSON.stringify(result)}\n`);
  }

  close(): void {
    closeSync(this.#fd);
  }
}
