import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openHistory } from '../../../src/main/core/store/history-service.ts';
import { openHistoryDatabase } from '../../../src/main/core/store/history-db.ts';
import { historyMigrations } from '../../../src/main/core/store/history-schema.ts';
import type { HistoryService } from '../../../src/main/core/store/history-service.ts';
import type { RequestMetrics } from '../../../src/main/core/metrics/request-metrics.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

/**
 * The usage summary over real SQLite: counts, outcomes, errors by kind, percentiles and days,
 * checked against the same figures computed plainly (and exactly) in JavaScript over random
 * records. Percentiles come from histograms whose buckets are 5 % wide: within 2.5 % (or 1 ms).
 */

let dir: string;
let history: HistoryService;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-usage-'));
  ({ history } = await openHistory({ dataDir: dir, autoBackupEveryMs: null }));
});
afterAll(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function record(over: Partial<RequestMetrics>): RequestMetrics {
  return {
    requestId: `r${n++}`,
    conversationId: null,
    providerId: 'openai',
    model: 'gpt-4o',
    startedAt: Date.UTC(2026, 10, 30, 12),
    ttftMs: 100,
    totalMs: 1000,
    inputTokens: 10,
    outputTokens: 20,
    usageEstimated: false,
    tokensPerSecond: 20,
    retries: 0,
    failoverHops: 0,
    outcome: 'complete',
    errorCode: null,
    costUsd: 0.001,
    ...over,
  };
}

function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

/** A percentile from the summary is the exact one within 2.5 % (values under 1 ms read as 0). */
function expectNear(got: number | null, exact: number | null): void {
  if (exact === null) return expect(got).toBeNull();
  expect(Math.abs(got! - exact)).toBeLessThanOrEqual(Math.max(1, exact * 0.025));
}

it('sums a model’s requests: outcomes, errors by kind, retries, failovers, tokens and cost', () => {
  const at = Date.UTC(2026, 0, 5, 12);
  history.recordMetrics(record({ startedAt: at, model: 'm-a', retries: 2 }));
  history.recordMetrics(
    record({ startedAt: at + 1, model: 'm-a', outcome: 'error', errorCode: 'rate_limited', ttftMs: null }),
  );
  history.recordMetrics(record({ startedAt: at + 2, model: 'm-a', outcome: 'interrupted', failoverHops: 1 }));
  history.recordMetrics(record({ startedAt: at + 3, model: 'm-a', outcome: 'cancelled', costUsd: null }));
  history.recordMetrics(record({ startedAt: at + 4, model: 'm-b', providerId: 'anthropic' }));
  // The day before the range, and another provider's: neither counts.
  history.recordMetrics(record({ startedAt: at - 86_400_000, model: 'm-a' }));

  const summary = history.usageSummary({ since: at, until: at + 10, providerId: 'openai' });
  expect(summary.models).toHaveLength(1);
  expect(summary.models[0]).toEqual({
    provider: 'openai',
    model: 'm-a',
    requests: 4,
    succeeded: 1,
    failed: 2,
    errorsByKind: { rate_limited: 1, interrupted: 1 },
    retries: 2,
    failovers: 1,
    ttftMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    durationMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    tokensPerSecond: expect.any(Number),
    tokensIn: 40,
    tokensOut: 80,
    costUsd: 0.003,
    quality: { up: 0, down: 0 },
  });
  const [usage] = summary.models;
  for (const p of ['p50', 'p95', 'p99'] as const) {
    expectNear(usage!.ttftMs[p], 100);
    expectNear(usage!.durationMs[p], 1000);
  }
  expectNear(usage!.tokensPerSecond, 20);
  expect(summary.days).toEqual([
    {
      day: expect.stringMatching(/^2026-01-0[56]$/),
      requests: 4,
      costUsd: 0.003,
      ttftMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
      durationMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    },
  ]);
  expectNear(summary.days[0]!.ttftMs!.p99, 100);
  expect(history.usageSummary({ since: at, until: at + 10 }).models.map((m) => m.model)).toEqual([
    'm-a',
    'm-b',
  ]);
});

it('gives the same percentiles and totals as a plain computation, for random records', async () => {
  const recordArb = fc.record({
    model: fc.constantFrom('x1', 'x2', 'x3'),
    ttftMs: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
    totalMs: fc.integer({ min: 0, max: 60_000 }),
    outputTokens: fc.integer({ min: 0, max: 4000 }),
    outcome: fc.constantFrom('complete', 'interrupted', 'error', 'cancelled' as const),
  });
  let round = 0;
  await checkSeeds(
    'usage summary',
    fc.property(fc.array(recordArb, { minLength: 1, maxLength: 120 }), (records) => {
      // Each run in a time range of its own.
      const since = Date.UTC(2030, 0, 1) + round++ * 10 * 86_400_000;
      records.forEach((r, i) =>
        history.recordMetrics(record({ ...r, providerId: 'fuzz', startedAt: since + i })),
      );
      const summary = history.usageSummary({ since, until: since + 86_400_000, providerId: 'fuzz' });
      for (const model of ['x1', 'x2', 'x3']) {
        const mine = records.filter((r) => r.model === model);
        const got = summary.models.find((m) => m.model === model);
        if (mine.length === 0) {
          expect(got).toBeUndefined();
          continue;
        }
        const ttfts = mine.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs]));
        const totals = mine.map((r) => r.totalMs);
        expect(got).toMatchObject({
          requests: mine.length,
          succeeded: mine.filter((r) => r.outcome === 'complete').length,
          failed: mine.filter((r) => r.outcome === 'error' || r.outcome === 'interrupted').length,
          tokensOut: mine.reduce((sum, r) => sum + r.outputTokens, 0),
        });
        for (const p of [50, 95, 99] as const) {
          expectNear(got!.ttftMs[`p${p}`], nearestRank(ttfts, p));
          expectNear(got!.durationMs[`p${p}`], nearestRank(totals, p));
        }
      }
    }),
    60,
  );
});

