import type { ModelUsage } from '../../../shared/usage.ts';

/**
 * The Usage view's table: the derived figures of a model's row (success rate, rating share) and
 * the sort a click on a column header asks for. Pure, so it is tested apart from the page.
 */

export type SortKey =
  | 'model'
  | 'requests'
  | 'successRate'
  | 'errors'
  | 'retries'
  | 'failovers'
  | 'ttft'
  | 'duration'
  | 'speed'
  | 'tokens'
  | 'cost'
  | 'quality';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

export interface UsageRow {
  usage: ModelUsage;
  /** `provider/model`, unique in a summary. */
  id: string;
  /** Completed of those completed or failed (a person's Stop is neither); null when none. */
  successRate: number | null;
  errors: number;
  /** Thumbs up of all thumbs; null when none. */
  liked: number | null;
}

/** Completed of those completed or failed (a person's Stop is neither); null when none. */
export function successRate(figures: { succeeded: number; failed: number }): number | null {
  const settled = figures.succeeded + figures.failed;
  return settled ? figures.succeeded / settled : null;
}

export function rowOf(usage: ModelUsage): UsageRow {
  const rated = usage.quality.up + usage.quality.down;
  return {
    usage,
    id: `${usage.provider}/${usage.model}`,
    successRate: successRate(usage),
    errors: Object.values(usage.errorsByKind).reduce((sum, n) => sum + n, 0),
    liked: rated ? usage.quality.up / rated : null,
  };
}

/** The value a column sorts by (the p95 for the latency columns); null sorts last either way. */
function valueOf(row: UsageRow, key: SortKey): number | string | null {
  const u = row.usage;
  switch (key) {
    case 'model':
      return u.model.toLowerCase();
    case 'requests':
      return u.requests;
    case 'successRate':
      return row.successRate;
    case 'errors':
      return row.errors;
    case 'retries':
      return u.retries;
    case 'failovers':
      return u.failovers;
    case 'ttft':
      return u.ttftMs.p95;
    case 'duration':
      return u.durationMs.p95;
    case 'speed':
      return u.tokensPerSecond;
    case 'tokens':
      return u.tokensIn + u.tokensOut;
    case 'cost':
      return u.costUsd;
    case 'quality':
      return row.liked;
  }
}

/** A sorted copy; ties keep the summary's order (busiest first). */
export function sortRows(rows: readonly UsageRow[], sort: Sort): UsageRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, sort.key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      }
      const order =
        typeof a.value === 'string' ? a.value.localeCompare(String(b.value)) : a.value - Number(b.value);
      return order * sign || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** A click on a header: the same column flips its direction, another starts with its natural one. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: key === 'model' ? 'ascending' : 'descending' };
}
