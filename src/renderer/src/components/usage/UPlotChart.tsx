import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';

/** The page's theme colours a chart draws with, read from its CSS variables. */
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  accent: string;
  accentSoft: string;
  ok: string;
  warn: string;
  danger: string;
}

function readTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    fg: v('--fg'),
    muted: v('--muted'),
    grid: v('--border'),
    accent: v('--accent'),
    accentSoft: v('--accent-soft'),
    ok: v('--ok'),
    warn: v('--warn'),
    danger: v('--danger'),
  };
}

/** The theme now, and again whenever the page's `data-theme` changes. */
function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(readTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

interface Props {
  /** The chart's options for a theme and a size (a new theme or options draw it again). */
  options(theme: ChartTheme, size: { width: number; height: number }): uPlot.Options;
  data: uPlot.AlignedData;
  /** The point under the cursor (null: none), told only when it changes. */
  onHover(index: number | null): void;
  label: string;
}

/**
 * A uPlot chart sized to its container (ResizeObserver), drawn in the page's theme and drawn again
 * when it changes, destroyed on unmount. uPlot draws on a canvas: no figure becomes HTML.
 */
export function UPlotChart({ options, data, onHover, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const theme = useChartTheme();
  const hover = useRef(onHover);
  useEffect(() => {
    hover.current = onHover;
  });

  // Made again for a new theme or new options; only the data changes otherwise.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const size = { width: Math.max(element.clientWidth, 100), height: Math.max(element.clientHeight, 80) };
    let last: number | null = null;
    const base = options(theme, size);
    const made = new uPlot(
      {
        ...base,
        hooks: {
          ...base.hooks,
          setCursor: [
            (u) => {
              const index = u.cursor.idx ?? null;
              if (index === last) return;
              last = index;
              hover.current(index);
            },
          ],
        },
      },
      data,
      element,
    );
    chart.current = made;
    const resize = new ResizeObserver(() => {
      const width = Math.max(element.clientWidth, 100);
      const height = Math.max(element.clientHeight, 80);
      if (width !== made.width || height !== made.height) made.setSize({ width, height });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      chart.current = null;
    };
    // `data` is set below without drawing the chart again from scratch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options, theme]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={box} className="usage-chart-canvas" role="img" aria-label={label} />;
}
