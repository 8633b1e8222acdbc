// A book's or an account's figures across cycles (GET .../trend): the whole-book measures in
// one chart (all on a scale of a hundred: score 1-100, F in percent, NPS -100 to 100) and the
// categories' mean performance in another (on the performance scale). Used by the scorecard and
// by the account page.
import type { components } from '../../api/schema';
import type { CycleView } from '../../api/types';
import type { ChartOption } from '../../charts/echarts';
import {
  escapeHtml,
  formatCount,
  formatNumber,
  formatSigned,
  shortLabel,
} from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisNameText,
  chartBase,
  firstDataIndex,
  gridLines,
  mutedLabels,
  plotGrid,
  topLegend,
} from '../../charts/parts';

export type TrendPoint = components['schemas']['TrendPoint'];
type Scale = CycleView['performance_scale'];

/** Okabe-Ito, then the same hues dashed: lines stay apart without relying on colour alone. */
const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#B8AE1C',
];
const SYMBOLS = [
  'circle',
  'rect',
  'triangle',
  'diamond',
  'roundRect',
  'pin',
  'arrow',
  'emptyCircle',
];
const LINE_TYPES = ['solid', 'dashed', 'dotted'] as const;
const LEGEND_WIDTH = 230;

function styleOf(index: number) {
  const color = PALETTE[index % PALETTE.length] ?? '#000000';
  const symbol = SYMBOLS[index % SYMBOLS.length] ?? 'circle';
  const type = LINE_TYPES[Math.floor(index / PALETTE.length) % LINE_TYPES.length] ?? 'solid';
  return { color, symbol, type };
}

/** Whether a cycle of the trend has figures (a withheld or unanswered cycle has none). */
function answered(point: TrendPoint): boolean {
  return point.responses > 0;
}

interface WholeBookSeries {
  key: 'score' | 'f' | 'nps';
  label: string;
  values: (number | null)[];
  digits: number;
  suffix: string;
  signed: boolean;
}

/** The whole-book lines, each as it is shown: F in percent. NPS only when some cycle has one. */
export function wholeBookSeries(points: readonly TrendPoint[]): WholeBookSeries[] {
  const series: WholeBookSeries[] = [
    {
      key: 'score',
      label: 'Retention score (1–100)',
      values: points.map((p) => (answered(p) ? (p.score ?? null) : null)),
      digits: 1,
      suffix: '',
      signed: false,
    },
    {
      key: 'f',
      label: 'Fulfilment F (%)',
      values: points.map((p) => (answered(p) && p.f != null ? p.f * 100 : null)),
      digits: 1,
      suffix: '%',
      signed: false,
    },
    {
      key: 'nps',
      label: 'NPS (−100 to +100)',
      values: points.map((p) => (answered(p) ? (p.nps?.nps ?? null) : null)),
      digits: 0,
      suffix: '',
      signed: true,
    },
  ];
  return series.filter((s) => s.values.some((v) => v !== null));
}

function show(s: WholeBookSeries, v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return `${s.signed ? formatSigned(v, s.digits) : formatNumber(v, s.digits)}${s.suffix}`;
}

function currentMarker(current: string | undefined, cycles: readonly string[]) {
  if (!current || !cycles.includes(current)) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: CHART_TEXT.axis, type: 'dashed' as const, width: 1 },
    label: { formatter: 'Shown cycle', position: 'end' as const, color: CHART_TEXT.muted },
    data: [{ xAxis: current }],
  };
}

/** The cycles along the x axis, oldest first; a lone cycle sits in the middle. */
function cycleAxis(cycles: string[]) {
  return {
    type: 'category' as const,
    data: cycles,
    boundaryGap: cycles.length === 1,
    axisLabel: mutedLabels(),
    axisLine: { lineStyle: { color: CHART_TEXT.axis } },
  };
}

/**
 * The line of the `i`th series, in its own colour, dash and marker (never colour alone), with
 * gaps where a cycle has no figure; the first carries the marker of the cycle shown.
 */
