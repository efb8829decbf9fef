import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import type { UsageDay } from '../../../../shared/usage.ts';
import { costText } from '../../lib/cost.ts';
import { countText } from '../../lib/usage-format.ts';
import { midnightOf } from '../../lib/usage-range.ts';
import type { ChartTheme } from './UPlotChart.tsx';
import { UPlotChart } from './UPlotChart.tsx';
import { useLatencyText } from './use-latency-text.ts';
import { axis, bars, dayAxis, dayScale } from './chart-parts.ts';

/** The Usage view's two charts: cost and requests by day, and time to first token by day. */
export const UsageCharts = memo(function UsageCharts({ days }: { days: UsageDay[] }) {
  return (
    <div className="usage-charts">
      <CostChart days={days} />
      <LatencyChart days={days} />
    </div>
  );
});

const secondsOf = (days: UsageDay[]) => days.map((d) => (midnightOf(d.day) ?? 0) / 1000);

/** The day under the cursor, else the last one. */
function useShown(days: UsageDay[]): [UsageDay | undefined, (index: number | null) => void] {
  const [hovered, setHovered] = useState<number | null>(null);
  const onHover = useCallback((index: number | null) => setHovered(index), []);
  // A range switched under the cursor may leave the index past the end: the last day then.
  return [(hovered === null ? undefined : days[hovered]) ?? days.at(-1), onHover];
}

function DayLegend({ day, children }: { day: UsageDay | undefined; children: React.ReactNode }) {
  const { i18n } = useTranslation();
  if (!day) return null;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
    midnightOf(day.day) ?? 0,
  );
  return (
    <p className="usage-chart-legend" aria-live="polite">
      <strong>{date}</strong> {children}
    </p>
  );
}

function CostChart({ days }: { days: UsageDay[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const data = useMemo<uPlot.AlignedData>(
    () => [secondsOf(days), days.map((d) => d.requests), days.map((d) => d.costUsd)],
    [days],
  );
  const options = useCallback(
    (theme: ChartTheme, size: { width: number; height: number }): uPlot.Options => ({
      ...size,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      scales: { x: dayScale, n: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, usd: {} },
      axes: [
        dayAxis(theme, language),
        axis(theme, 'n', (v) => countText(v, language)),
        { ...axis(theme, 'usd', (v) => costText(v, language)), side: 1, grid: { show: false } },
      ],
      series: [
        {},
        {
          label: t('usage.charts.requests'),
          scale: 'n',
          stroke: theme.accent,
          fill: theme.accentSoft,
          paths: bars,
          points: { show: false },
        },
        { label: t('usage.charts.cost'), scale: 'usd', stroke: theme.ok, width: 2, points: { size: 5 } },
      ],
    }),
    [t, language],
  );
  const [day, onHover] = useShown(days);
  return (
    <figure className="usage-chart">
      <figcaption>{t('usage.charts.costRequests')}</figcaption>
      <UPlotChart options={options} data={data} onHover={onHover} label={t('usage.charts.costRequests')} />
      <DayLegend day={day}>
        <span className="swatch requests" /> {t('usage.charts.requests')}{' '}
        {countText(day?.requests ?? 0, language)} <span className="swatch cost" /> {t('usage.charts.cost')}{' '}
        {costText(day?.costUsd ?? 0, language)}
      </DayLegend>
    </figure>
  );
}

function LatencyChart({ days }: { days: UsageDay[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const latency = useLatencyText();
  const data = useMemo<uPlot.AlignedData>(
    () => [
      secondsOf(days),
      days.map((d) => d.ttftMs?.p50 ?? null),
      days.map((d) => d.ttftMs?.p95 ?? null),
      days.map((d) => d.ttftMs?.p99 ?? null),
    ],
    [days],
  );
  const options = useCallback(
    (theme: ChartTheme, size: { width: number; height: number }): uPlot.Options => {
      const line = (label: string, stroke: string): uPlot.Series => ({
        label,
        scale: 'ms',
        stroke,
        width: 2,
        points: { size: 5 },
        spanGaps: false,
      });
      return {
        ...size,
        legend: { show: false },
        cursor: { points: { size: 7 }, drag: { x: false, y: false } },
        scales: { x: dayScale, ms: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
        axes: [dayAxis(theme, language), axis(theme, 'ms', latency)],
        series: [{}, line('p50', theme.ok), line('p95', theme.warn), line('p99', theme.danger)],
      };
    },
    [language, latency],
  );
  const [day, onHover] = useShown(days);
  const figure = (value: number | null | undefined) => (value == null ? t('usage.none') : latency(value));
  return (
    <figure className="usage-chart">
      <figcaption>{t('usage.charts.latency')}</figcaption>
      <UPlotChart options={options} data={data} onHover={onHover} label={t('usage.charts.latency')} />
      <DayLegend day={day}>
        {day?.ttftMs ? (
          <>
            <span className="swatch p50" /> p50 {figure(day.ttftMs.p50)} <span className="swatch p95" /> p95{' '}
            {figure(day.ttftMs.p95)} <span className="swatch p99" /> p99 {figure(day.ttftMs.p99)}
          </>
        ) : (
          t('usage.charts.noLatency')
        )}
      </DayLegend>
    </figure>
  );
}