it('a history from before the day totals gets them from the records it kept', async () => {
  const old = mkdtempSync(join(tmpdir(), 'parley-usage-v5-'));
  try {
    const { db } = openHistoryDatabase({
      file: join(old, 'history.sqlite'),
      backupsDir: join(old, 'backups'),
      migrations: historyMigrations.filter((m) => m.version <= 5),
    });
    const insert = db.prepare(
      `INSERT INTO request_metrics (request_id, provider_id, model, started_at, ttft_ms, total_ms,
         input_tokens, output_tokens, usage_estimated, tokens_per_second, retries, failover_hops, outcome,
         error_code, cost_usd)
       VALUES (?, 'openai', 'gpt-4o', ?, ?, ?, 5, 7, 0, NULL, 0, 0, ?, ?, 0.5)`,
    );
    const at = Date.UTC(2026, 5, 1, 12);
    for (let i = 1; i <= 40; i++) {
      const failed = i % 10 === 0;
      insert.run(
        `old-${i}`,
        at + i,
        i * 10,
        i * 100,
        failed ? 'error' : 'complete',
        failed ? 'timeout' : null,
      );
    }
    db.close();
    const { history: migrated } = await openHistory({ dataDir: old, autoBackupEveryMs: null });
    try {
      const [usage] = migrated.usageSummary({ since: at, until: at + 1000 }).models;
      expect(usage).toMatchObject({
        requests: 40,
        succeeded: 36,
        failed: 4,
        errorsByKind: { timeout: 4 },
        tokensIn: 200,
        tokensOut: 280,
        costUsd: 20,
      });
      expectNear(usage!.ttftMs.p50, 200);
      expectNear(usage!.durationMs.p95, 3800);
      expect(usage!.tokensPerSecond).toBeNull();
      // Recorded after the migration: added to the same day's row.
      migrated.recordMetrics(record({ startedAt: at + 500, ttftMs: 5000 }));
      expect(migrated.usageSummary({ since: at, until: at + 1000 }).models[0]!.requests).toBe(41);
    } finally {
      migrated.close();
    }
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
});
