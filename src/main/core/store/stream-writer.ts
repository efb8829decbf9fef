import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** The longest a streamed delta waits in memory before it is on disk. */
export const FLUSH_INTERVAL_MS = 250;
const FLUSH_SIZE = 64 * 1024;

interface Pending {
  text: string;
  reasoning: string;
  timer: NodeJS.Timeout | null;
}

/**
 * Buffers streamed text per message and writes it at least every 250 ms (sooner past 64 KB), so a
 * killed process loses at most the last quarter second of an answer. One UPDATE per flush appends
 * the buffered text in SQL: the answer so far is never rewritten from memory.
 */
export class StreamWriter {
  readonly #pending = new Map<string, Pending>();
  readonly #append: StatementSync;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;

  constructor(db: DatabaseSync, now: () => number, onError: (error: unknown) => void) {
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
      pending = { text: '', reasoning: '', timer: null };
      this.#pending.set(messageId, pending);
    }
    pending.text += delta.text ?? '';
    pending.reasoning += delta.reasoning ?? '';
    if (pending.text.length + pending.reasoning.length >= FLUSH_SIZE) {
      this.flush(messageId);
    } else if (!pending.timer) {
      pending.timer = setTimeout(() => this.#flushQuietly(messageId), FLUSH_INTERVAL_MS);
      pending.timer.unref?.();
    }
  }

  /** Writes what is buffered for one message (or all). Throws on a storage failure. */
  flush(messageId?: string): void {
    const ids = messageId === undefined ? [...this.#pending.keys()] : [messageId];
    for (const id of ids) {
      const pending = this.#pending.get(id);
      if (!pending) continue;
      if (pending.timer) clearTimeout(pending.timer);
      pending.timer = null;
      if (pending.text || pending.reasoning) {
        // On failure the text stays buffered for the next try: nothing is dropped.
        this.#append.run({ text: pending.text, reasoning: pending.reasoning, now: this.#now(), id });
      }
      this.#pending.delete(id);
    }
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  #flushQuietly(messageId: string): void {
    try {
      this.flush(messageId);
    } catch (error) {
      this.#onError(error);
      const pending = this.#pending.get(messageId);
      if (pending && !pending.timer) {
        pending.timer = setTimeout(() => this.#flushQuietly(messageId), FLUSH_INTERVAL_MS);
        pending.timer.unref?.();
      }
    }
  }
}
