import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { ModelUsage, Percentiles, UsageDay, UsageQuery, UsageSummary } from '../../../shared/usage.ts';
import { emptyModelUsage } from '../../../shared/usage.ts';
import { bucketValue, localDay } from './usage-rollup.ts';
import { filterClauses, qualityByModel, wholeDays } from './usage-quality.ts';

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

/**
 * A merged histogram as counts by slot (bucket + 1: bucket -1 holds values under 1), dense so the
 * merge of every day row is plain array arithmetic. 600 slots reach 1.05^598 ms, past any request.
 */
const SLOTS = 600;
type Dense = Float64Array;
const dense = (): Dense => new Float64Array(SLOTS);

interface Merged {
  usage: ModelUsage;
  ttft: Dense;
  total: Dense;
  speed: Dense;
}

interface MergedDay {
  day: UsageDay;
  ttft: Dense;
  total: Dense;
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
      merged = {
        usage: emptyModelUsage(row.provider_id, row.model),
        ttft: dense(),
        total: dense(),
        speed: dense(),
      };
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
    addErrors(u.errorsByKind, row.errors);
    let day = days.get(row.day);
    if (!day) {
      day = { day: { day: row.day, requests: 0, costUsd: 0 }, ttft: dense(), total: dense() };
      days.set(row.day, day);
    }
    // Each histogram parsed once, added to its model's and its day's.
    addBuckets(row.ttft, merged.ttft, day.ttft);
    addBuckets(row.total, merged.total, day.total);
    addBuckets(row.speed, merged.speed);
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

/** A stored JSON object of counts; a damaged one counts as empty. */
function countsOf(json: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Adds the failed requests by error code of a day row. */
function addErrors(into: Record<string, number>, json: string): void {
  const counts = countsOf(json);
  for (const key in counts) {
    const count = counts[key];
    if (typeof count === 'number' && Number.isFinite(count)) into[key] = (into[key] ?? 0) + count;
  }
}

/** Adds a day row's histogram into its model's and, if given, its day's (this runs for every row). */
function addBuckets(json: string, first: Dense, second?: Dense): void {
  const counts = countsOf(json);
  for (const key in counts) {
    const count = counts[key];
    const slot = Number(key) + 1;
    if (typeof count !== 'number' || !Number.isFinite(count) || !Number.isInteger(slot) || slot < 0) continue;
    const at = Math.min(slot, SLOTS - 1);
    first[at]! += count;
    if (second) second[at]! += count;
  }
}

/** Nearest rank: the bucket holding the value ranked ceil(p% of the count), as its middle value. */
function percentiles(histogram: Dense): Percentiles {
  let count = 0;
  for (const n of histogram) count += n;
  const at = (p: number): number | null => {
    if (count === 0) return null;
    const rank = Math.ceil((p / 100) * count);
    let seen = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      seen += histogram[slot]!;
      if (seen >= rank) return bucketValue(slot - 1);
    }
    return null;
  };
  return { p50: at(50), p95: at(95), p99: at(99) };
}
