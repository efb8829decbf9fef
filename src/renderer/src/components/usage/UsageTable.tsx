import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelUsage } from '../../../../shared/usage.ts';
import { costText } from '../../lib/cost.ts';
import { compactText, countText, percentText, speedText } from '../../lib/usage-format.ts';
import type { Sort, SortKey, UsageRow } from '../../lib/usage-rows.ts';
import { nextSort, rowOf, sortRows } from '../../lib/usage-rows.ts';
import { usePercentilesText } from './use-latency-text.ts';

const COLUMNS: SortKey[] = [
  'model',
  'requests',
  'successRate',
  'errors',
  'retries',
  'failovers',
  'ttft',
  'duration',
  'speed',
  'tokens',
  'cost',
  'quality',
];

/** The per-model table; a click on a header sorts by it (again: the other way), `aria-sort` says how. */
export const UsageTable = memo(function UsageTable({
  models,
  providerName,
}: {
  models: ModelUsage[];
  providerName(id: string): string;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<Sort>({ key: 'requests', direction: 'descending' });
  const rows = useMemo(() => sortRows(models.map(rowOf), sort), [models, sort]);
  const hint: Partial<Record<SortKey, string>> = {
    successRate: t('usage.table.successHint'),
    quality: t('usage.table.qualityHint'),
  };
  return (
    <div className="usage-table-wrap">
      <table className="usage-table" aria-label={t('usage.table.label')}>
        <thead>
          <tr>
            {COLUMNS.map((key) => {
              const name = t(`usage.table.${key}`);
              return (
                <th
                  key={key}
                  scope="col"
                  aria-sort={sort.key === key ? sort.direction : undefined}
                  className={key === 'model' ? 'text' : undefined}
                >
                  <button
                    type="button"
                    title={hint[key] ?? t('usage.table.sortBy', { column: name })}
                    onClick={() => setSort((current) => nextSort(current, key))}
                  >
                    {name}
                    <span className="sort-mark" aria-hidden="true">
                      {sort.key === key ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <UsageTableRow key={row.id} row={row} providerName={providerName} />
          ))}
        </tbody>
      </table>
    </div>
  );
});

function UsageTableRow({ row, providerName }: { row: UsageRow; providerName(id: string): string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const three = usePercentilesText();
  const u = row.usage;
  const none = t('usage.none');
  const errors = Object.entries(u.errorsByKind).sort((a, b) => b[1] - a[1]);
  return (
    <tr>
      <th scope="row" className="text">
        <span className="usage-model">{u.model}</span>
        <span className="usage-provider">{providerName(u.provider)}</span>
      </th>
      <td>{countText(u.requests, language)}</td>
      <td>{row.successRate === null ? none : percentText(row.successRate, language)}</td>
      <td className={row.errors ? 'usage-errors' : 'muted'}>
        {errors.length === 0
          ? t('usage.noErrors')
          : errors.map(([kind, n]) => (
              <span key={kind} className="usage-error">
                {t(`usage.errorKinds.${i18n.exists(`usage.errorKinds.${kind}`) ? kind : 'other'}`)}{' '}
                {countText(n, language)}
              </span>
            ))}
      </td>
      <td>{countText(u.retries, language)}</td>
      <td>{countText(u.failovers, language)}</td>
      <td>{three(u.ttftMs)}</td>
      <td>{three(u.durationMs)}</td>
      <td>{u.tokensPerSecond === null ? none : speedText(u.tokensPerSecond, language)}</td>
      <td title={`${countText(u.tokensIn, language)} / ${countText(u.tokensOut, language)}`}>
        {compactText(u.tokensIn, language)} / {compactText(u.tokensOut, language)}
      </td>
      <td>{costText(u.costUsd, language)}</td>
      <td>
        {t('usage.quality', { up: u.quality.up, down: u.quality.down })}
        {row.liked !== null && (
          <span className="usage-share">{t('usage.share', { value: percentText(row.liked, language) })}</span>
        )}
      </td>
    </tr>
  );
}
