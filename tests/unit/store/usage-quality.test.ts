import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import { requestRecord } from '../../fixtures/request-records.ts';
import type { AnswerRating } from '../../../src/shared/routing.ts';

/**
 * The usage summary's quality per model (ratings read from the messages, a quiet thumbs down counted
 * as down) and its per-day latency percentiles, over real SQLite.
 */

const DAY = 86_400_000;
let dir: string;
let history: HistoryService;
let raw: DatabaseSync;
let clock = new Date(2026, 2, 10, 12).getTime();
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-usage-quality-'));
  ({ history } = await openHistory({ dataDir: dir, autoBackupEveryMs: null, now: () => clock }));
  // A second connection to the same file writes the ratings (another part of Parley's job).
  raw = new DatabaseSync(join(dir, 'history.sqlite'));
});
afterAll(() => {
  raw.close();
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An answer by `model` created at `at`, rated `rating`; in a conversation of `assistantId`'s if given. */
function ratedAnswer(
  at: number,
  providerId: string,
  model: string,
  rating: AnswerRating | null,
  assistantId?: string,
) {
  clock = at;
  const conversation = history.createConversation({ settings: assistantId ? { assistantId } : {} });
  const question = history.addMessage({
    conversationId: conversation.id,
    parentId: null,
    role: 'user',
    content: 'q',
    state: 'complete',
  });
  const answer = history.addMessage({
    conversationId: conversation.id,
    parentId: question.id,
    role: 'assistant',
    content: 'a',
    state: 'complete',
    providerId,
    model,
  });
  raw.prepare('UPDATE messages SET rating = ? WHERE id = ?').run(rating, answer.id);
}

const record = (startedAt: number, model: string, ttftMs: number, totalMs = ttftMs * 4) =>
  requestRecord({ startedAt, model, ttftMs, totalMs });

it('counts thumbs up and down per model, a quiet thumbs down as down, within the range and filters', () => {
  const day = new Date(2026, 2, 10, 12).getTime();
  for (const model of ['good', 'bad']) {
    history.recordMetrics(record(day, model, 100));
    history.recordMetrics({ ...record(day, model, 100), assistantId: 'helper' });
  }
  ratedAnswer(day, 'openai', 'good', 'up');
  ratedAnswer(day + 1, 'openai', 'good', 'up', 'helper');
  ratedAnswer(day + 2, 'openai', 'good', 'quiet-down');
  ratedAnswer(day + 3, 'openai', 'good', null);
  ratedAnswer(day + 4, 'openai', 'bad', 'down', 'helper');
  ratedAnswer(day + 5, 'openai', 'bad', 'quiet-down');
  // Another day and another provider's: outside the range or the filter.
  ratedAnswer(day - 2 * DAY, 'openai', 'good', 'down');
  ratedAnswer(day, 'anthropic', 'good', 'down');

  const quality = (query: { providerId?: string; model?: string; assistantId?: string }) =>
    Object.fromEntries(
      history
        .usageSummary({ since: day - 1000, until: day + 1000, ...query })
        .models.map((m) => [m.model, m.quality]),
    );
  expect(quality({ providerId: 'openai' })).toEqual({ good: { up: 2, down: 1 }, bad: { up: 0, down: 2 } });
  expect(quality({ providerId: 'openai', model: 'bad' })).toEqual({ bad: { up: 0, down: 2 } });
  expect(quality({ assistantId: 'helper' })).toEqual({ good: { up: 1, down: 0 }, bad: { up: 0, down: 1 } });
  // The range is whole local days: the down two days before counts once the range reaches it.
  const wider = history.usageSummary({ since: day - 2 * DAY, until: day + 1000, providerId: 'openai' });
  expect(wider.models.find((m) => m.model === 'good')!.quality).toEqual({ up: 2, down: 2 });
});

it('reads the ratings through the partial index, not every message', () => {
  const plan = raw
    .prepare(
      `EXPLAIN QUERY PLAN SELECT provider_id, model, count(*) FROM messages m
       WHERE m.rating IS NOT NULL AND m.created_at >= 0 AND m.created_at < 1 AND m.role = 'assistant' GROUP BY 1, 2`,
    )
    .all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('messages_rated');
});

it('gives each day its own latency percentiles, over the models in the filter', () => {
  const first = new Date(2027, 0, 4, 9).getTime();
  const exact = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!;
  const near = (got: number | null | undefined, want: number) =>
    expect(Math.abs(got! - want)).toBeLessThanOrEqual(want * 0.025);
  const byDay: number[][] = [[], [], []];
  for (let d = 0; d < 3; d++) {
    for (let i = 1; i <= 40; i++) {
      const ttft = (d + 1) * 100 + i * 7;
      byDay[d]!.push(ttft);
      history.recordMetrics(record(first + d * DAY + i, i % 2 ? 'fast' : 'slow', ttft));
    }
  }
  const summary = history.usageSummary({ since: first, until: first + 3 * DAY, providerId: 'openai' });
  expect(summary.days.map((d) => d.requests)).toEqual([40, 40, 40]);
  summary.days.forEach((day, d) => {
    for (const p of [50, 95, 99] as const) {
      near(day.ttftMs![`p${p}`], exact(byDay[d]!, p));
      near(day.durationMs![`p${p}`], exact(byDay[d]!, p) * 4);
    }
  });
  // One model only: its own requests' percentiles.
  const slow = history.usageSummary({ since: first, until: first + DAY, model: 'slow' });
  near(
    slow.days[0]!.ttftMs!.p50,
    exact(
      byDay[0]!.filter((_, i) => i % 2 === 1),
      50,
    ),
  );
});
