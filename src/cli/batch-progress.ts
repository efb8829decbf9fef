import type { BadLine } from './batch-input.ts';
import type { BatchResult } from './batch-output.ts';
import { percentile } from '../main/core/metrics/percentile.ts';

/**
 * What `parley batch` says while it runs and when it ends, on standard error: on a terminal a
 * one-line bar (done/total, rate, time left, cost so far, errors) redrawn at most ten times a
 * second; otherwise a plain progress line every few seconds; at the end a summary (latency
 * percentiles, errors by kind, total cost).
 */

export interface ProgressOptions {
  write(text: string): void;
  terminal: boolean;
  now?: () => number;
  /** Between plain progress lines (not on a terminal). */
  everyMs?: number;
}

function seconds(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function duration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

function dollars(value: number): string {
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}

export class BatchProgress {
  readonly #options: Required<ProgressOptions>;
  readonly #startedAt: number;
  /** Input lines with something on them, once counted (null until then). */
  total: number | null = null;
  answered = 0;
  failed = 0;
  bad = 0;
  skipped = 0;
  cost = 0;
  unpriced = 0;
  readonly #latencies: number[] = [];
  readonly #firstTokens: number[] = [];
  readonly #errors = new Map<string, number>();
  #lastDrawAt = -Infinity;
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#options = { now: () => performance.now(), everyMs: 5000, ...options };
    this.#startedAt = this.#options.now();
  }

  /** Lines finished this run, answered or not. */
  get finished(): number {
    return this.answered + this.failed;
  }

  result(result: BatchResult): void {
    if (result.error) {
      this.failed++;
      this.#errors.set(result.error.code, (this.#errors.get(result.error.code) ?? 0) + 1);
    } else {
      this.answered++;
      this.#latencies.push(result.durationMs);
      if (result.ttftMs !== null) this.#firstTokens.push(result.ttftMs);
    }
    if (result.costUsd !== null) this.cost += result.costUsd;
    else if (!result.error) this.unpriced++;
    this.#maybeDraw();
  }

  badLine(bad: BadLine): void {
    this.bad++;
    this.#clearBar();
    this.#options.write(`Line ${bad.line} skipped: ${bad.problem}.\n`);
    this.#maybeDraw(true);
  }

  skippedLine(): void {
    this.skipped++;
    this.#maybeDraw();
  }

  /** Says something on a line of its own (the bar is redrawn after it). */
  say(text: string): void {
    this.#clearBar();
    this.#options.write(`${text}\n`);
  }

  line(): string {
    const elapsed = this.#options.now() - this.#startedAt;
    const rate = elapsed > 0 ? (this.finished * 1000) / elapsed : 0;
    const done = this.finished + this.bad + this.skipped;
    const left = this.total === null ? null : Math.max(0, this.total - done);
    const eta = left === null || rate === 0 ? '?' : duration((left / rate) * 1000);
    const share = this.total ? ` ${Math.floor((done * 100) / this.total)}%` : '';
    return `${done}/${this.total ?? '?'}${share} · ${rate.toFixed(1)}/s · ETA ${eta} · ${dollars(this.cost)} · ${this.failed} error${this.failed === 1 ? '' : 's'}`;
  }

  #maybeDraw(force = false): void {
    const now = this.#options.now();
    const every = this.#options.terminal ? 100 : this.#options.everyMs;
    if (!force && now - this.#lastDrawAt < every) return;
    if (!this.#options.terminal && force) return;
    this.#lastDrawAt = now;
    if (this.#options.terminal) {
      this.#options.write(`\r${this.line()}\x1b[K`);
      this.#drawn = true;
    } else this.#options.write(`Progress: ${this.line()}\n`);
  }

  #clearBar(): void {
    if (!this.#drawn) return;
    this.#options.write('\r\x1b[K');
    this.#drawn = false;
  }

  /** The closing summary (the bar is cleared first). */
  summary(extra: { stopped: boolean; cancelled: number }): string {
    this.#clearBar();
    const elapsed = this.#options.now() - this.#startedAt;
    const rate = elapsed > 0 ? (this.finished * 1000) / elapsed : 0;
    const latencies = [...this.#latencies].sort((a, b) => a - b);
    const firstTokens = [...this.#firstTokens].sort((a, b) => a - b);
    const parts = [`${this.answered} answered`, `${this.failed} failed`];
    if (this.bad) parts.push(`${this.bad} bad line${this.bad === 1 ? '' : 's'} skipped`);
    if (this.skipped) parts.push(`${this.skipped} already in the output`);
    if (extra.cancelled) parts.push(`${extra.cancelled} cancelled (not written)`);
    const lines = [
      `Batch ${extra.stopped ? 'stopped' : 'done'}: ${parts.join(', ')}; ${duration(elapsed)}, ${rate.toFixed(1)} lines/s.`,
      `Latency p50 ${seconds(percentile(latencies, 0.5))}, p95 ${seconds(percentile(latencies, 0.95))}; first token p50 ${seconds(percentile(firstTokens, 0.5))}, p95 ${seconds(percentile(firstTokens, 0.95))}.`,
    ];
    if (this.#errors.size)
      lines.push(
        `Errors: ${[...this.#errors]
          .sort((a, b) => b[1] - a[1])
          .map(([code, count]) => `${code} ${count}`)
          .join(', ')}.`,
      );
    lines.push(
      `Cost: ${dollars(this.cost)}${this.unpriced ? ` (${this.unpriced} answers from models without a known price not counted)` : ''}.`,
    );
    if (extra.stopped) lines.push('Run the same command again to go on where it stopped.');
    return `${lines.join('\n')}\n`;
  }
}
