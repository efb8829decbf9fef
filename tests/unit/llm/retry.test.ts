import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  defaultRetrySettings,
  isRetryable,
  planRetry,
  retryAfterMs,
} from '../../../src/main/core/llm/retry.ts';
import type { AppError } from '../../../src/shared/errors.ts';

const error = (code: AppError['code']): AppError => ({ code, message: code });
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('backoff schedule', () => {
  it('doubles from 0.5 s to a cap of 8 s without jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('jitters down by at most 25%', () => {
    expect(backoffDelayMs(2, () => 0.999999)).toBe(1500);
    expect(backoffDelayMs(0, () => 0.5)).toBe(438);
  });
});

describe('Retry-After', () => {
  it('reads retry-after-ms first, then seconds, then an HTTP date', () => {
    expect(retryAfterMs({ 'retry-after-ms': '1500.5', 'retry-after': '9' }, NOW)).toBe(1501);
    expect(retryAfterMs({ 'retry-after': '3' }, NOW)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': '0.25' }, NOW)).toBe(250);
    expect(retryAfterMs({ 'retry-after': new Date(NOW + 7000).toUTCString() }, NOW)).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, NOW)).toBeUndefined();
    expect(retryAfterMs({}, NOW)).toBeUndefined();
  });
});

describe('what is retried', () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 529])('retries status %i', (status) => {
    expect(isRetryable(error('server_error'), status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 422])('never retries status %i, whatever the headers say', (status) => {
    expect(isRetryable(error('bad_request'), status)).toBe(false);
    expect(isRetryable(error('bad_request'), status, { 'x-should-retry': 'true' })).toBe(false);
  });

  it('follows x-should-retry otherwise', () => {
    expect(isRetryable(error('server_error'), 500, { 'x-should-retry': 'false' })).toBe(false);
    expect(isRetryable(error('bad_request'), 418, { 'x-should-retry': 'true' })).toBe(true);
    expect(isRetryable(error('bad_request'), 418)).toBe(false);
  });

  it('retries connection failures and timeouts, not an empty account', () => {
    expect(isRetryable(error('network_unreachable'))).toBe(true);
    expect(isRetryable(error('timeout'))).toBe(true);
    expect(isRetryable(error('no_credit'), 429)).toBe(false);
    expect(isRetryable(error('proxy_failure'))).toBe(false);
    expect(isRetryable(error('bad_key'))).toBe(false);
  });
});

describe('planning the next attempt', () => {
  const plan = (retriesDone: number, headers?: Record<string, string>, status = 503) =>
    planRetry({
      error: error('server_error'),
      status,
      headers,
      retriesDone,
      settings: defaultRetrySettings,
      now: NOW,
      random: () => 0,
    });

  it('stops after the configured retries (2 by default)', () => {
    expect(plan(0)).toEqual({ retry: true, delayMs: 500 });
    expect(plan(1)).toEqual({ retry: true, delayMs: 1000 });
    expect(plan(2)).toEqual({ retry: false });
  });

  it('waits as long as the server asks, up to the cap, and gives up beyond it', () => {
    expect(plan(0, { 'retry-after': '20' }, 429)).toEqual({ retry: true, delayMs: 20_000 });
    expect(plan(0, { 'retry-after': '600' }, 429)).toEqual({ retry: false });
  });
});
