import type { SearchHit } from '../../../shared/history.ts';
import { searchInputSchema } from '../../../shared/history.ts';
import type { ChatRole } from '../../../shared/llm-events.ts';
import type { RequestMetrics } from '../metrics/request-metrics.ts';
import type { HistoryContext } from './history-context.ts';
import { buildSnippet, planSearch } from './search-text.ts';

/** Full-text search over saved messages (trigram for 3+ characters, grams for shorter and CJK). */
export function searchMessages(ctx: HistoryContext, input: { query: string; limit?: number }): SearchHit[] {
  const { query, limit } = searchInputSchema.parse(input);
  const plan = planSearch(query);
  if (!plan.trigram && !plan.grams) return [];
  const table = plan.trigram ? 'message_fts' : 'message_grams';
  const match = plan.trigram ?? plan.grams!;
  const alsoGrams =
    plan.trigram && plan.grams
      ? 'AND f.rowid IN (SELECT rowid FROM message_grams WHERE message_grams MATCH :grams)'
      : '';
  const rows = ctx.db
    .prepare(
      `SELECT m.id, m.conversation_id, m.role, m.created_at, m.content, c.title, c.archived
       FROM ${table} f JOIN messages m ON m.seq = f.rowid JOIN conversations c ON c.id = m.conversation_id
       WHERE ${table} MATCH :match ${alsoGrams} AND c.deleted_at IS NULL
       ORDER BY f.rowid DESC LIMIT :limit`,
    )
    .all(alsoGrams ? { match, grams: plan.grams, limit } : { match, limit }) as {
    id: string;
    conversation_id: string;
    role: ChatRole;
    created_at: number;
    content: string;
    title: string;
    archived: number;
  }[];
  return rows.map((r) => ({
    conversationId: r.conversation_id,
    messageId: r.id,
    title: r.title,
    archived: r.archived === 1,
    role: r.role,
    createdAt: Number(r.created_at),
    snippet: buildSnippet(r.content, plan.terms),
  }));
}

/** One row per model request (timings, tokens, outcome), kept beside the conversations. */
export function recordMetrics(ctx: HistoryContext, record: RequestMetrics): void {
  ctx.db
    .prepare(
      `INSERT OR REPLACE INTO request_metrics VALUES (:requestId, :conversationId, :providerId, :model, :startedAt,
         :ttftMs, :totalMs, :inputTokens, :outputTokens, :usageEstimated, :tokensPerSecond, :retries,
         :failoverHops, :outcome, :errorCode, :costUsd)`,
    )
    .run({ ...record, usageEstimated: record.usageEstimated ? 1 : 0 });
}
