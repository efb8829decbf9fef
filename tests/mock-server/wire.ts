/** Writes response bytes the way faulty networks and proxies deliver them: gzipped, split, delayed. */
import type { ServerResponse } from 'node:http';
import { createGzip, constants as zlib } from 'node:zlib';
import type { Gzip } from 'node:zlib';

/** Resolves after `ms`, or at once when `signal` aborts (callers check `signal.aborted`). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Deterministic piece sizes 1..16 for splitBytes: 'random' (mulberry32). */
function randomSizes(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return 1 + (((t ^ (t >>> 14)) >>> 0) % 16);
  };
}

export interface WireOptions {
  gzip?: boolean;
  splitBytes?: number | 'random';
  seed: number;
  signal: AbortSignal;
}

export class Wire {
  private readonly res: ServerResponse;
  private readonly signal: AbortSignal;
  private readonly gzip: Gzip | undefined;
  private readonly nextSize: (() => number) | undefined;
  /** Compressed output is forwarded in order through this chain. */
  private pending: Promise<void> = Promise.resolve();

  constructor(res: ServerResponse, options: WireOptions) {
    this.res = res;
    this.signal = options.signal;
    const split = options.splitBytes;
    if (split === 'random') this.nextSize = randomSizes(options.seed);
    else if (split && split > 0) this.nextSize = () => split;
    if (options.gzip) {
      const gzip = createGzip();
      gzip.on('data', (chunk: Buffer) => {
        this.pending = this.pending.then(() => this.raw(chunk));
      });
      this.gzip = gzip;
    }
  }

  /** Writes and flushes one unit (an SSE event, a JSON body) through gzip and the splitter. */
  async write(data: string | Buffer): Promise<void> {
    if (this.signal.aborted) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (!this.gzip) return this.raw(bytes);
    this.gzip.write(bytes);
    await new Promise<void>((resolve) => this.gzip!.flush(zlib.Z_SYNC_FLUSH, () => resolve()));
    await this.pending;
  }

  async end(): Promise<void> {
    if (this.gzip) {
      const ended = new Promise<void>((resolve) => this.gzip!.once('end', resolve));
      this.gzip.end();
      await ended;
      await this.pending;
    }
    if (!this.signal.aborted) await new Promise<void>((resolve) => this.res.end(resolve));
  }

  /** Kills the TCP connection mid-response, as a dropped network or a crashed proxy would. */
  destroy(): void {
    this.gzip?.destroy();
    this.res.socket?.destroy();
  }

  private async raw(bytes: Buffer): Promise<void> {
    if (!this.nextSize) return this.send(bytes);
    for (let at = 0; at < bytes.length && !this.signal.aborted;) {
      const size = this.nextSize();
      await this.send(bytes.subarray(at, at + size));
      at += size;
      // Let the event loop run so each piece leaves (and is read) on its own.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private send(bytes: Buffer): Promise<void> {
    if (this.signal.aborted || this.res.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.res.write(bytes, () => resolve()));
  }
}