function trendLine(
  i: number,
  name: string,
  values: (number | null)[],
  marker: ReturnType<typeof currentMarker>,
  symbolSize: number,
  width: number,
) {
  const style = styleOf(i);
  return {
    type: 'line' as const,
    name,
    data: values,
    connectNulls: false,
    symbol: style.symbol,
    symbolSize,
    lineStyle: { width, type: style.type, color: style.color },
    itemStyle: { color: style.color },
    ...(i === 0 && marker ? { markLine: marker } : {}),
  };
}

function firstLast(s: WholeBookSeries, cycles: readonly string[]): string | null {
  const valued = s.values.flatMap((v, i) => (v === null ? [] : [{ v, cycle: cycles[i] ?? '' }]));
  const first = valued[0];
  const last = valued[valued.length - 1];
  if (!first || !last) return null;
  if (valued.length === 1) return `${s.label} ${show(s, first.v)} in ${first.cycle}`;
  return `${s.label} from ${show(s, first.v)} (${first.cycle}) to ${show(s, last.v)} (${last.cycle})`;
}

export interface TrendInput {
  points: readonly TrendPoint[];
  /** The cycle the page shows, marked on the chart. */
  current?: string;
}

/** Score, F and NPS across cycles; `null` when no cycle has any of them. */
export function wholeBookTrendChart({ points, current }: TrendInput): ChartModel | null {
  const series = wholeBookSeries(points);
  if (series.length === 0) return null;
  const cycles = points.map((p) => p.cycle);
  const lowest = Math.min(
    0,
    ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
  );
  const min = lowest < 0 ? Math.floor(lowest / 20) * 20 : 0;
  const marker = currentMarker(current, cycles);
  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend(),
    grid: plotGrid({ top: 44, left: 8, right: 24, bottom: 8 }),
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const index = firstDataIndex(params);
        const point = points[index];
        if (!point) return '';
        const lines = series.map((s) => `${escapeHtml(s.label)}: ${show(s, s.values[index])}`);
        return [`<strong>${escapeHtml(point.cycle)}</strong>`, ...lines, answeredLine(point)].join(
          '<br>',
        );
      },
    },
    xAxis: cycleAxis(cycles),
    yAxis: {
      type: 'value',
      min,
      max: 100,
      name: 'Score, F (%) and NPS',
      nameTextStyle: axisNameText('left'),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    series: series.map((s, i) => trendLine(i, s.label, s.values, marker, 9, 2.5)),
  };
  const parts = series.map((s) => firstLast(s, cycles)).filter((t): t is string => t !== null);
  return {
    option,
    summary: `${cycles.length} ${cycles.length === 1 ? 'cycle' : 'cycles'}. ${parts.join('; ')}.`,
    table: {
      columns: [
        { label: 'Cycle' },
        { label: 'Accounts', numeric: true },
        { label: 'Responses', numeric: true },
        ...series.map((s) => ({ label: s.label, numeric: true })),
        { label: 'IWS (points)', numeric: true },
      ],
      rows: points.map((p, i) => [
        p.cycle,
        formatCount(p.accounts),
        formatCount(p.responses),
        ...series.map((s) => show(s, s.values[i])),
        answered(p) ? formatNumber(p.iws, 2) : '–',
      ]),
    },
    height: 320,
  };
}

function answeredLine(point: TrendPoint): string {
  return answered(point)
    ? `<span style="color:${CHART_TEXT.muted}">${formatCount(point.accounts)} accounts, ${formatCount(point.responses)} responses</span>`
    : `<span style="color:${CHART_TEXT.muted}">No figures for this cycle</span>`;
}

export interface CategoryTrend {
  key: string;
  name: string;
  values: (number | null)[];
}

/**
 * Each category's mean performance per cycle, named from `names` (key to display name) and in
 * that order; categories no cycle has a value for are left out.
 */
