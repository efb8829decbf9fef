import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { ModelUsage, Percentiles, UsageDay, UsageQuery, UsageSummary } from '../../../shared/usage.ts';
import { emptyModelUsage } from '../../../shared/usage.ts';
import { bucketValue, localDay } from './usage-rollup.ts';
import { filterClauses, qualityByModel, wholeDays } from './usage-quality.ts';
import type { Histogram } from './usage-rollup.ts';

/**
 * The usage summary of a range of whole local days, from the day rows `usage-rollup.ts` keeps:
 * counts and sums per model, percentiles by nearest rank over the merged latency histograms, and
 * a row per day (with that day's latency percentiles), and each model's ratings (usage-quality.ts).
 * Records carry no prompt or answer text and no key, so neither does the summary.
 */

interface DayRow {
  day: string;
  provider_id: string;
  model: string;
  requests: number;
  succeeded: number;
  failed: number;
  retries: number;
  failovers: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  errors: string;
  ttft: string;
  total: string;
  speed: string;
}

interface Merged {
  usage: ModelUsage;
  ttft: Histogram;
  total: Histogram;
  speed: Histogram;
}

interface MergedDay {
  day: UsageDay;
  ttft: Histogram;
  total: Histogram;
}

export function usageSummary(db: DatabaseSync, query: UsageQuery, now = Date.now()): UsageSummary {
  const until = query.until ?? now;
  const filters = filterClauses(query, '');
  const clauses = ['day >= :from', 'day <= :to', ...filters.clauses];
  const params: Record<string, SQLInputValue> = {
    from: localDay(query.since),
    to: localDay(until - 1),
    ...filters.params,
  };
  const rows = db
    .prepare(`SELECT * FROM usage_days WHERE ${clauses.join(' AND ')} ORDER BY day`)
    .all(params) as unknown as DayRow[];
  const models = new Map<string, Merged>();
  const days = new Map<string, MergedDay>();
  for (const row of rows) {
    const key = `${row.provider_id}\u0000${row.model}`;
    let merged = models.get(key);
    if (!merged) {
      merged = { usage: emptyModelUsage(row.provider_id, row.model), ttft: {}, total: {}, speed: {} };
      models.set(key, merged);
    }
    const u = merged.usage;
    u.requests += row.requests;
    u.succeeded += row.succeeded;
    u.failed += row.failed;
    u.retries += row.retries;
    u.failovers += row.failovers;
    u.tokensIn += row.tokens_in;
    u.tokensOut += row.tokens_out;
    u.costUsd += row.cost_usd;
    mergeInto([u.errorsByKind], row.errors);
    let day = days.get(row.day);
    if (!day) {
      day = { day: { day: row.day, requests: 0, costUsd: 0 }, ttft: {}, total: {} };
      days.set(row.day, day);
    }
    // Each histogram parsed once, added to its model's and its day's.
    mergeInto([merged.ttft, day.ttft], row.ttft);
    mergeInto([merged.total, day.total], row.total);
    mergeInto([merged.speed], row.speed);
    day.day.requests += row.requests;
    day.day.costUsd += row.cost_usd;
  }
  const cents = (usd: number) => Math.round(usd * 1e6) / 1e6;
  const quality = qualityByModel(db, wholeDays(query.since, until), query);
  return {
    since: query.since,
    until,
    models: [...models.entries()]
      .map(([key, { usage, ttft, total, speed }]) => ({
        ...usage,
        ttftMs: percentiles(ttft),
        durationMs: percentiles(total),
        tokensPerSecond: percentiles(speed).p50,
        costUsd: cents(usage.costUsd),
        quality: quality.get(key) ?? usage.quality,
      }))
      .sort(
        (a, b) =>
          b.requests - a.requests || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model),
      ),
    days: [...days.values()].map(({ day, ttft, total }) => ({
      ...day,
      costUsd: cents(day.costUsd),
      ttftMs: percentiles(ttft),
      durationMs: percentiles(total),
    })),
  };
}

/** Adds a stored JSON histogram (a damaged one counts as empty) into each of `into` (one or two). */
function mergeInto(into: [Histogram, Histogram?], json: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return;
  }
  if (typeof parsed !== 'object' || parsed === null) return;
  const counts = parsed as Record<string, unknown>;
  // for…in and one target or two: this loop runs for every bucket of every day row.
  const [first, second] = into;
  for (const key in counts) {
    const count = counts[key];
    if (typeof count !== 'number' || !Number.isFinite(count)) continue;
    first[key] = (first[key] ?? 0) + count;
    if (second) second[key] = (second[key] ?? 0) + count;
  }
}

/** Nearest rank: the bucket holding the value ranked ceil(p% of the count), as its middle value. */
function percentiles(histogram: Histogram): Percentiles {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([bucket]) => Number.isInteger(bucket))
    .sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((sum, [, n]) => sum + n, 0);
  const at = (p: number): number | null => {
    if (count === 0) return null;
    const rank = Math.ceil((p / 100) * count);
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= rank) return bucketValue(bucket);
    }
    return null;
  };
  return { p50: at(50), p95: at(95), p99: at(99) };
}
