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

/** A latency: whole milliseconds under a second, else seconds with two decimals. */
export function latencyText(ms: number, language: string): { unit: 'ms' | 'seconds'; value: string } {
  if (ms < 1000) return { unit: 'ms', value: new Intl.NumberFormat(language).format(Math.round(ms)) };
  return {
    unit: 'seconds',
    value: new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      ms / 1000,
    ),
  };
}

/** Tokens per second, one decimal. */
export function speedText(perSecond: number, language: string): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(perSecond);
}

/** Compact token counts for tight places (1.2K, 3.4M; 1.2万 in Chinese). */
export function compactText(n: number, language: string): string {
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}
