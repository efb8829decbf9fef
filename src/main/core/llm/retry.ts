import type { AppError } from '../../../shared/errors.ts';

/**
 * When to try a request again and how long to wait: the openai-node policy (2 retries, 0.5 s doubling
 * to 8 s with up to 25% jitter; 408/409/429/5xx and connection failures; `x-should-retry`,
 * `retry-after-ms` and `Retry-After` honoured). A server asking for a longer wait than the cap is not
 * retried at all: the caller reports when to try again, or fails over.
 */
export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest server-requested wait we sit through. */
  maxRetryAfterMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/** Statuses that mean the request itself is wrong: repeating it cannot help. */
const neverRetried = new Set([400, 401, 403, 404, 422]);
const retriedCodes = new Set<AppError['code']>([
  'network_unreachable',
  'timeout',
  'server_error',
  'rate_limited',
]);

/** The wait before retry number `retryIndex` (0 for the first retry), jittered down by up to 25%. */
export function backoffDelayMs(
  retryIndex: number,
  random: () => number,
  settings: RetrySettings = defaultRetrySettings,
): number {
  const base = Math.min(settings.baseDelayMs * 2 ** retryIndex, settings.maxDelayMs);
  return Math.round(base * (1 - random() * 0.25));
}

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `retry-after-ms` (milliseconds), else `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: HeaderBag | undefined, now: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const after = header(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Whether this failure is worth another attempt (before any output has streamed). */
export function isRetryable(error: AppError, status?: number, headers?: HeaderBag): boolean {
  const explicit = header(headers, 'x-should-retry');
  if (explicit === 'false') return false;
  if (status !== undefined && neverRetried.has(status)) return false;
  if (explicit === 'true') return true;
  if (error.code === 'no_credit' || error.code === 'content_filtered') return false;
  if (status !== undefined) return status === 408 || status === 409 || status === 429 || status >= 500;
  return retriedCodes.has(error.code);
}

export type RetryPlan = { retry: true; delayMs: number } | { retry: false };

/** The next step after a failed attempt; `retriesDone` counts retries already made. */
export function planRetry(input: {
  error: AppError;
  status?: number;
  headers?: HeaderBag;
  retriesDone: number;
  settings: RetrySettings;
  now: number;
  random: () => number;
}): RetryPlan {
  const { error, status, headers, retriesDone, settings } = input;
  if (retriesDone >= settings.maxRetries || !isRetryable(error, status, headers)) return { retry: false };
  const asked = retryAfterMs(headers, input.now);
  if (asked !== undefined) {
    if (asked > settings.maxRetryAfterMs) return { retry: false };
    return { retry: true, delayMs: asked };
  }
  return { retry: true, delayMs: backoffDelayMs(retriesDone, input.random, settings) };
}
