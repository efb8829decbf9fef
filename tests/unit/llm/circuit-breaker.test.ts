import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  defaultBreakerSettings,
  type BreakerOutcome,
  type BreakerPass,
} from '../../../src/main/core/llm/circuit-breaker.ts';
import { checkSeeds } from '../../fixtures/import-fuzz.ts';

const failure: BreakerOutcome = { ok: false, code: 'server_error' };
const success: BreakerOutcome = { ok: true };
const closedPass: BreakerPass = { probe: null };

/** A breaker with its clock in the test's hands, counting its change notices. */
function breaker() {
  let changes = 0;
  const b = new CircuitBreaker(defaultBreakerSettings, () => changes++);
  return { b, changes: () => changes };
}

function fail(b: CircuitBreaker, times: number, now: number) {
  for (let i = 0; i < times; i++) b.record(failure, now, closedPass);
}

describe('circuit breaker', () => {
  it('opens after five failures in a row, for 30 s, and says why', () => {
    const { b, changes } = breaker();
    fail(b, 4, 1000);
    expect(b.view(1000)).toEqual({ state: 'closed' });
    expect(b.enter(1000)).toEqual({ probe: null });
    fail(b, 1, 1000);
    expect(b.view(1000)).toEqual({
      state: 'open',
      until: 31_000,
      reason: 'failures-in-a-row',
      lastError: 'server_error',
    });
    expect(changes()).toBe(1);
    expect(b.admits(30_999)).toBe(false);
    expect(b.enter(30_999)).toBeNull();
  });

  it('a success in between starts the count again', () => {
    const { b } = breaker();
    fail(b, 4, 0);
    b.record(success, 0, closedPass);
    fail(b, 4, 0);
    expect(b.view(0).state).toBe('closed');
  });

  it('opens when more than half of the last minute failed, with at least ten attempts', () => {
    const { b } = breaker();
    // S F F S F F S F F S: 6 of 10 failed, never more than two in a row, last one a success.
    for (const ok of [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]) b.record(ok ? success : failure, 5000, closedPass);
    expect(b.view(5000).state).toBe('closed');
    b.record(failure, 5000, closedPass);
    expect(b.view(5000)).toMatchObject({ state: 'open', reason: 'error-rate', until: 35_000 });
  });

  it('forgets attempts older than a minute for the error rate', () => {
    const { b } = breaker();
    for (const ok of [1, 0, 0, 1, 0, 0, 1, 0, 0]) b.record(ok ? success : failure, 0, closedPass);
    // A minute later those nine are gone: two failures out of two attempts is not ten attempts.
    b.record(success, 60_000, closedPass);
    b.record(failure, 60_000, closedPass);
    b.record(failure, 60_000, closedPass);
    expect(b.view(60_000).state).toBe('closed');
  });

  it('after the cool-down lets exactly one probe through; its success closes the breaker', () => {
    const { b } = breaker();
    fail(b, 5, 0);
    expect(b.view(30_000)).toMatchObject({ state: 'half-open', probing: false });
    expect(b.admits(30_000)).toBe(true);
    const probe = b.enter(30_000)!;
    expect(probe.probe).not.toBeNull();
    expect(b.enter(30_000)).toBeNull();
    expect(b.view(30_000)).toMatchObject({ state: 'half-open', probing: true });
    b.record(success, 30_500, probe);
    expect(b.view(30_500)).toEqual({ state: 'closed' });
    // Closed again with a clean count: four failures do not open it.
    fail(b, 4, 31_000);
    expect(b.view(31_000).state).toBe('closed');
  });

  it('a failed probe opens it again for twice the cool-down, at most five minutes', () => {
    const { b } = breaker();
    fail(b, 5, 0);
    let now = 0;
    const coolDowns: number[] = [];
    for (let i = 0; i < 6; i++) {
      const view = b.view(now);
      if (view.state !== 'open') throw new Error('expected open');
      coolDowns.push(view.until - now);
      now = view.until;
      b.record(failure, now, b.enter(now)!);
    }
    expect(coolDowns).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it('only the probe speaks for an open model', () => {
    const { b } = breaker();
    fail(b, 5, 0);
    // An answer to a request sent before it opened does not close it.
    b.record(success, 1000, closedPass);
    expect(b.view(1000).state).toBe('open');
    const probe = b.enter(30_000)!;
    b.record(success, 30_000, { probe: probe.probe! + 1 });
    expect(b.view(30_000)).toMatchObject({ state: 'half-open', probing: true });
  });

  it('a probe that ends without a verdict (a Stop, a bad key) lets the next request probe', () => {
    const { b } = breaker();
    fail(b, 5, 0);
    const probe = b.enter(30_000)!;
    b.record('ignored', 30_000, probe);
    expect(b.enter(30_000)).toBeNull();
    b.release(probe);
    expect(b.enter(30_000)?.probe).toBe(probe.probe! + 1);
  });

  it('ignored outcomes never count while closed', () => {
    const { b } = breaker();
    for (let i = 0; i < 50; i++) b.record('ignored', 0, closedPass);
    expect(b.view(0).state).toBe('closed');
  });

  it('forced through while open, a request is the probe', () => {
    const { b } = breaker();
    fail(b, 5, 0);
    const forced = b.enter(10, true)!;
    expect(forced.probe).not.toBeNull();
    expect(b.enter(10, true)).toEqual({ probe: null });
    b.record(success, 20, forced);
    expect(b.view(20).state).toBe('closed');
    expect(b.reopensAt(20)).toBe(20);
  });
});

type Op =
  | { kind: 'wait'; ms: number }
  | { kind: 'enter'; force: boolean }
  | { kind: 'outcome'; outcome: BreakerOutcome }
  | { kind: 'release' };

// Failures, waits and requests weigh most, so sequences reach the longest cool-downs.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400_000 }) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('enter' as const), force: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('outcome' as const),
      outcome: fc.constantFrom<BreakerOutcome>(failure, { ok: false, code: 'timeout' }, success, 'ignored'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const) }) },
);

