import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** The longest a streamed delta waits in memory before it is on disk. */
export const FLUSH_INTERVAL_MS = 250;
const FLUSH_SIZE = 64 * 1024;
/** After a failed write (a full disk), the next try waits this long, doubling up to RETRY_MAX_MS. */
const RETRY_MS = 1000;
const RETRY_MAX_MS = 30_000;

interface Pending {
  text: string;
  reasoning: string;
  timer: NodeJS.Timeout | null;
  /** Set after a failed write: the wait before the next try. */
  retryMs: number;
}

/**
 * Buffers streamed text per message and writes it at least every 250 ms (sooner past 64 KB), so a
 * killed process loses at most the last quarter second of an answer. One UPDATE per flush appends
 * the buffered text in SQL: the answer so far is never rewritten from memory.
 *
 * Only `flush` throws. Writes on a timer never do: a failed write (a full disk) keeps the text in
 * memory, tells `onError` once per message, and tries again later with a growing pause.
 */
export class StreamWriter {
  readonly #pending = new Map<string, Pending>();
  readonly #append: StatementSync;
  readonly #now: () => number;
  readonly #onError: (error: unknown, messageId: string) => void;

  constructor(db: DatabaseSync, now: () => number, onError: (error: unknown, messageId: string) => void) {
    this.#append = db.prepare(
      `UPDATE messages SET content = content || :text,
         reasoning = CASE WHEN :reasoning = '' THEN reasoning ELSE coalesce(reasoning, '') || :reasoning END,
         updated_at = :now
       WHERE id = :id`,
    );
    this.#now = now;
    this.#onError = onError;
  }

  append(messageId: string, delta: { text?: string; reasoning?: string }): void {
    if (!delta.text && !delta.reasoning) return;
    let pending = this.#pending.get(messageId);
    if (!pending) {
      pending = { text: '', reasoning: '', timer: null, retryMs: 0 };
      this.#pending.set(messageId, pending);
    }
    pending.text += delta.text ?? '';
    pending.reasoning += delta.reasoning ?? '';
    if (pending.retryMs > 0) return; // a retry is already scheduled
    if (pending.text.length + pending.reasoning.length >= FLUSH_SIZE) {
      this.#flushQuietly(messageId);
    } else if (!pending.timer) {
      this.#schedule(messageId, pending, FLUSH_INTERVAL_MS);
    }
  }

  /** Writes what is buffered for one message (or all). Throws on a storage failure, keeping the text. */
  flush(messageId?: string): void {
    const ids = messageId === undefined ? [...this.#pending.keys()] : [messageId];
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (!pending) continue;
      if (pending.timer) clearTimeout(pending.timer);
      pending.timer = null;
      if (pending.text || pending.reasoning) {
        try {
          this.#append.run({ text: pending.text, reasoning: pending.reasoning, now: this.#now(), id });
        } catch (error) {
          this.#retryLater(id, pending);
          throw error;
        }
      }
      this.#pending.delete(id);
    }
  }

  /** What arrived for `messageId` and is not on disk yet. */
  unsaved(messageId: string): { text: string; reasoning: string } {
    const pending = this.#pending.get(messageId);
    return { text: pending?.text ?? '', reasoning: pending?.reasoning ?? '' };
  }

  /** Forgets every buffer and timer (the database is being closed or replaced). */
  dropAll(): void {
    for (const pending of this.#pending.values()) if (pending.timer) clearTimeout(pending.timer);
    this.#pending.clear();
  }

  #schedule(messageId: string, pending: Pending, ms: number): void {
    pending.timer = setTimeout(() => {
      pending.timer = null;
      this.#flushQuietly(messageId);
    }, ms);
    pending.timer.unref?.();
  }

  #flushQuietly(messageId: string): void {
    try {
      this.flush(messageId);
    } catch (error) {
      // Told once per message (the first failure); later failures only push the next try back.
      if (this.#pending.get(messageId)?.retryMs === RETRY_MS) this.#onError(error, messageId);
    }
  }

  /** After a failed write: try again later, waiting longer each time. */
  #retryLater(messageId: string, pending: Pending): void {
    pending.retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MS, pending.retryMs * 2));
    if (!pending.timer) this.#schedule(messageId, pending, pending.retryMs);
  }
}
