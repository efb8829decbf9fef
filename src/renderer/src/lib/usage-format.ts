/**
 * Figures of the Usage view in the page's language: counts, shares, latencies and tokens per
 * second. A missing figure reads as a dash (the caller's `none`).
 */

export function countText(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** 0.9567 → "95.7%" (one decimal, none for 0 and 1). */
export function percentText(share: number, language: string): string {
  return new Intl.NumberFormat(language, {
    style: 'percent',
    maximumFractionDigits: share === 0 || share === 1 ? 0 : 1,
  }).format(share);
}

/**
 * Three latencies in one unit, for a table cell: ms when all are under a second, else seconds
 * ("280 / 612 / 708", "ms"; "0.42 / 1.10 / 2.91", "seconds"); a missing one reads as `none`.
 */
export function latenciesText(
  values: readonly (number | null)[],
  language: string,
  none: string,
): { unit: 'ms' | 'seconds'; value: string } {
  const known = values.filter((v): v is number => v !== null);
  const unit = known.some((v) => v >= 1000) ? 'seconds' : 'ms';
  const format = new Intl.NumberFormat(
    language,
    unit === 'ms' ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
  );
  const value = values
    .map((v) => (v === null ? none : format.format(unit === 'ms' ? Math.round(v) : v / 1000)))
    .join(' / ');
  return { unit, value };
}

/** One latency: whole milliseconds under a second, else seconds with two decimals. */
export function latencyText(ms: number, language: string): { unit: 'ms' | 'seconds'; value: string } {
  return latenciesText([ms], language, '');
}

/** Tokens per second, one decimal. */
export function speedText(perSecond: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(perSecond);
}

/** Compact token counts for tight places, three digits at most (1.2K, 841K, 3.4M; 1.2万 in Chinese). */
export function compactText(n: number, language: string): string {
  return new Intl.NumberFormat(language, { notation: 'compact', maximumSignificantDigits: 3 }).format(n);
}
