import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { UsageQuery } from '../../../shared/usage.ts';

/**
 * Quality per model for the usage summary: the rated answers (`messages.rating`) made in a range,
 * thumbs up and thumbs down per provider and model; a quiet thumbs down (a regeneration) counts as
 * down. Reads through the partial index `messages_rated`, so only rated answers are touched.
 */

export type Quality = { up: number; down: number };

/** `${provider}\0${model}` → its ratings, for the answers created in [from, to). */
export function qualityByModel(
  db: DatabaseSync,
  range: { from: number; to: number },
  filter: Pick<UsageQuery, 'providerId' | 'model' | 'assistantId'>,
): Map<string, Quality> {
  // `rating IS NOT NULL` spelled out so SQLite picks the partial index.
  const clauses = [
    'm.rating IS NOT NULL',
    'm.created_at >= :from',
    'm.created_at < :to',
    "m.role = 'assistant'",
    'm.provider_id IS NOT NULL',
    'm.model IS NOT NULL',
  ];
  // The assistant is the conversation's.
  const onMessage = filterClauses({ providerId: filter.providerId, model: filter.model }, 'm.');
  const onConversation = filterClauses({ assistantId: filter.assistantId }, 'c.');
  clauses.push(...onMessage.clauses, ...onConversation.clauses);
  const params = { from: range.from, to: range.to, ...onMessage.params, ...onConversation.params };
  const join = onConversation.clauses.length ? 'JOIN conversations c ON c.id = m.conversation_id' : '';
  const rows = db
    .prepare(
      `SELECT m.provider_id AS provider, m.model AS model, sum(m.rating = 'up') AS up,
         sum(m.rating IN ('down', 'quiet-down')) AS down
       FROM messages m ${join} WHERE ${clauses.join(' AND ')} GROUP BY 1, 2`,
    )
    .all(params) as unknown as { provider: string; model: string; up: number; down: number }[];
  return new Map(rows.map((r) => [`${r.provider}\u0000${r.model}`, { up: r.up, down: r.down }]));
}

/** The epoch-ms bounds of the whole local days from the one holding `since` to the one holding `until - 1`. */
export function wholeDays(since: number, until: number): { from: number; to: number } {
  const from = new Date(since);
  from.setHours(0, 0, 0, 0);
  const to = new Date(Math.max(since, until - 1));
  to.setHours(24, 0, 0, 0);
  return { from: from.getTime(), to: to.getTime() };
}

/** The provider, model and assistant filters as SQL clauses on `prefix`'s columns, each a bound parameter. */
export function filterClauses(
  filter: Pick<UsageQuery, 'providerId' | 'model' | 'assistantId'>,
  prefix: string,
): { clauses: string[]; params: Record<string, SQLInputValue> } {
  const clauses: string[] = [];
  const params: Record<string, SQLInputValue> = {};
  const columns = { providerId: 'provider_id', model: 'model', assistantId: 'assistant_id' } as const;
  for (const name of ['providerId', 'model', 'assistantId'] as const) {
    const value = filter[name];
    if (!value) continue;
    clauses.push(`${prefix}${columns[name]} = :${name}`);
    params[name] = value;
  }
  return { clauses, params };
}
