// The pieces of an echarts option that every chart of the dashboard dresses the same way: the
// text, the legend on top, the grid, axis names and grid lines, tooltips, the dashed reference
// line. Each returns a fresh object, so a chart may add to it (spread it and override a key).
// A chart's own choices (its margins, ranges, series) stay in its builder.
import type { LegendComponentOption } from 'echarts/components';

import { CHART_TEXT } from './model';

/** The stylesheet's font and text colour; no animation (charts redraw on every filter change). */
export function chartBase() {
  return {
    textStyle: { fontFamily: CHART_TEXT.fontFamily, color: CHART_TEXT.color },
    animation: false,
  };
}

export interface LegendLook {
  /** Gap between entries, in pixels. */
  itemGap?: number;
  fontSize?: number;
}

/** A legend along the top left corner, above the grid; without `data`, of every series. */
export function topLegend(
  data?: LegendComponentOption['data'],
  { itemGap = 18, fontSize = 13 }: LegendLook = {},
) {
  const legend = { top: 0, left: 0, itemGap, textStyle: { fontSize } };
  return data === undefined ? legend : { ...legend, data };
}

/**
 * The legend name of a marker series that starts with its symbol ("▲ Above peers"): the legend
 * icon is the marker itself, so the legend shows the words only.
 */
export function withoutSymbol(name: string): string {
  return name.replace(/^\S+\s/, '');
}

export interface Margins {
  top: number;
  left: number;
  right: number;
  bottom: number;
}

/**
 * The plot area: the margins hold the legend and axis names; the axis labels (or, with 'all',
 * everything) are kept inside the chart however long they are.
 */
export function plotGrid(margins: Margins, contain: 'axisLabel' | 'all' = 'axisLabel') {
  return { ...margins, outerBoundsMode: 'same' as const, outerBoundsContain: contain };
}

/** The muted, small text of an axis name; `align` for a name at the axis' end. */
export function axisNameText(align?: 'left' | 'right') {
  return align
    ? { color: CHART_TEXT.muted, fontSize: 12, align }
    : { color: CHART_TEXT.muted, fontSize: 12 };
}

/** An axis name centred along the axis, `gap` pixels from it. */
export function axisName(name: string, gap: number) {
  return { name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: axisNameText() };
}

/** Muted axis labels (the numbers of a value axis, the cycles of a trend), optionally formatted. */
export function mutedLabels(): { color: string };
export function mutedLabels<F>(formatter: F): { color: string; formatter: F };
export function mutedLabels<F>(formatter?: F): { color: string; formatter?: F } {
  return formatter === undefined
    ? { color: CHART_TEXT.muted }
    : { color: CHART_TEXT.muted, formatter };
}

/** The grid lines across the plot from a value axis. */
export function gridLines() {
  return { lineStyle: { color: CHART_TEXT.grid } };
}

/** The faint lines between the rows of a category axis, so a row reads across. */
export function rowLines() {
  return { show: true, lineStyle: { color: '#F2F4F6' } };
}

/** A category axis without ticks or line: the labels, the grid lines or cells draw it. */
export function bareAxis() {
  return { axisTick: { show: false }, axisLine: { show: false } };
}

type Formatter = (params: unknown) => string;

/** A tooltip for the item under the pointer, kept inside the chart. */
export function itemTooltip(formatter: Formatter) {
  return { trigger: 'item' as const, confine: true, formatter };
}

/** A tooltip for the whole category under the pointer, with a shadow across it. */
export function axisTooltip(formatter: Formatter) {
  return {
    trigger: 'axis' as const,
    axisPointer: { type: 'shadow' as const },
    confine: true,
    formatter,
  };
}

/** Separates the entries of a tooltip that names several items (a cluster, a stack). */
export const TOOLTIP_DIVIDER = '<hr style="margin:6px 0;border:0;border-top:1px solid #E4E7EB">';

/** The `dataIndex` of an item tooltip's parameters, or -1. */
export function dataIndexOf(params: unknown): number {
  return (params as { dataIndex?: number } | null)?.dataIndex ?? -1;
}

/** The `dataIndex` of the first series in an axis tooltip's parameters, or -1. */
export function firstDataIndex(params: unknown): number {
  return Array.isArray(params) ? dataIndexOf(params[0]) : -1;
}

/**
 * The row index a data item carries in its value array: at `position`, or in its last place
 * when none is given; -1 when the value is not an array.
 */
export function valueIndex(params: unknown, position?: number): number {
  const value = (params as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return -1;
  return Number(value[position ?? value.length - 1]);
}

/**
 * A dashed vertical reference line at `x` (0 = the peer average, 0.5 = a coin toss), labelled
 * at its top: a `markLine` for any series of a chart whose y axis runs top-down.
 */
export function referenceLine(label: string, x: number) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: '#3E4C59', type: 'dashed' as const, width: 1.5 },
    // The y axis runs top-down (inverse), so the line's start is its top end.
    label: { formatter: label, position: 'start' as const, color: CHART_TEXT.muted },
    data: [{ xAxis: x }],
  };
}

/** The cells of a heatmap: value in the third place, white gaps, a dark outline on hover. */
export function heatmapCells() {
  return {
    encode: { x: 0, y: 1, value: 2 },
    itemStyle: { borderColor: '#FFFFFF', borderWidth: 2 },
    emphasis: { itemStyle: { borderColor: '#1F2933', borderWidth: 2 } },
  };
}
