import './usage.css';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsageQuery } from '../../../../shared/usage.ts';
import { useAssistants, useSettings } from '../../state/app-state.ts';
import type { CustomDates, RangeKind } from '../../lib/usage-range.ts';
import { dayOf, fillDays, rangeOf } from '../../lib/usage-range.ts';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { Modal } from '../Modal.tsx';
import { RangePicker } from './RangePicker.tsx';
import { UsageCharts } from './UsageCharts.tsx';
import { UsageTable } from './UsageTable.tsx';
import { UsageTotals } from './UsageTotals.tsx';
import { useUsageSummary } from './use-usage.ts';

interface Filters {
  providerId: string;
  model: string;
  assistantId: string;
}

/** Usage and performance per model for a time range and filters: totals, two charts, a table. */
export function UsageView({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const assistants = useAssistants();
  const [kind, setKind] = useState<RangeKind>('week');
  // The time the range counts back from: set when a range is chosen, so the query stays equal between.
  const [now, setNow] = useState(() => Date.now());
  const [custom, setCustom] = useState<CustomDates>(() => {
    const today = dayOf(Date.now());
    return { from: today, to: today };
  });
  const chooseRange = useCallback((next: RangeKind) => {
    setKind(next);
    setNow(Date.now());
  }, []);
  const [filters, setFilters] = useState<Filters>({ providerId: '', model: '', assistantId: '' });
  const range = useMemo(() => rangeOf(kind, now, custom), [kind, now, custom]);
  const query = useMemo<UsageQuery | null>(() => {
    if ('error' in range) return null;
    return {
      since: range.since,
      until: range.until,
      ...(filters.providerId && { providerId: filters.providerId }),
      ...(filters.model && { model: filters.model }),
      ...(filters.assistantId && { assistantId: filters.assistantId }),
    };
  }, [range, filters]);
  const state = useUsageSummary(query);
  const summary = state.summary;
  const days = useMemo(
    () => (summary ? fillDays(summary.days, summary.since, summary.until) : []),
    [summary],
  );

  const providerName = useCallback(
    (id: string) => settings?.providers.find((p) => p.id === id)?.name ?? id,
    [settings],
  );
  // Models to filter by: the chosen provider's (or every provider's), and any the figures name.
  const modelChoices = useMemo(() => {
    const names = new Set<string>();
    for (const p of settings?.providers ?? []) {
      if (!filters.providerId || p.id === filters.providerId) p.models.forEach((m) => names.add(m));
    }
    summary?.models.forEach((m) => names.add(m.model));
    if (filters.model) names.add(filters.model);
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [settings, summary, filters.providerId, filters.model]);
  const providerChoices = useMemo(() => {
    const ids = new Set((settings?.providers ?? []).map((p) => p.id));
    summary?.models.forEach((m) => ids.add(m.provider));
    return [...ids];
  }, [settings, summary]);

  const filtered = !!(filters.providerId || filters.model || filters.assistantId);
  const setFilter = (name: keyof Filters, value: string) => setFilters((f) => ({ ...f, [name]: value }));

  return (
    <Modal className="usage-dialog" labelledBy="usage-title" onClose={onClose}>
      <div className="usage-head">
        <h2 id="usage-title">{t('usage.title')}</h2>
        <DialogCloseButton className="icon-button" label={t('usage.close')} onClose={onClose} />
      </div>
      <div className="usage-toolbar">
        <RangePicker value={kind} onChange={chooseRange} />
        {kind === 'custom' && (
          <div className="usage-dates">
            {(['from', 'to'] as const).map((end) => (
              <label key={end}>
                {t(`usage.${end}`)}
                <input
                  type="date"
                  value={custom[end]}
                  onChange={(e) => setCustom((c) => ({ ...c, [end]: e.target.value }))}
                />
              </label>
            ))}
          </div>
        )}
        <div className="usage-filters" role="group" aria-label={t('usage.filters')}>
          <select
            aria-label={t('usage.provider')}
            value={filters.providerId}
            onChange={(e) => setFilters({ ...filters, providerId: e.target.value, model: '' })}
          >
            <option value="">{t('usage.allProviders')}</option>
            {providerChoices.map((id) => (
              <option key={id} value={id}>
                {providerName(id)}
              </option>
            ))}
          </select>
          <select
            aria-label={t('usage.model')}
            value={filters.model}
            onChange={(e) => setFilter('model', e.target.value)}
          >
            <option value="">{t('usage.allModels')}</option>
            {modelChoices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          {(assistants?.length ?? 0) > 0 && (
            <select
              aria-label={t('usage.assistant')}
              value={filters.assistantId}
              onChange={(e) => setFilter('assistantId', e.target.value)}
            >
              <option value="">{t('usage.allAssistants')}</option>
              {assistants!.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </div>
      </div>
      <div className="usage-body" aria-busy={state.status === 'loading'}>
        {'error' in range ? (
          <p className="feedback error" role="alert">
            {t('usage.badRange')}
          </p>
        ) : state.status === 'failed' ? (
          <p className="feedback error" role="alert">
            {t('usage.failed', { message: state.message })}
          </p>
        ) : !summary ? (
          <p className="muted">{t('usage.loading')}</p>
        ) : summary.models.length === 0 ? (
          <p className="usage-empty">{t(filtered ? 'usage.emptyFiltered' : 'usage.empty')}</p>
        ) : (
          <>
            <UsageTotals models={summary.models} />
            <UsageCharts days={days} />
            <UsageTable models={summary.models} providerName={providerName} />
          </>
        )}
      </div>
    </Modal>
  );
}
