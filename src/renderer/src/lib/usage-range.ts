import type { UsageDay } from '../../../shared/usage.ts';

/**
 * The Usage view's time ranges as whole local days (what the summary counts in), and the list of
 * days a chart draws, with the days that had no request filled in.
 */

export type RangeKind = 'today' | 'week' | 'month' | 'custom';
export const rangeKinds: readonly RangeKind[] = ['today', 'week', 'month', 'custom'];

/** Custom dates as an `<input type="date">` gives them (YYYY-MM-DD, local). */
export interface CustomDates {
  from: string;
  to: string;
}

export type Range = { since: number; until: number } | { error: 'badRange' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a YYYY-MM-DD date, or null when it is not one. */
export function midnightOf(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getMonth() === Number(m[2]) - 1 ? d.getTime() : null;
}

/** YYYY-MM-DD of an epoch-ms time, in local time. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local midnight `days` days after (or before) the one of `ms`. */
function midnightAfter(ms: number, days: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  return d.getTime();
}

/** Today, the last 7 or 30 days (today included), or the custom dates (both included). */
export function rangeOf(kind: RangeKind, now: number, custom: CustomDates): Range {
  if (kind === 'custom') {
    const from = midnightOf(custom.from);
    const to = midnightOf(custom.to);
    if (from === null || to === null || from > to) return { error: 'badRange' };
    return { since: from, until: midnightAfter(to, 1) };
  }
  const back = kind === 'today' ? 0 : kind === 'week' ? 6 : 29;
  return { since: midnightAfter(now, -back), until: midnightAfter(now, 1) };
}

/** Every day of [since, until) in order, each with its figures or zero requests. */
export function fillDays(days: readonly UsageDay[], since: number, until: number): UsageDay[] {
  const known = new Map(days.map((d) => [d.day, d]));
  const all: UsageDay[] = [];
  // Bounded: a custom range of many years still draws at most ten years of days.
  for (let at = midnightAfter(since, 0), i = 0; at < until && i < 3660; at = midnightAfter(at, 1), i++) {
    const day = dayOf(at);
    all.push(known.get(day) ?? { day, requests: 0, costUsd: 0 });
  }
  return all;
}
