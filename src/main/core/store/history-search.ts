import { rollUp } from './usage-rollup.ts';
import type { SearchGroup, SearchHit } from '../../../shared/history.ts';
import { conversationIdSchema, searchInputSchema } from '../../../shared/history.ts';
import type { ChatRole } from '../../../shared/llm-events.ts';
import type { RequestMetrics } from '../metrics/request-metrics.ts';
import type { HistoryContext } from './history-context.ts';
import { buildSnippet, markTitle, planSearch } from './search-text.ts';
import type { SearchPlan } from './search-text.ts';
import { DF_LIMIT, TF_PREFIX, bm25Scores } from './search-rank.ts';
import { attachmentSearchText } from './attachment-refs.ts';

/**
 * Full-text search over saved messages (trigram for 3+ characters, grams for shorter and CJK) and
 * conversation titles. Ranked by relevance (BM25, search-rank.ts) among the newest CANDIDATES
 * matches, so a common word costs about what a rare one does; recency breaks ties.
 */
const CANDIDATES = 200;
/** Titles are few and short: a scan finds them; this bounds how many a common word brings. */
const TITLE_MATCHES = 500;

interface Candidate {
  seq: number;
  conversation_id: string;
  created_at: number;
  /** BM25, negated as FTS5's bm25(): lower is better. */
  score: number;
}

/** Messages that match, best first; within one conversation when `conversationId` is given. */
export function searchMessages(
  ctx: HistoryContext,
  input: { query: string; limit?: number; conversationId?: string },
): SearchHit[] {
  const { query, limit } = searchInputSchema.parse(input);
  const conversationId =
    input.conversationId === undefined ? null : conversationIdSchema.parse(input.conversationId);
  const plan = planSearch(query);
  const ranked = matchMessages(ctx, plan, conversationId).sort(byRelevance).slice(0, limit);
  return hitsOf(
    ctx,
    ranked.map((c) => c.seq),
    plan.terms,
  );
}

/**
 * Conversations whose title or messages match, each with its best hit and how many matched:
 * titles first (a title is a few chosen words, the strongest sign), then by the best hit's
 * relevance, then by recency.
 */
export function searchConversations(ctx: HistoryContext, input: { query: string; limit?: number }) {
  const { query, limit } = searchInputSchema.parse(input);
  const plan = planSearch(query);
  const groups = new Map<string, { best: Candidate | null; count: number; title: boolean; at: number }>();
  for (const c of matchMessages(ctx, plan, null)) {
    const group = groups.get(c.conversation_id);
    if (!group) groups.set(c.conversation_id, { best: c, count: 1, title: false, at: c.created_at });
    else {
      group.count++;
      if (byRelevance(c, group.best!) < 0) group.best = c;
    }
  }
  for (const { id, updated_at } of matchTitles(ctx, plan)) {
    const group = groups.get(id);
    if (group) group.title = true;
    else groups.set(id, { best: null, count: 0, title: true, at: Number(updated_at) });
  }
  const titleOf = ctx.db.prepare('SELECT title, updated_at, archived FROM conversations WHERE id = ?');
  const top = [...groups]
    .sort(
      ([, a], [, b]) =>
        Number(b.title) - Number(a.title) ||
        Number(!!b.best) - Number(!!a.best) ||
        (a.best && b.best ? byRelevance(a.best, b.best) : b.at - a.at),
    )
    .slice(0, limit);
  const best = new Map(
    hitsOf(
      ctx,
      top.flatMap(([, g]) => (g.best ? [g.best.seq] : [])),
      plan.terms,
    ).map((hit) => [hit.conversationId, hit]),
  );
  return top.map(([conversationId, group]): SearchGroup => {
    const row = titleOf.get(conversationId) as { title: string; updated_at: number; archived: number };
    return {
      conversationId,
      title: row.title,
      archived: row.archived === 1,
      titleMatch: group.title ? markTitle(row.title, plan.terms) : null,
      updatedAt: Number(row.updated_at),
      best: best.get(conversationId) ?? null,
      hitCount: group.count,
    };
  });
}

