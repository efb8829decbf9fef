import { afterAll, describe, expect, it } from 'vitest';
import { ingestHere, workerIngest } from '../../../src/main/core/attachments/ingest-runner.ts';
import type { Ingest } from '../../../src/main/core/attachments/ingest-runner.ts';
import { ParleyError } from '../../../src/shared/errors.ts';
import { makePdf, makePng } from './make-files.ts';

const entry = new URL('../../../src/main/core/attachments/ingest-worker.ts', import.meta.url);
const worker = workerIngest(entry);
afterAll(() => worker.close());

/** The longest the event loop went without running a 10 ms timer while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

describe('the ingest on a worker thread', () => {
  it('gives the same results as in this thread, for images, text and PDFs', async () => {
    const png = makePng(40, 30);
    const text = new TextEncoder().encode('hello 你好\n');
    const pdf = makePdf(['First page']);
    for (const [bytes, name] of [
      [png, 'a.png'],
      [text, 'notes.txt'],
      [pdf, 'report.pdf'],
    ] as const) {
      const there = await worker(bytes, name);
      const here = await ingestHere(bytes, name);
      expect(there).toEqual(here);
    }
    // The caller's bytes are not taken from it.
    expect(png.byteLength).toBeGreaterThan(0);
  });

  it('brings a refusal back with its reason and words', async () => {
    const error = await worker(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'x.zip').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ code: 'invalid_input', reason: 'attachment_kind' });
  });

  it('keeps this thread free while a large photo is scaled down, where in this thread it stalls', async () => {
    const photo = makePng(4000, 3000);
    const stalls: Record<string, number> = {};
    for (const [where, ingest] of [
      ['here', ingestHere],
      ['worker', worker],
    ] as [string, Ingest][]) {
      let width = 0;
      stalls[where] = await longestStall(async () => {
        width = (await ingest(photo, 'photo.png')).width ?? 0;
      });
      expect(width).toBe(2048);
    }
    console.log(
      `longest stall: ${stalls.here!.toFixed(0)} ms here, ${stalls.worker!.toFixed(0)} ms with the worker`,
    );
    expect(stalls.worker!).toBeLessThan(stalls.here! / 3);
  }, 60_000);

  it('ends a worker that overruns, refuses that file in plain words, and serves the next with a fresh one', async () => {
    const hasty = workerIngest(entry, { timeoutMs: 1 });
    try {
      const error = await hasty(makePng(2000, 2000), 'big.png').catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'attachment_too_costly' });
      expect((error as Error).message).toBe(
        'That file took too long or needed too much memory to read, so Parley stopped.',
      );
    } finally {
      await hasty.close();
    }
    const after = workerIngest(entry);
    try {
      expect((await after(makePng(4, 4), 'small.png')).kind).toBe('image');
    } finally {
      await after.close();
    }
  });
});
