// What every chart option builder returns: the echarts option and, beside it, the same data as
// words and a table, for people who cannot see the chart.
import type { ChartOption } from './echarts';

export interface TextColumn {
  label: string;
  /** Right-aligned, for numbers. */
  numeric?: boolean;
}

/** The chart's data as a plain table (every cell already formatted). */
export interface TextTable {
  columns: TextColumn[];
  rows: string[][];
}

export interface ChartModel {
  option: ChartOption;
  /** One or two sentences saying what the chart shows; the chart's accessible name. */
  summary: string;
  table: TextTable;
  /** Height in pixels that fits the chart's rows. */
  height: number;
}

/** The fonts and greys every chart uses, matching the stylesheet. */
export const CHART_TEXT = {
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  color: '#1F2933',
  muted: '#52606D',
  grid: '#E4E7EB',
  axis: '#9AA5B1',
} as const;
