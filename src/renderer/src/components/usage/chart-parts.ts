import uPlot from 'uplot';
import type { ChartTheme } from './UPlotChart.tsx';

/** Pieces the Usage view's charts share: the day axis and scale, a themed value axis, bars. */

const HALF_DAY = 43_200;

/** One day's width of room on each side, so one day (Today) or a bar at the ends still shows. */
export const dayScale: uPlot.Scale = {
  time: true,
  // From the data itself: uPlot widens a single point's range on its own, off-centre.
  range: (u, min, max) => {
    const xs = u.data[0] as number[];
    return xs.length ? [xs[0]! - HALF_DAY, xs.at(-1)! + HALF_DAY] : [min, max];
  },
};

export function dayAxis(theme: ChartTheme, language: string): uPlot.Axis {
  const format = new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric' });
  return {
    stroke: theme.muted,
    size: 30,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    // Whole days only (splits fall on local midnights in the range).
    splits: (u) => {
      const xs = (u.data[0] as number[]) ?? [];
      const step = Math.max(1, Math.ceil(xs.length / 8));
      return xs.filter((_, i) => i % step === 0);
    },
    values: (_u, splits) => splits.map((s) => format.format(s * 1000)),
  };
}

export function axis(theme: ChartTheme, scale: string, text: (value: number) => string): uPlot.Axis {
  return {
    scale,
    stroke: theme.muted,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { show: false },
    size: 64,
    values: (_u, splits) => splits.map(text),
  };
}

export const bars = uPlot.paths.bars!({ size: [0.6, 36], align: 0 });
