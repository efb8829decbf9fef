import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelUsage } from '../../../src/shared/usage.ts';
import { emptyModelUsage } from '../../../src/shared/usage.ts';
import type { StoredMessage } from '../../../src/shared/history.ts';
import { dayOf, fillDays, midnightOf, rangeOf } from '../../../src/renderer/src/lib/usage-range.ts';
import { nextSort, rowOf, sortRows, successRate } from '../../../src/renderer/src/lib/usage-rows.ts';
import type { SortKey } from '../../../src/renderer/src/lib/usage-rows.ts';
import { latenciesText, latencyText, percentText } from '../../../src/renderer/src/lib/usage-format.ts';
import { spendOf } from '../../../src/renderer/src/lib/conversation-spend.ts';

/** The Usage view's pure parts: ranges of whole local days, the table's figures and sort, formats. */

describe('ranges', () => {
  const now = new Date(2026, 4, 20, 15, 30).getTime();

  it('counts back whole local days, today included', () => {
    expect(rangeOf('today', now, { from: '', to: '' })).toEqual({
      since: new Date(2026, 4, 20).getTime(),
      until: new Date(2026, 4, 21).getTime(),
    });
    expect(rangeOf('week', now, { from: '', to: '' })).toMatchObject({
      since: new Date(2026, 4, 14).getTime(),
    });
    expect(rangeOf('month', now, { from: '', to: '' })).toMatchObject({
      since: new Date(2026, 3, 21).getTime(),
    });
  });

  it('takes custom dates, both days included, and refuses a start after the end or a non-date', () => {
    expect(rangeOf('custom', now, { from: '2026-02-27', to: '2026-03-01' })).toEqual({
      since: new Date(2026, 1, 27).getTime(),
      until: new Date(2026, 2, 2).getTime(),
    });
    expect(rangeOf('custom', now, { from: '2026-03-02', to: '2026-03-01' })).toEqual({ error: 'badRange' });
    expect(rangeOf('custom', now, { from: '', to: '2026-03-01' })).toEqual({ error: 'badRange' });
    expect(midnightOf('2026-02-30')).toBeNull();
  });

  it('fills the days without requests, in order', () => {
    const range = rangeOf('week', now, { from: '', to: '' }) as { since: number; until: number };
    const days = fillDays([{ day: '2026-05-16', requests: 3, costUsd: 0.5 }], range.since, range.until);
    expect(days.map((d) => d.day)).toEqual([
      '2026-05-14',
      '2026-05-15',
      '2026-05-16',
      '2026-05-17',
      '2026-05-18',
      '2026-05-19',
      '2026-05-20',
    ]);
    expect(days[2]).toEqual({ day: '2026-05-16', requests: 3, costUsd: 0.5 });
    expect(days[0]).toEqual({ day: '2026-05-14', requests: 0, costUsd: 0 });
    expect(dayOf(range.since)).toBe('2026-05-14');
  });
});

function usage(model: string, over: Partial<ModelUsage> = {}): ModelUsage {
  return { ...emptyModelUsage('p', model), ...over };
}

