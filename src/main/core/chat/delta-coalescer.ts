/**
 * Batches a stream's text so a transport carries at most one delta message per interval
 * (one frame, ~16 ms) however fast tokens arrive. The first delta after a quiet period goes out
 * at once, so coalescing adds nothing to time to first token.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class DeltaCoalescer {
  #text = '';
  #reasoning = '';
  #lastEmit = -Infinity;
  #timer: unknown = null;
  readonly #emit: (text: string, reasoning: string) => void;
  readonly #intervalMs: number;
  readonly #timers: Timers;

  constructor(emit: (text: string, reasoning: string) => void, intervalMs = 16, timers: Timers = realTimers) {
    this.#emit = emit;
    this.#intervalMs = intervalMs;
    this.#timers = timers;
  }

  push(text: string, reasoning = ''): void {
    this.#text += text;
    this.#reasoning += reasoning;
    if (this.#timer !== null) return;
    const wait = this.#lastEmit + this.#intervalMs - this.#timers.now();
    if (wait <= 0) this.flush();
    else this.#timer = this.#timers.setTimeout(() => this.flush(), wait);
  }

  /** Sends whatever is pending now (also called before a stream's final event). */
  flush(): void {
    if (this.#timer !== null) {
      this.#timers.clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (!this.#text && !this.#reasoning) return;
    const text = this.#text;
    const reasoning = this.#reasoning;
    this.#text = '';
    this.#reasoning = '';
    this.#lastEmit = this.#timers.now();
    this.#emit(text, reasoning);
  }
}
