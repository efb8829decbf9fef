import { describe, expect, it } from 'vitest';
import {
  LimiterRegistry,
  ProviderLimiter,
  parseResetMs,
  type Lease,
} from '../../../src/main/core/llm/rate-limit.ts';
import { ManualClock, flush } from './support.ts';

/** Starts a request and records when its lease arrives. */
function start(limiter: ProviderLimiter, tokens = 0, signal?: AbortSignal) {
  const ticket = limiter.request(tokens, signal);
  const state: { lease: Lease | null; error: unknown } = { lease: null, error: null };
  ticket.lease.then(
    (lease) => (state.lease = lease),
    (error: unknown) => (state.error = error),
  );
  return { ticket, state };
}

describe('requests per minute', () => {
  it('lets the budget through at once, then queues until the oldest start has left the minute', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter({ requestsPerMinute: 2 }, clock);
    const first = start(limiter);
    const second = start(limiter);
    const third = start(limiter);
    await flush();
    expect(first.ticket.queued).toBeNull();
    expect(second.ticket.queued).toBeNull();
    // A minute, and a margin for the time a request takes to reach the server.
    expect(third.ticket.queued).toEqual({ reason: 'requests', waitMs: 60_250 });
    expect(third.state.lease).toBeNull();
    await clock.advance(60_249);
    expect(third.state.lease).toBeNull();
    await clock.advance(1);
    expect(third.state.lease).not.toBeNull();
  });

  it('never lets more than the budget start in any 60 seconds, whatever the pattern', async () => {
    const clock = new ManualClock();
    const perMinute = 5;
    const limiter = new ProviderLimiter({ requestsPerMinute: perMinute }, clock);
    const starts: number[] = [];
    const record = (ticket: ReturnType<typeof start>) =>
      ticket.ticket.lease.then((lease) => {
        starts.push(clock.now());
        lease.release();
      });
    // A burst, a quiet 40 s, a steady trickle, another burst: a deep token bucket would let twice
    // the budget through in the minute after the quiet time.
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) pending.push(record(start(limiter)));
    await flush();
    await clock.advance(40_000);
    for (let step = 0; step < 12; step++) {
      pending.push(record(start(limiter)));
      await flush();
      await clock.advance(7_000);
    }
    for (let i = 0; i < 8; i++) pending.push(record(start(limiter)));
    for (let step = 0; step < 400; step++) await clock.advance(1_000);
    await Promise.all(pending);
    expect(starts).toHaveLength(25);
    for (let i = 0; i + perMinute < starts.length; i++)
      expect(starts[i + perMinute]! - starts[i]!).toBeGreaterThanOrEqual(60_000);
  });
});

describe('tokens per minute', () => {
  it('waits until enough tokens have refilled, and charges the real count on release', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter({ tokensPerMinute: 1000 }, clock);
    expect(limiter.countsTokens).toBe(true);
    const big = start(limiter, 900);
    await flush();
    expect(big.state.lease).not.toBeNull();
    // The request really used 300 tokens: 600 come back.
    big.state.lease!.release(300);
    const next = start(limiter, 600);
    await flush();
    expect(next.ticket.queued).toBeNull();
    const over = start(limiter, 500);
    await flush();
    // 100 - 600 + ... : level is 100 after the 600; 400 more take 24 s.
    expect(over.ticket.queued).toEqual({ reason: 'tokens', waitMs: 24_000 });
    await clock.advance(24_000);
    expect(over.state.lease).not.toBeNull();
  });

  it('never waits forever for a request larger than the whole budget', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter({ tokensPerMinute: 100 }, clock);
    const huge = start(limiter, 5000);
    await flush();
    expect(huge.state.lease).not.toBeNull();
  });
});

describe('concurrency', () => {
  it('holds requests beyond the cap until one finishes, first come first served', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter({ maxConcurrent: 1 }, clock);
    const a = start(limiter);
    const b = start(limiter);
    const c = start(limiter);
    await flush();
    expect(b.ticket.queued).toEqual({ reason: 'concurrency' });
    expect([a.state.lease !== null, b.state.lease !== null, c.state.lease !== null]).toEqual([
      true,
      false,
      false,
    ]);
    a.state.lease!.release();
    a.state.lease!.release(); // a second release changes nothing
    await flush();
    expect([b.state.lease !== null, c.state.lease !== null]).toEqual([true, false]);
    b.state.lease!.release();
    await flush();
    expect(c.state.lease).not.toBeNull();
    expect(limiter.active).toBe(1);
  });

  it('drops a waiter whose request is aborted, and lets the next one in', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter({ maxConcurrent: 1 }, clock);
    const a = start(limiter);
    const controller = new AbortController();
    const b = start(limiter, 0, controller.signal);
    const c = start(limiter);
    await flush();
    controller.abort();
    await flush();
    expect(b.state.error).toBeTruthy();
    expect(limiter.waiting).toBe(1);
    a.state.lease!.release();
    await flush();
    expect(c.state.lease).not.toBeNull();
  });
});

describe('server rate-limit headers', () => {
  it('holds requests when the server says the request budget is spent, until its reset', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter(undefined, clock);
    limiter.observe({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s' });
    const held = start(limiter);
    await flush();
    expect(held.ticket.queued).toEqual({ reason: 'requests', waitMs: 1500 });
    await clock.advance(1500);
    expect(held.state.lease).not.toBeNull();
  });

  it('counts down what the server said is left', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter(undefined, clock);
    limiter.observe({
      'anthropic-ratelimit-requests-remaining': '1',
      'anthropic-ratelimit-requests-reset': new Date(60_000).toISOString(),
    });
    const first = start(limiter);
    const second = start(limiter);
    await flush();
    expect(first.state.lease).not.toBeNull();
    expect(second.ticket.queued).toEqual({ reason: 'requests', waitMs: 60_000 });
  });

  it('lowers a configured bucket to what the server reports', async () => {
    const clock = new ManualClock();
    const limiter = new ProviderLimiter({ tokensPerMinute: 10_000 }, clock);
    limiter.observe({ 'x-ratelimit-remaining-tokens': '100', 'x-ratelimit-reset-tokens': '6m0s' });
    const request = start(limiter, 400);
    await flush();
    expect(request.ticket.queued?.reason).toBe('tokens');
  });
});

describe('reset formats', () => {
  it('reads OpenAI durations, seconds and RFC 3339 times', () => {
    expect(parseResetMs('6m0s', 0)).toBe(360_000);
    expect(parseResetMs('20ms', 0)).toBe(20);
    expect(parseResetMs('1h2m3.5s', 0)).toBe(3_723_500);
    expect(parseResetMs('2', 0)).toBe(2000);
    expect(parseResetMs('1970-01-01T00:00:05Z', 1000)).toBe(4000);
    expect(parseResetMs('whenever', 0)).toBeUndefined();
  });
});

describe('one limiter per provider', () => {
  it('shares budgets across requests to the same provider and applies changed settings', async () => {
    const clock = new ManualClock();
    const registry = new LimiterRegistry(clock);
    const limiter = registry.for('p1', { maxConcurrent: 1 });
    expect(registry.for('p1', { maxConcurrent: 1 })).toBe(limiter);
    expect(registry.for('p2', { maxConcurrent: 1 })).not.toBe(limiter);
    const a = start(limiter);
    const b = start(limiter);
    await flush();
    expect(b.state.lease).toBeNull();
    registry.for('p1', { maxConcurrent: 2 });
    await flush();
    expect(a.state.lease).not.toBeNull();
    expect(b.state.lease).not.toBeNull();
  });
});
