/**
 * A line chart (uPlot, which draws thousands of points in a few milliseconds): x values are
 * positions 0..n-1 labelled by `labels` (days, hours, names), one line per series. The figure
 * carries a text summary for screen readers; the numbers themselves are in the table beside it.
 * Screens import this file lazily, so uPlot stays out of the first load.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  /** A colour dark enough to read on white. */
  color: string;
  /** Draw on the right-hand axis (e.g. money beside counts). */
  right?: boolean;
}

export interface ChartProps {
  /** What the chart shows, for screen readers. */
  title: string;
  labels: readonly string[];
  series: readonly ChartSeries[];
  height?: number;
}

export default function Chart({ title, labels, series, height = 240 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const hasRight = series.some((line) => line.right);
    const options: uPlot.Options = {
      width: element.clientWidth || 600,
      height,
      scales: { x: { time: false } },
      axes: [
        {
          values: (_, ticks) => ticks.map((tick) => labels[tick] ?? ''),
          stroke: '#343a40',
          grid: { stroke: '#e9ecef' },
        },
        { stroke: '#343a40', grid: { stroke: '#e9ecef' } },
        ...(hasRight ? [{ side: 1, scale: 'right', stroke: '#343a40', grid: { show: false } }] : []),
      ],
      series: [
        { label: 'x', value: (_, index) => (index === null ? '' : (labels[index] ?? '')) },
        ...series.map((line) => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          scale: line.right ? 'right' : 'y',
          points: { show: labels.length <= 60 },
        })),
      ],
      legend: { live: true },
    };
    const data: uPlot.AlignedData = [labels.map((_, index) => index), ...series.map((line) => [...line.values])];
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, height]);
  return <div ref={box} role="img" aria-label={title} data-testid="chart" />;
}