/** Relevance first (equal texts score equal, to rounding), then the newer message. */
function byRelevance(a: Candidate, b: Candidate): number {
  const tie = Math.abs(a.score - b.score) <= 1e-9 * Math.max(Math.abs(a.score), Math.abs(b.score));
  return (tie ? 0 : a.score - b.score) || b.created_at - a.created_at || b.seq - a.seq;
}

/** The newest CANDIDATES matches (a rowid walk, cheap however common the words), scored by BM25. */
function matchMessages(ctx: HistoryContext, plan: SearchPlan, conversationId: string | null): Candidate[] {
  if (!plan.trigram && !plan.grams) return [];
  const table = plan.trigram ? 'message_fts' : 'message_grams';
  const alsoGrams =
    plan.trigram && plan.grams
      ? 'AND rowid IN (SELECT rowid FROM message_grams WHERE message_grams MATCH :grams)'
      : '';
  const inConversation = conversationId
    ? 'AND rowid IN (SELECT seq FROM messages WHERE conversation_id = :conversationId)'
    : '';
  const rows = ctx.db
    .prepare(
      `WITH hits AS (
         SELECT rowid AS seq FROM ${table} WHERE ${table} MATCH :match ${alsoGrams} ${inConversation}
         ORDER BY rowid DESC LIMIT :cap)
       SELECT m.seq, m.conversation_id, m.created_at, substr(m.content, 1, ${TF_PREFIX}) AS text,
         length(m.content) AS length
       FROM hits h JOIN messages m ON m.seq = h.seq JOIN conversations c ON c.id = m.conversation_id
       WHERE c.deleted_at IS NULL`,
    )
    .all({
      match: plan.trigram ?? plan.grams!,
      cap: CANDIDATES,
      ...(alsoGrams ? { grams: plan.grams } : {}),
      ...(conversationId ? { conversationId } : {}),
    }) as unknown as (Candidate & { text: string; length: number })[];
  const total = Number(
    (ctx.db.prepare('SELECT max(seq) AS n FROM messages').get() as { n: number | null }).n ?? 0,
  );
  const terms = plan.parts.map((part) => ({
    text: part.text.toLowerCase(),
    documents: Number(
      (
        ctx.db
          .prepare(
            `SELECT count(*) AS n FROM (SELECT 1 FROM ${part.table} WHERE ${part.table} MATCH ? LIMIT ${DF_LIMIT})`,
          )
          .get(part.match) as { n: number }
      ).n,
    ),
  }));
  // Lower case in every script, as the terms (SQLite's lower() knows only ASCII: "Ärger" stayed "Ärger").
  const documents = rows.map((r) => ({ text: r.text.toLowerCase(), length: r.length }));
  const scores = bm25Scores(documents, terms, Math.max(total, rows.length));
  return rows.map((r, i) => ({
    seq: r.seq,
    conversation_id: r.conversation_id,
    created_at: Number(r.created_at),
    score: scores[i]!,
  }));
}

function matchTitles(ctx: HistoryContext, plan: SearchPlan): { id: string; updated_at: number }[] {
  if (plan.parts.length === 0) return [];
  // fold() (search-text.ts) on both sides; an all-ASCII title (as many bytes as characters) folds as
  // SQLite's own lower() does, so only the others pay for a call into JavaScript.
  const needles = plan.parts
    .map(
      (_, i) =>
        `(instr(' ' || lower(title), :n${i}) > 0 OR (length(CAST(title AS BLOB)) != length(title) AND instr(' ' || fold(title), :n${i}) > 0))`,
    )
    .join(' AND ');
  return ctx.db
    .prepare(
      `SELECT id, updated_at FROM conversations WHERE deleted_at IS NULL AND ${needles}
       ORDER BY updated_at DESC LIMIT ${TITLE_MATCHES}`,
    )
    .all(Object.fromEntries(plan.parts.map((p, i) => [`n${i}`, p.titleNeedle]))) as {
    id: string;
    updated_at: number;
  }[];
}

