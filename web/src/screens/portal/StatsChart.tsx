/**
 * A small uPlot line chart of a report: one x value per row (days as times, other groupings as
 * their labels) and one line per series. Drawn on a canvas, so it carries a text description
 * for screen readers; the table next to it holds the same numbers.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

export function StatsChart({
  labels,
  series,
  times,
  description,
}: {
  /** One label per point, for the x axis when the points are not times. */
  labels: string[];
  series: ChartSeries[];
  /** Unix seconds per point when the x axis is time; null otherwise. */
  times: number[] | null;
  description: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || labels.length === 0) return;
    const xs = times ?? labels.map((_, i) => i);
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height: 240,
      scales: { x: { time: times !== null } },
      axes: [
        times
          ? {}
          : {
              values: (_u: uPlot, splits: number[]) =>
                splits.map((i) => (Number.isInteger(i) ? (labels[i] ?? '') : '')),
            },
        {},
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2 }))],
    };
    const chart = new uPlot(options, [xs, ...series.map((s) => s.values)], element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, element.clientWidth), height: 240 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [labels, series, times]);
  return <div ref={box} role="img" aria-label={description} data-testid="stats-chart" />;
}
