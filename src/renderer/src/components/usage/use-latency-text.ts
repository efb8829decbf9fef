import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Percentiles } from '../../../../shared/usage.ts';
import { latenciesText, latencyText } from '../../lib/usage-format.ts';

/** A latency in ms as the page's language reads it ("420 ms", "1.25 s"; "420 毫秒"). */
export function useLatencyText(): (ms: number) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (ms: number) => {
      const { unit, value } = latencyText(ms, i18n.language);
      return t(`usage.${unit}`, { value });
    },
    [t, i18n.language],
  );
}

/** p50 / p95 / p99 in one unit ("280 / 612 / 708 ms"); all missing: the dash alone. */
export function usePercentilesText(): (p: Percentiles) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (p: Percentiles) => {
      const none = t('usage.none');
      if (p.p50 === null && p.p95 === null && p.p99 === null) return none;
      const { unit, value } = latenciesText([p.p50, p.p95, p.p99], i18n.language, none);
      return t(`usage.${unit}`, { value });
    },
    [t, i18n.language],
  );
}
