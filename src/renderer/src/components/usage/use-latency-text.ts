import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { latencyText } from '../../lib/usage-format.ts';

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