describe('the table', () => {
  it('derives the success rate (stopped requests left out), errors and the liked share', () => {
    const row = rowOf(
      usage('a', {
        requests: 10,
        succeeded: 6,
        failed: 2,
        errorsByKind: { timeout: 1, rate_limited: 1 },
        quality: { up: 3, down: 1 },
      }),
    );
    expect(row).toMatchObject({ id: 'p/a', successRate: 0.75, errors: 2, liked: 0.75 });
    expect(rowOf(usage('b', { requests: 2 }))).toMatchObject({ successRate: null, liked: null });
    expect(successRate({ succeeded: 0, failed: 3 })).toBe(0);
  });

  it('sorts by a column either way, the missing figures last, ties in the summary’s order', () => {
    const rows = [
      usage('b', { costUsd: 2, ttftMs: { p50: 1, p95: 300, p99: 1 } }),
      usage('A', { costUsd: 1 }),
      usage('c', { costUsd: 2, ttftMs: { p50: 1, p95: 100, p99: 1 } }),
    ].map(rowOf);
    const ids = (key: SortKey, direction: 'ascending' | 'descending') =>
      sortRows(rows, { key, direction }).map((r) => r.usage.model);
    expect(ids('cost', 'descending')).toEqual(['b', 'c', 'A']);
    expect(ids('cost', 'ascending')).toEqual(['A', 'b', 'c']);
    expect(ids('ttft', 'ascending')).toEqual(['c', 'b', 'A']);
    expect(ids('ttft', 'descending')).toEqual(['b', 'c', 'A']);
    expect(ids('model', 'ascending')).toEqual(['A', 'b', 'c']);
  });

  it('a sort is a permutation, ordered by its key, for any figures', () => {
    const random = Number(process.env.PARLEY_FUZZ_SEED ?? Date.now() % 2 ** 31);
    console.log(
      `usage table sort: fixed seed 20261202, random seed ${random} (replay with PARLEY_FUZZ_SEED=${random})`,
    );
    const figures = fc.record({
      requests: fc.nat(1000),
      costUsd: fc.double({ min: 0, max: 100, noNaN: true }),
      p95: fc.option(fc.nat(10_000), { nil: null }),
    });
    const property = fc.property(fc.array(figures, { maxLength: 30 }), fc.boolean(), (list, up) => {
      const rows = list.map((f, i) =>
        rowOf(usage(`m${i}`, { ...f, ttftMs: { p50: null, p95: f.p95, p99: null } })),
      );
      const sorted = sortRows(rows, { key: 'ttft', direction: up ? 'ascending' : 'descending' });
      expect(new Set(sorted.map((r) => r.id))).toEqual(new Set(rows.map((r) => r.id)));
      const values = sorted.map((r) => r.usage.ttftMs.p95);
      const known = values.filter((v) => v !== null);
      expect(values.slice(0, known.length)).toEqual(known);
      for (let i = 1; i < known.length; i++) {
        expect(up ? known[i]! >= known[i - 1]! : known[i]! <= known[i - 1]!).toBe(true);
      }
    });
    for (const seed of [20261202, random]) fc.assert(property, { seed, numRuns: 150 });
  });

  it('a click on the sorted column flips it; another column starts from its natural direction', () => {
    expect(nextSort({ key: 'cost', direction: 'descending' }, 'cost')).toEqual({
      key: 'cost',
      direction: 'ascending',
    });
    expect(nextSort({ key: 'cost', direction: 'ascending' }, 'requests')).toEqual({
      key: 'requests',
      direction: 'descending',
    });
    expect(nextSort({ key: 'cost', direction: 'ascending' }, 'model')).toEqual({
      key: 'model',
      direction: 'ascending',
    });
  });
});

describe('formats', () => {
  it('reads latencies in ms under a second, seconds above; shares as percentages', () => {
    expect(latencyText(420.4, 'en')).toEqual({ unit: 'ms', value: '420' });
    expect(latencyText(1254, 'en')).toEqual({ unit: 'seconds', value: '1.25' });
    expect(latencyText(12_345, 'zh-CN')).toEqual({ unit: 'seconds', value: '12.35' });
    expect(percentText(0.9567, 'en')).toBe('95.7%');
    expect(percentText(1, 'en')).toBe('100%');
  });
});

describe('a conversation’s spend', () => {
  const answer = (over: Partial<StoredMessage>): StoredMessage =>
    ({ role: 'assistant', usage: null, costUsd: null, ...over }) as StoredMessage;

  it('sums the answers’ tokens and costs, branches included; questions and unknown costs add nothing', () => {
    const usageOf = (inputTokens: number, outputTokens: number) => ({
      inputTokens,
      outputTokens,
      estimated: false,
    });
    expect(
      spendOf([
        answer({ usage: usageOf(100, 20), costUsd: 0.001 }),
        answer({ usage: usageOf(300, 40), costUsd: null }),
        answer({ usage: usageOf(50, 5), costUsd: 0.002 }),
        answer({ role: 'user', usage: usageOf(999, 999), costUsd: 9 }),
        answer({}),
      ]),
    ).toEqual({ tokensIn: 450, tokensOut: 65, costUsd: 0.003, answers: 3 });
    expect(spendOf([answer({ usage: usageOf(1, 1) })]).costUsd).toBeNull();
  });
});

it('shows a cell’s three latencies in one unit, seconds once one reaches a second', () => {
  expect(latenciesText([280.2, 612, 708], 'en', '—')).toEqual({ unit: 'ms', value: '280 / 612 / 708' });
  expect(latenciesText([420, 1100, null], 'en', '—')).toEqual({ unit: 'seconds', value: '0.42 / 1.10 / —' });
});