/** The messages as hits, in the order given, each with its snippet. */
function hitsOf(ctx: HistoryContext, seqs: number[], terms: string[]): SearchHit[] {
  const statement = ctx.db.prepare(
    `SELECT m.seq, m.id, m.conversation_id, m.role, m.created_at, m.content, c.title, c.archived,
       EXISTS (SELECT 1 FROM message_attachments ma WHERE ma.message_seq = m.seq) AS attached
     FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.seq = ?`,
  );
  return seqs.map((seq) => {
    const row = statement.get(seq) as unknown as HitRow;
    const hit = hitOf(row, terms);
    // Found by an attachment's name or text: the snippet comes from there.
    if (row.attached && !hit.snippet.some((part) => part.match)) {
      hit.snippet = buildSnippet(attachmentSearchText(ctx.db, row.seq), terms);
    }
    return hit;
  });
}

interface HitRow {
  seq: number;
  attached: number;
  id: string;
  conversation_id: string;
  role: ChatRole;
  created_at: number;
  content: string;
  title: string;
  archived: number;
}

function hitOf(r: HitRow, terms: string[]): SearchHit {
  return {
    conversationId: r.conversation_id,
    messageId: r.id,
    title: r.title,
    archived: r.archived === 1,
    role: r.role,
    createdAt: Number(r.created_at),
    snippet: buildSnippet(r.content, terms),
  };
}

/**
 * One row per model request (timings, tokens, outcome), kept beside the conversations, and added
 * to its day's totals (usage-rollup.ts). A request recorded again replaces its row only.
 */
export function recordMetrics(ctx: HistoryContext, record: RequestMetrics): void {
  const known = ctx.db.prepare('SELECT 1 FROM request_metrics WHERE request_id = ?').get(record.requestId);
  ctx.transaction(() => {
    if (!known) rollUp(ctx.db, record);
    insertRecord(ctx, record);
  });
}

function insertRecord(ctx: HistoryContext, record: RequestMetrics): void {
  ctx.db
    .prepare(
      `INSERT OR REPLACE INTO request_metrics (request_id, conversation_id, provider_id, model, started_at,
         ttft_ms, total_ms, input_tokens, output_tokens, usage_estimated, tokens_per_second, retries,
         failover_hops, outcome, error_code, cost_usd, system_prompt_version, assistant_id)
       VALUES (:requestId, :conversationId, :providerId, :model, :startedAt,
         :ttftMs, :totalMs, :inputTokens, :outputTokens, :usageEstimated, :tokensPerSecond, :retries,
         :failoverHops, :outcome, :errorCode, :costUsd, :systemPromptVersion, :assistantId)`,
    )
    .run({
      ...record,
      usageEstimated: record.usageEstimated ? 1 : 0,
      systemPromptVersion: record.systemPromptVersion ?? null,
      assistantId: record.assistantId ?? null,
    });
}

interface MetricsRow {
  rowid: number;
  request_id: string;
  conversation_id: string | null;
  provider_id: string;
  model: string;
  started_at: number;
  ttft_ms: number | null;
  total_ms: number;
  input_tokens: number;
  output_tokens: number;
  usage_estimated: number;
  tokens_per_second: number | null;
  retries: number;
  failover_hops: number;
  outcome: RequestMetrics['outcome'];
  error_code: RequestMetrics['errorCode'];
  cost_usd: number | null;
  assistant_id: string | null;
}

/** The records after row `after`, oldest first (what a metrics endpoint has not counted yet). */
export function metricsAfter(
  ctx: HistoryContext,
  after: number,
  limit: number,
): { records: RequestMetrics[]; last: number } {
  const rows = ctx.db
    .prepare('SELECT rowid, * FROM request_metrics WHERE rowid > ? ORDER BY rowid LIMIT ?')
    .all(after, limit) as unknown as MetricsRow[];
  return {
    last: rows.length ? Number(rows.at(-1)!.rowid) : after,
    records: rows.map((r) => ({
      requestId: r.request_id,
      conversationId: r.conversation_id,
      providerId: r.provider_id,
      model: r.model,
      startedAt: Number(r.started_at),
      ttftMs: r.ttft_ms,
      totalMs: r.total_ms,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      usageEstimated: r.usage_estimated === 1,
      tokensPerSecond: r.tokens_per_second,
      retries: Number(r.retries),
      failoverHops: Number(r.failover_hops),
      outcome: r.outcome,
      errorCode: r.error_code,
      costUsd: r.cost_usd,
      assistantId: r.assistant_id,
    })),
  };
}
