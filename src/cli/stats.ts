import type { ModelUsage, Percentiles, UsageSummary } from '../shared/usage.ts';
import { CliUsageError, parseArgs } from './args.ts';
import type { CommandIo } from './io.ts';
import { withUsageErrors } from './io.ts';
import { statsUsage } from './usage.ts';
import { withHistory } from './history.ts';
import { localDay } from '../main/core/store/usage-rollup.ts';

const flagSpec = { since: 'string', provider: 'string', model: 'string', json: 'boolean' } as const;

/** `parley stats`: requests, outcomes, latency, tokens and cost per model, from the saved records. */
export function runStatsCommand(args: string[], io: CommandIo, now = Date.now()): Promise<number> {
  return withUsageErrors(io, statsUsage, async () => {
    const { flags, positionals } = parseArgs(args, flagSpec);
    if (positionals.length > 0) throw new CliUsageError(`Unexpected argument "${positionals[0]}".`);
    const since = sinceOf(typeof flags.since === 'string' ? flags.since : '7d', now);
    const summary = await withHistory(io, (history) =>
      history.usageSummary({
        since,
        until: now,
        ...(typeof flags.provider === 'string' ? { providerId: flags.provider } : {}),
        ...(typeof flags.model === 'string' ? { model: flags.model } : {}),
      }),
    );
    io.stdout(flags.json ? `${JSON.stringify(jsonOf(summary))}\n` : table(summary));
    return 0;
  });
}

/**
 * The start of the range: `Nd` (the last N days, today included), `today`, or a date YYYY-MM-DD.
 * Ranges are whole local days.
 */
export function sinceOf(text: string, now: number): number {
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  if (text === 'today') return today.getTime();
  const days = /^(\d{1,4})d$/.exec(text);
  if (days && Number(days[1]) >= 1) {
    const start = new Date(today);
    start.setDate(start.getDate() - (Number(days[1]) - 1));
    return start.getTime();
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const start = new Date(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (localDay(start.getTime()) === text && start.getTime() <= now) return start.getTime();
  }
  throw new CliUsageError(`--since takes Nd (e.g. 7d), today, or a date such as 2026-11-01; not "${text}".`);
}

/** The documented JSON shape (field names stable for scripts). */
function jsonOf(summary: UsageSummary) {
  return {
    models: summary.models.map((m) => ({
      provider: m.provider,
      model: m.model,
      requests: m.requests,
      succeeded: m.succeeded,
      failed: m.failed,
      ttftMs: m.ttftMs,
      durationMs: m.durationMs,
      tokensIn: m.tokensIn,
      tokensOut: m.tokensOut,
      costUsd: m.costUsd,
    })),
  };
}

const ms = (p: Percentiles) =>
  [p.p50, p.p95, p.p99].map((v) => (v === null ? '-' : String(Math.round(v)))).join('/');

function table(summary: UsageSummary): string {
  const range = `${localDay(summary.since)} to ${localDay(summary.until - 1)}`;
  if (summary.models.length === 0) return `No requests from ${range}.\n`;
  const header = [
    'model',
    'requests',
    'ok',
    'failed',
    'ttft ms p50/95/99',
    'total ms p50/95/99',
    'tokens in',
    'tokens out',
    'cost $',
  ];
  const rows = summary.models.map((m: ModelUsage) => [
    `${m.provider}/${m.model}`,
    String(m.requests),
    String(m.succeeded),
    String(m.failed),
    ms(m.ttftMs),
    ms(m.durationMs),
    String(m.tokensIn),
    String(m.tokensOut),
    m.costUsd.toFixed(4),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const cost = summary.models.reduce((sum, m) => sum + m.costUsd, 0);
  const requests = summary.models.reduce((sum, m) => sum + m.requests, 0);
  return `${[line(header), ...rows.map(line)].join('\n')}\n\n${range}: ${requests} requests, $${cost.toFixed(4)}. Percentiles are within 2.5 %.\n`;
}
