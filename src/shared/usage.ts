import { z } from 'zod';
import { providerIdSchema } from './providers.ts';

/**
 * Usage and performance, summed up from the per-request records (one per request, retries and
 * failover hops included). Never prompt or answer text, never keys.
 */

export const usageQuerySchema = z
  .object({
    /** Epoch ms, inclusive. */
    since: z.number().int().min(0),
    /** Epoch ms, exclusive; omitted: now. */
    until: z.number().int().min(0).optional(),
    providerId: providerIdSchema.optional(),
    model: z.string().min(1).max(200).optional(),
    assistantId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** p50, p95 and p99 (nearest rank); null when no request had the figure. */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ModelUsage {
  provider: string;
  model: string;
  requests: number;
  /** Answers that completed. */
  succeeded: number;
  /** Requests that ended in an error, or were cut off mid-answer (a person's Stop is neither). */
  failed: number;
  /** Failed requests by error code (`rate_limited`, `timeout`…). */
  errorsByKind: Record<string, number>;
  retries: number;
  failovers: number;
  ttftMs: Percentiles;
  durationMs: Percentiles;
  /** Output tokens per second of streaming, median. */
  tokensPerSecond: number | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Answers rated in the range: thumbs up, and thumbs down (a regeneration counts as a quiet one). */
  quality: { up: number; down: number };
}

/** A model's figures before any request is counted. */
export function emptyModelUsage(provider: string, model: string): ModelUsage {
  const none = { p50: null, p95: null, p99: null };
  return {
    provider,
    model,
    requests: 0,
    succeeded: 0,
    failed: 0,
    errorsByKind: {},
    retries: 0,
    failovers: 0,
    ttftMs: none,
    durationMs: none,
    tokensPerSecond: null,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    quality: { up: 0, down: 0 },
  };
}

export interface UsageDay {
  /** YYYY-MM-DD, local time. */
  day: string;
  requests: number;
  costUsd: number;
  /** That day's latencies over every model in the filter (absent where no request had the figure). */
  ttftMs?: Percentiles;
  durationMs?: Percentiles;
}

export interface UsageSummary {
  since: number;
  until: number;
  /** Busiest first. */
  models: ModelUsage[];
  days: UsageDay[];
}

/** Opt-in exports of the request figures (Settings → Usage): never text, never keys. */
export const metricsExportSchema = z
  .object({
    /** An OpenMetrics (Prometheus) endpoint at http://127.0.0.1:<port>/metrics. */
    openMetrics: z
      .object({
        enabled: z.boolean().default(false),
        port: z.number().int().min(1024).max(65535).default(9464),
      })
      .strict()
      .default({ enabled: false, port: 9464 }),
    /** Each request pushed as StatsD lines over UDP. */
    statsd: z
      .object({
        enabled: z.boolean().default(false),
        host: z
          .string()
          .trim()
          .min(1)
          .max(253)
          .regex(/^[A-Za-z0-9.:_-]+$/, 'A host name or an IP address.')
          .default('127.0.0.1'),
        port: z.number().int().min(1).max(65535).default(8125),
        prefix: z
          .string()
          .regex(
            /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
            'Letters, digits, dashes and underscores, parts joined by dots.',
          )
          .max(64)
          .default('parley'),
      })
      .strict()
      .default({ enabled: false, host: '127.0.0.1', port: 8125, prefix: 'parley' }),
  })
  .strict();
export type MetricsExportSettings = z.infer<typeof metricsExportSchema>;

/** The OpenMetrics endpoint's bearer token, as typed (kept in the keychain, never in settings). */
export const metricsTokenSchema = z
  .string()
  .trim()
  .min(16, 'The token is at least 16 characters long.')
  .max(256, 'The token is at most 256 characters long.')
  .regex(/^[\x21-\x7e]+$/, 'The token is letters, digits and punctuation, without spaces.');
