import { Worker } from 'node:worker_threads';
import type { AppError } from '../../../shared/errors.ts';
import { ParleyError } from '../../../shared/errors.ts';
import type { IngestedAttachment } from './ingest.ts';
import { ingestAttachment } from './ingest.ts';
import { attachmentRefusal } from './refusals.ts';

/** Checks and prepares one chosen file (ingest.ts), wherever it runs. */
export type Ingest = (bytes: Uint8Array, name: string) => Promise<IngestedAttachment>;

export interface IngestJob {
  id: number;
  bytes: Uint8Array;
  name: string;
}
export type IngestReply = { id: number; result: IngestedAttachment } | { id: number; error: AppError };

/** The ingest in this thread: for the CLI (its own files, nothing else waiting) and tests. */
export const ingestHere: Ingest = (bytes, name) => ingestAttachment(bytes, name);

/**
 * Past this, a worker still busy with one file is ended (its own caps, such as the PDF reading
 * time, come first); the next file gets a fresh worker.
 */
const HARD_TIMEOUT_MS = 60_000;

/**
 * The ingest on a worker thread (`entry`: ingest-worker.ts as this host runs it, from source or
 * bundled), one file at a time, so main stays responsive however costly a file is. A worker that
 * crashes, runs out of memory or overruns is replaced; its file is refused in plain words.
 */
export function workerIngest(
  entry: URL | string,
  options: { timeoutMs?: number } = {},
): Ingest & { close(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? HARD_TIMEOUT_MS;
  let worker: Worker | null = null;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  const run = (bytes: Uint8Array, name: string): Promise<IngestedAttachment> =>
    new Promise((resolve, reject) => {
      const current = (worker ??= new Worker(entry, { resourceLimits: { maxOldGenerationSizeMb: 1024 } }));
      current.unref();
      const id = nextId++;
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        current.off('message', onMessage);
        current.off('error', onFailure);
        current.off('exit', onFailure);
        outcome();
      };
      const retire = () => {
        if (worker === current) worker = null;
        void current.terminate();
      };
      const onMessage = (reply: IngestReply) => {
        if (reply.id !== id) return;
        finish(() => ('error' in reply ? reject(new ParleyError(reply.error)) : resolve(reply.result)));
      };
      const onFailure = (error?: unknown) => {
        retire();
        finish(() => reject(unreadable(String(error ?? 'the worker stopped'))));
      };
      const timer = setTimeout(() => {
        retire();
        finish(() => reject(unreadable(`over ${timeoutMs} ms`)));
      }, timeoutMs);
      current.on('message', onMessage);
      current.on('error', onFailure);
      current.on('exit', onFailure);
      // A copy: the caller's bytes stay whole (the worker's answer comes back transferred).
      current.postMessage({ id, bytes: bytes.slice(), name } satisfies IngestJob);
    });

  const ingest: Ingest = (bytes, name) => {
    const job = queue.then(() => run(bytes, name));
    queue = job.catch(() => undefined);
    return job;
  };
  return Object.assign(ingest, {
    async close() {
      const current = worker;
      worker = null;
      await current?.terminate();
    },
  });
}

function unreadable(detail: string): ParleyError {
  return attachmentRefusal(
    'attachment_too_costly',
    'That file took too long or needed too much memory to read, so Parley stopped.',
    {},
    detail,
  );
}
