import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelUsage } from '../../../../shared/usage.ts';
import { costText } from '../../lib/cost.ts';
import { successRate } from '../../lib/usage-rows.ts';
import { compactText, countText, percentText } from '../../lib/usage-format.ts';

/** The range's totals over every model shown: requests, success rate, cost, tokens. */
export const UsageTotals = memo(function UsageTotals({ models }: { models: ModelUsage[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  let requests = 0;
  let succeeded = 0;
  let failed = 0;
  let cost = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  for (const m of models) {
    requests += m.requests;
    succeeded += m.succeeded;
    failed += m.failed;
    cost += m.costUsd;
    tokensIn += m.tokensIn;
    tokensOut += m.tokensOut;
  }
  const rate = successRate({ succeeded, failed });
  const cards: [string, string][] = [
    ['requests', countText(requests, language)],
    ['successRate', rate === null ? t('usage.none') : percentText(rate, language)],
    ['cost', costText(cost, language)],
    ['tokens', `${compactText(tokensIn, language)} / ${compactText(tokensOut, language)}`],
  ];
  return (
    <dl className="usage-totals">
      {cards.map(([key, value]) => (
        <div key={key} data-total={key}>
          <dt>{t(`usage.totals.${key}`)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
});