export function categoryTrends(
  points: readonly TrendPoint[],
  names: readonly { key: string; name: string }[],
): CategoryTrend[] {
  const order = new Map(names.map((n, i) => [n.key, i]));
  const display = new Map(names.map((n) => [n.key, n.name]));
  const keys: string[] = [];
  for (const point of points) {
    for (const c of point.categories) if (!keys.includes(c.key)) keys.push(c.key);
  }
  const rank = (key: string) => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  return keys
    .map((key, index) => ({ key, index }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.index - b.index)
    .map(({ key }) => ({
      key,
      name: display.get(key) ?? key,
      values: points.map((p) => p.categories.find((c) => c.key === key)?.mean_performance ?? null),
    }))
    .filter((t) => t.values.some((v) => v !== null));
}

export interface CategoryTrendInput extends TrendInput {
  names: readonly { key: string; name: string }[];
  scale: Scale;
}

/** Every category's mean performance across cycles; `null` when none has a value. */
export function categoryTrendChart({
  points,
  current,
  names,
  scale,
}: CategoryTrendInput): ChartModel | null {
  const trends = categoryTrends(points, names);
  if (trends.length === 0) return null;
  const cycles = points.map((p) => p.cycle);
  const marker = currentMarker(current, cycles);
  const height = Math.max(320, 60 + trends.length * 24);
  const option: ChartOption = {
    ...chartBase(),
    // A column on the right: it never runs into the plot, however many categories there are.
    legend: {
      type: 'scroll',
      orient: 'vertical',
      top: 28,
      right: 0,
      width: LEGEND_WIDTH,
      itemGap: 8,
      textStyle: { fontSize: 12.5, width: LEGEND_WIDTH - 36, overflow: 'truncate' },
      formatter: (name: string) => shortLabel(name, 30),
      tooltip: { show: true },
    },
    grid: plotGrid({ top: 36, left: 8, right: LEGEND_WIDTH + 24, bottom: 8 }),
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const index = firstDataIndex(params);
        const cycle = cycles[index];
        if (cycle === undefined) return '';
        const lines = trends
          .map((t) => ({ t, v: t.values[index] ?? null }))
          .sort((a, b) => (b.v ?? -Infinity) - (a.v ?? -Infinity))
          .map(({ t, v }) => `${escapeHtml(shortLabel(t.name, 48))}: ${formatNumber(v, 2)}`);
        return [`<strong>${escapeHtml(cycle)}</strong> · mean performance`, ...lines].join('<br>');
      },
    },
    xAxis: cycleAxis(cycles),
    yAxis: {
      type: 'value',
      min: scale.min,
      max: scale.max,
      interval: scale.max - scale.min > 5 ? undefined : 1,
      name: `Mean performance (${scale.min}–${scale.max} scale)`,
      nameTextStyle: axisNameText('left'),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    series: trends.map((t, i) => ({
      ...trendLine(i, t.name, t.values, marker, 8, 2),
      emphasis: { focus: 'series' as const },
    })),
  };
  const last = cycles.length - 1;
  const latest = trends
    .map((t) => ({ t, v: t.values[last] ?? null }))
    .filter((x): x is { t: CategoryTrend; v: number } => x.v !== null)
    .sort((a, b) => b.v - a.v);
  const top1 = latest[0];
  const bottom1 = latest[latest.length - 1];
  const extremes =
    top1 && bottom1 && latest.length > 1
      ? ` In ${cycles[last]}, highest: ${top1.t.name} (${formatNumber(top1.v, 2)}); lowest: ${bottom1.t.name} (${formatNumber(bottom1.v, 2)}).`
      : '';
  return {
    option,
    summary: `Mean performance of ${trends.length} categories over ${cycles.length} ${cycles.length === 1 ? 'cycle' : 'cycles'}, on the ${scale.min}–${scale.max} scale.${extremes}`,
    table: {
      columns: [{ label: 'Category' }, ...cycles.map((c) => ({ label: c, numeric: true }))],
      rows: trends.map((t) => [t.name, ...t.values.map((v) => formatNumber(v, 2))]),
    },
    height,
  };
}
