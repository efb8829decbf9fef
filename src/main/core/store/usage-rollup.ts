import type { DatabaseSync } from 'node:sqlite';
import type { RequestMetrics } from '../metrics/request-metrics.ts';

/**
 * Request records summed up per local day, provider, model and assistant (table `usage_days`),
 * so a summary of 30 days reads a few hundred rows, not 100,000 records. Latencies are kept as
 * histograms in logarithmic buckets (each 5 % wider than the one before): a percentile read from
 * one is within 2.5 % of the exact value.
 */

/** Bucket b holds values in [GROWTH^b, GROWTH^(b+1)); values under 1 go to bucket -1. */
export const GROWTH = 1.05;
const LOG_GROWTH = Math.log(GROWTH);

export function bucketOf(value: number): number {
  return value < 1 ? -1 : Math.floor(Math.log(value) / LOG_GROWTH);
}

/** A bucket's representative value: the geometric middle of its range (0 for bucket -1). */
export function bucketValue(bucket: number): number {
  return bucket < 0 ? 0 : Math.round(GROWTH ** (bucket + 0.5) * 10) / 10;
}

/** The same bucket in SQL (for rebuilding from the records). */
const sqlBucket = (column: string) =>
  `CASE WHEN ${column} < 1 THEN -1 ELSE CAST(floor(ln(${column}) / ln(${GROWTH})) AS INTEGER) END`;
const sqlDay = `date(started_at / 1000, 'unixepoch', 'localtime')`;

export type Histogram = Record<string, number>;

/** The table, and its rows rebuilt from every record (after a migration or a salvage). */
export const USAGE_DAYS_SQL = `
  CREATE TABLE IF NOT EXISTS usage_days (
    -- YYYY-MM-DD in the recording machine's local time
    day TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    model TEXT NOT NULL,
    assistant_id TEXT NOT NULL DEFAULT '',
    requests INTEGER NOT NULL DEFAULT 0,
    succeeded INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    retries INTEGER NOT NULL DEFAULT 0,
    failovers INTEGER NOT NULL DEFAULT 0,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    -- JSON: failed requests by error code; histograms {bucket: count} (usage-rollup.ts)
    errors TEXT NOT NULL DEFAULT '{}',
    ttft TEXT NOT NULL DEFAULT '{}',
    total TEXT NOT NULL DEFAULT '{}',
    speed TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (day, provider_id, model, assistant_id)
  ) WITHOUT ROWID;
  DELETE FROM usage_days;
  INSERT INTO usage_days (day, provider_id, model, assistant_id, requests, succeeded, failed, retries,
      failovers, tokens_in, tokens_out, cost_usd)
    SELECT ${sqlDay}, provider_id, model, coalesce(assistant_id, ''), count(*), sum(outcome = 'complete'),
      sum(outcome IN ('error', 'interrupted')), sum(retries), sum(failover_hops), sum(input_tokens),
      sum(output_tokens), coalesce(sum(cost_usd), 0)
    FROM request_metrics GROUP BY 1, 2, 3, 4;
  ${histogramUpdate('errors', "coalesce(error_code, 'interrupted')", "outcome IN ('error', 'interrupted')")}
  ${histogramUpdate('ttft', sqlBucket('ttft_ms'), 'ttft_ms IS NOT NULL')}
  ${histogramUpdate('total', sqlBucket('total_ms'), 'total_ms IS NOT NULL')}
  ${histogramUpdate('speed', sqlBucket('tokens_per_second'), 'tokens_per_second IS NOT NULL')}
`;

function histogramUpdate(column: string, keyOf: string, only: string): string {
  return `UPDATE usage_days SET ${column} = coalesce((
      SELECT json_group_object(k, n) FROM (
        SELECT ${keyOf} AS k, count(*) AS n FROM request_metrics r
        WHERE ${only} AND ${sqlDay.replace('started_at', 'r.started_at')} = usage_days.day
          AND r.provider_id = usage_days.provider_id AND r.model = usage_days.model
          AND coalesce(r.assistant_id, '') = usage_days.assistant_id
        GROUP BY k)), '{}');`;
}

/** YYYY-MM-DD of an epoch-ms time, in local time (as SQLite's `localtime` gives it). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface DayRow {
  errors: string;
  ttft: string;
  total: string;
  speed: string;
}

const add = (histogram: Histogram, key: string | number) => {
  histogram[key] = (histogram[key] ?? 0) + 1;
};

/** Adds one new record to its day's row (inside the caller's transaction). */
export function rollUp(db: DatabaseSync, record: RequestMetrics): void {
  const keys = {
    day: localDay(record.startedAt),
    provider: record.providerId,
    model: record.model,
    assistant: record.assistantId ?? '',
  };
  const match = 'day = :day AND provider_id = :provider AND model = :model AND assistant_id = :assistant';
  const row = db.prepare(`SELECT errors, ttft, total, speed FROM usage_days WHERE ${match}`).get(keys) as
    DayRow | undefined;
  const parse = (text: string | undefined): Histogram => (text ? (JSON.parse(text) as Histogram) : {});
  const errors = parse(row?.errors);
  const ttft = parse(row?.ttft);
  const total = parse(row?.total);
  const speed = parse(row?.speed);
  const failed = record.outcome === 'error' || record.outcome === 'interrupted';
  if (failed) add(errors, record.errorCode ?? 'interrupted');
  if (record.ttftMs !== null) add(ttft, bucketOf(record.ttftMs));
  add(total, bucketOf(record.totalMs));
  if (record.tokensPerSecond !== null) add(speed, bucketOf(record.tokensPerSecond));
  db.prepare(
    `INSERT INTO usage_days (day, provider_id, model, assistant_id) VALUES (:day, :provider, :model, :assistant)
     ON CONFLICT DO NOTHING`,
  ).run(keys);
  db.prepare(
    `UPDATE usage_days SET requests = requests + 1, succeeded = succeeded + :succeeded,
       failed = failed + :failed, retries = retries + :retries, failovers = failovers + :failovers,
       tokens_in = tokens_in + :tokensIn, tokens_out = tokens_out + :tokensOut, cost_usd = cost_usd + :cost,
       errors = :errors, ttft = :ttft, total = :total, speed = :speed
     WHERE ${match}`,
  ).run({
    ...keys,
    succeeded: record.outcome === 'complete' ? 1 : 0,
    failed: failed ? 1 : 0,
    retries: record.retries,
    failovers: record.failoverHops,
    tokensIn: record.inputTokens,
    tokensOut: record.outputTokens,
    cost: record.costUsd ?? 0,
    errors: JSON.stringify(errors),
    ttft: JSON.stringify(ttft),
    total: JSON.stringify(total),
    speed: JSON.stringify(speed),
  });
}
