/**
 * Request records and rated answers written into a data folder's history before a host starts on
 * it, through the real HistoryService (recordMetrics adds each record to its day's totals), for the
 * Usage view's tests and screenshots.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import type { AnswerRating } from '../../../src/shared/routing.ts';

export { requestRecord } from '../../fixtures/request-records.ts';

export const DAY_MS = 86_400_000;

/** Local midnight `back` days before today, plus `hours`. */
export function daysAgo(back: number, hours = 0): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - back);
  return d.getTime() + hours * 3_600_000;
}

export interface RatedAnswer {
  providerId: string;
  model: string;
  rating: AnswerRating;
}

export interface SpentAnswer {
  providerId: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Seed {
  records: RequestMetrics[];
  /** Answers made now, each in a conversation of its own, rated. */
  ratings?: RatedAnswer[];
  /** One conversation (titled `title`) whose answers used these tokens and cost. */
  spent?: { title: string; answers: SpentAnswer[] };
}

export async function seedHistory(dataDir: string, seed: Seed): Promise<void> {
  const { history } = await openHistory({ dataDir, autoBackupEveryMs: null });
  const rate = new DatabaseSync(join(dataDir, 'history.sqlite'));
  try {
    for (const record of seed.records) history.recordMetrics(record);
    const answer = (
      conversationId: string,
      parentId: string | null,
      a: { providerId: string; model: string },
    ) => {
      const question = history.addMessage({
        conversationId,
        parentId,
        role: 'user',
        content: 'Question',
        state: 'complete',
      });
      return history.addMessage({
        conversationId,
        parentId: question.id,
        role: 'assistant',
        content: 'Answer',
        state: 'streaming',
        providerId: a.providerId,
        model: a.model,
      });
    };
    for (const r of seed.ratings ?? []) {
      const conversation = history.createConversation({ title: `Rated ${r.model}` });
      const made = answer(conversation.id, null, r);
      history.finishMessage(made.id, { state: 'complete' });
      // Ratings are written by the thumbs buttons (another part of Parley); here, straight into the table.
      rate.prepare('UPDATE messages SET rating = ? WHERE id = ?').run(r.rating, made.id);
    }
    if (seed.spent) {
      const conversation = history.createConversation({ title: seed.spent.title });
      let parent: string | null = null;
      for (const a of seed.spent.answers) {
        const made = answer(conversation.id, parent, a);
        history.finishMessage(made.id, {
          state: 'complete',
          usage: { inputTokens: a.inputTokens, outputTokens: a.outputTokens, estimated: false },
          costUsd: a.costUsd,
        });
        parent = made.id;
      }
    }
  } finally {
    rate.close();
    history.close();
  }
}
