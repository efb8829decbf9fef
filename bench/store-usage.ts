/**
 * bench:store's usage rows: 100,000 request records over 30 days (8 models, 3 assistants), then
 * the Usage view's summary of the 30 days, beside a linear scan that computes the same figures from
 * every record (exact percentiles by sorting).
 */
import { performance } from 'node:perf_hooks';
import type { DatabaseSync } from 'node:sqlite';
import type { HistoryService } from '../src/main/core/store/history-service.ts';

export const USAGE_TARGET_MS = 100;
const RECORDS = 100_000;
const DAY = 86_400_000;
const models = [
  'gpt-4o',
  'gpt-4o-mini',
  'o3',
  'claude-sonnet-4',
  'claude-haiku',
  'deepseek-chat',
  'qwen-max',
  'glm-4',
];

type Line = (name: string, value: string, target: string, ok: boolean) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The peer: every record of the range read and summed up in JavaScript, percentiles by sorting. */
function linearScan(raw: DatabaseSync, since: number): number {
  const rows = raw
    .prepare(
      'SELECT provider_id, model, ttft_ms, total_ms, outcome, output_tokens FROM request_metrics WHERE started_at >= ?',
    )
    .all(since) as { provider_id: string; model: string; ttft_ms: number | null; total_ms: number }[];
  const byModel = new Map<string, { ttft: number[]; total: number[] }>();
  for (const row of rows) {
    const key = `${row.provider_id}/${row.model}`;
    const group = byModel.get(key) ?? { ttft: [], total: [] };
    if (row.ttft_ms !== null) group.ttft.push(row.ttft_ms);
    group.total.push(row.total_ms);
    byModel.set(key, group);
  }
  let checksum = 0;
  for (const group of byModel.values()) {
    for (const list of [group.ttft, group.total]) {
      list.sort((a, b) => a - b);
      checksum += list[Math.ceil(list.length * 0.99) - 1] ?? 0;
    }
  }
  return checksum;
}

export function benchUsage(history: HistoryService, raw: DatabaseSync, line: Line): void {
  const now = Date.now();
  const since = now - 30 * DAY;
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const started = performance.now();
  for (let i = 0; i < RECORDS; i++) {
    const model = models[i % models.length]!;
    const failed = random() < 0.03;
    history.recordMetrics({
      requestId: `bench-${i}`,
      conversationId: null,
      providerId: model.startsWith('claude') ? 'anthropic' : 'openai',
      model,
      startedAt: since + Math.floor((i / RECORDS) * 30 * DAY),
      ttftMs: failed ? null : 150 + random() * 1500,
      totalMs: 500 + random() * 20_000,
      inputTokens: 200 + Math.floor(random() * 2000),
      outputTokens: failed ? 0 : 100 + Math.floor(random() * 800),
      usageEstimated: false,
      tokensPerSecond: failed ? null : 20 + random() * 80,
      retries: random() < 0.05 ? 1 : 0,
      failoverHops: 0,
      outcome: failed ? 'error' : 'complete',
      errorCode: failed ? 'rate_limited' : null,
      costUsd: 0.001 + random() * 0.01,
      assistantId: `assistant-${i % 3}`,
    });
  }
  const recordMs = performance.now() - started;
  const cold = performance.now();
  const summary = history.usageSummary({ since, until: now });
  const coldMs = performance.now() - cold;
  const warm = Array.from({ length: 20 }, () => {
    const t = performance.now();
    history.usageSummary({ since, until: now });
    return performance.now() - t;
  });
  const scan = Array.from({ length: 3 }, () => {
    const t = performance.now();
    linearScan(raw, since);
    return performance.now() - t;
  });
  console.log(
    `\nusage: ${RECORDS.toLocaleString('en')} request records over 30 days, ${summary.models.length} models, recorded in ${(recordMs / 1000).toFixed(1)} s (${((recordMs / RECORDS) * 1000).toFixed(0)} µs each)`,
  );
  line(
    'usage summary, 30 days (cold)',
    `${coldMs.toFixed(1)} ms`,
    `≤ ${USAGE_TARGET_MS} ms`,
    coldMs <= USAGE_TARGET_MS,
  );
  line(
    'usage summary, 30 days (p50 of 20)',
    `${median(warm).toFixed(1)} ms`,
    `≤ ${USAGE_TARGET_MS} ms`,
    median(warm) <= USAGE_TARGET_MS,
  );
  line('usage, linear scan of the records (p50 of 3)', `${median(scan).toFixed(1)} ms`, 'peer', true);
}