describe('circuit breaker, any sequence of requests and outcomes', () => {
  it('keeps its promises', async () => {
    await checkSeeds(
      'circuit-breaker',
      fc.property(fc.array(opArb, { minLength: 60, maxLength: 200 }), (ops) => {
        const b = new CircuitBreaker();
        let now = 0;
        const passes: BreakerPass[] = [];
        for (const op of ops) {
          const before = b.view(now);
          if (op.kind === 'wait') now += op.ms;
          else if (op.kind === 'enter') {
            const pass = b.enter(now, op.force);
            // Closed never refuses, forced never refuses; open before its time always does.
            if (before.state === 'closed' || op.force) expect(pass).not.toBeNull();
            if (before.state === 'open' && !op.force) expect(pass).toBeNull();
            if (before.state === 'half-open' && before.probing && !op.force) expect(pass).toBeNull();
            if (pass) passes.push(pass);
          } else if (op.kind === 'outcome') {
            b.record(op.outcome, now, passes.at(-1) ?? { probe: null });
            const after = b.view(now);
            // Only a counted failure opens it; only a success closes it.
            if (before.state === 'closed' && after.state !== 'closed')
              expect(op.outcome !== 'ignored' && !op.outcome.ok).toBe(true);
            if (before.state !== 'closed' && after.state === 'closed')
              expect(op.outcome !== 'ignored' && op.outcome.ok).toBe(true);
            if (op.outcome === 'ignored') expect(after).toEqual(before);
          } else {
            const pass = passes.pop();
            if (pass) b.release(pass);
          }
          const view = b.view(now);
          // A cool-down is never longer than five minutes; admits agrees with the state.
          if (view.state === 'open') expect(view.until - now).toBeLessThanOrEqual(300_000);
          expect(b.admits(now)).toBe(
            view.state === 'closed' || (view.state === 'half-open' && !view.probing),
          );
        }
      }),
      300,
      5,
    );
  });
});
