import type { AppError } from '../../../shared/errors.ts';
import type { MessageState, StoredMessage } from '../../../shared/history.ts';
import type { Usage } from '../../../shared/llm-events.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { RequestAdjustments } from '../../../shared/assistants.ts';
import type { AnswerTiming } from '../../../shared/chat.ts';
import type { MessageFilter } from '../../../shared/filters.ts';
import type { AnswerRoute } from '../../../shared/routing.ts';
import type { HistoryContext } from './history-context.ts';
import { getMessage } from './history-tree.ts';
import { toMessage } from './history-rows.ts';
import { runAlive } from './run-lock.ts';
import type { StreamWriter } from './stream-writer.ts';
import { answerParts, type MessagePart } from '../../../shared/attachments.ts';
import { partsOf } from './attachment-refs.ts';

/** Streaming answers: finishing one, resuming one (Continue), and recovering those a dead run left. */

export interface MessageFinish {
  state: Exclude<MessageState, 'streaming'>;
  error?: AppError | null;
  usage?: Usage | null;
  costUsd?: number | null;
  /** Who answered (after failover); or give providerId/model. */
  answeredBy?: ModelRef | null;
  providerId?: string | null;
  model?: string | null;
  /** What the request changed to fit (messages left out, parameters dropped). */
  adjustments?: RequestAdjustments | null;
  timing?: AnswerTiming | null;
  /** What the content filters (or the provider's filter) found in the answer. */
  filter?: MessageFilter | null;
  /** The route the answer took (model, key hint, why). */
  route?: AnswerRoute | null;
}

/** A streaming answer untouched this long is orphaned whatever its run's lock says. */
const STALE_STREAM_MS = 60 * 60 * 1000;

/**
 * Ends an answer. Never throws for a storage failure (a full disk): the answer then comes back in
 * state `error` with everything that arrived (the unsaved part is kept in memory and written when
 * the disk allows), and the error says so in plain words.
 */
export function finishMessage(
  ctx: HistoryContext,
  writer: StreamWriter,
  messageId: string,
  result: MessageFinish,
): StoredMessage {
  const row = ctx.messageRow(messageId);
  try {
    writer.flush(messageId);
    const now = ctx.now();
    ctx.transaction(() => {
      ctx.db
        .prepare(
          `UPDATE messages SET state = :state, error = :error, usage = :usage, cost_usd = :cost,
             adjustments = :adjustments, timing = :timing, filter = :filter, route = :route, provider_id = coalesce(:provider, provider_id), model = coalesce(:model, model),
             updated_at = :now, writer_pid = NULL WHERE id = :id`,
        )
        .run({
          state: result.state,
          error: result.error ? JSON.stringify(result.error) : null,
          usage: result.usage ? JSON.stringify(result.usage) : null,
          cost: result.costUsd ?? null,
          adjustments: result.adjustments ? JSON.stringify(result.adjustments) : null,
          timing: result.timing ? JSON.stringify(result.timing) : null,
          filter: result.filter ? JSON.stringify(result.filter) : null,
          route: result.route ? JSON.stringify(result.route) : null,
          provider: result.answeredBy?.providerId ?? result.providerId ?? null,
          model: result.answeredBy?.model ?? result.model ?? null,
          now,
          id: messageId,
        });
      if (row.state === 'streaming') ctx.index(row.seq, getMessage(ctx, messageId).content);
      ctx.db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(now, row.conversation_id);
    });
    return getMessage(ctx, messageId);
  } catch (cause) {
    const error = unsavedError(cause);
    try {
      // Often still possible on a full disk (no new page needed); if not, the next start recovers it.
      ctx.db
        .prepare("UPDATE messages SET state = 'error', error = ?, writer_pid = NULL WHERE id = ?")
        .run(JSON.stringify(error), messageId);
    } catch {
      // The row stays `streaming`; a later start marks it interrupted with what was saved.
    }
    const current = safeRow(ctx, messageId) ?? row;
    const unsaved = writer.unsaved(messageId);
    const message = toMessage(current);
    return {
      ...message,
      content: message.content + unsaved.text,
      reasoning: unsaved.reasoning ? (message.reasoning ?? '') + unsaved.reasoning : message.reasoning,
      state: 'error',
      error,
    };
  }
}

/**
 * Adds a tool call or result to a streaming answer, after the text that came before it (written
 * first), so a crash keeps the parts in order. Throws on a storage failure (a full disk).
 */
export function appendPart(
  ctx: HistoryContext,
  writer: StreamWriter,
  messageId: string,
  part: MessagePart,
): void {
  writer.flush(messageId);
  const row = ctx.messageRow(messageId);
  const stored = row.parts ? partsOf(row.content, row.parts) : [];
  const parts = [...answerParts(stored, row.content), part];
  ctx.db
    .prepare('UPDATE messages SET parts = ?, updated_at = ? WHERE id = ?')
    .run(JSON.stringify(parts), ctx.now(), messageId);
}

/** Continue: an interrupted answer goes back to `streaming`, its text kept, and new text is appended. */
export function resumeMessage(ctx: HistoryContext, messageId: string): void {
  const row = ctx.messageRow(messageId);
  ctx.transaction(() => {
    // Contentless FTS rows are re-added with the whole text when the answer finishes again.
    ctx.db.prepare('DELETE FROM message_fts WHERE rowid = ?').run(row.seq);
    ctx.db.prepare('DELETE FROM message_grams WHERE rowid = ?').run(row.seq);
    ctx.db
      .prepare(
        "UPDATE messages SET state = 'streaming', error = NULL, writer_pid = ?, updated_at = ? WHERE id = ?",
      )
      .run(ctx.runId, ctx.now(), messageId);
  });
}

/**
 * Answers left `streaming` by a run that is over become `interrupted`, text kept and searchable.
 * On open: those whose run no longer holds its lock (runsDir); on close (runsDir null): this run's own.
 */
export function recoverStreaming(ctx: HistoryContext, runsDir: string | null): number {
  const rows = ctx.db
    .prepare("SELECT seq, id, content, writer_pid, updated_at FROM messages WHERE state = 'streaming'")
    .all() as { seq: number; id: string; content: string; writer_pid: number | null; updated_at: number }[];
  const stale = ctx.now() - STALE_STREAM_MS;
  const orphans = rows.filter((r) =>
    runsDir === null
      ? Number(r.writer_pid) === ctx.runId
      : r.writer_pid === null || Number(r.updated_at) < stale || !runAlive(runsDir, Number(r.writer_pid)),
  );
  if (orphans.length === 0) return 0;
  ctx.transaction(() => {
    for (const row of orphans) {
      ctx.db
        .prepare(
          "UPDATE messages SET state = 'interrupted', writer_pid = NULL, error = ?, updated_at = ? WHERE id = ?",
        )
        .run(
          JSON.stringify({ code: 'interrupted', message: 'Parley stopped before this answer was finished.' }),
          ctx.now(),
          row.id,
        );
      ctx.index(row.seq, row.content);
    }
  });
  return orphans.length;
}

/** The plain-words error of an answer that could not be written. */
export function unsavedError(cause: unknown): AppError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const full = /disk is full|SQLITE_FULL|ENOSPC/i.test(detail);
  return {
    code: 'storage',
    message: full
      ? 'The disk is full; the answer could not be saved. What arrived is shown; free some space and Parley saves the rest.'
      : 'The answer could not be saved to the history. What arrived is shown.',
    detail,
  };
}

function safeRow(ctx: HistoryContext, messageId: string) {
  try {
    return ctx.messageRow(messageId);
  } catch {
    return null;
  }
}
