// An account's categories: what the customer expects (importance, as the expected level on the
// performance scale) against what they get (performance), the gap between the two and the
// weight of the category in the account's IWS (METHOD sections 1-3). Sorted by weighted gap,
// weight times gap: where the shortfall costs the account most comes first.
import type { CustomSeriesRenderItem } from 'echarts';

import type { components } from '../../api/schema';
import type { CycleView } from '../../api/types';
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatNumber, formatSigned, shortLabel } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  bareAxis,
  chartBase,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  rowLines,
  topLegend,
} from '../../charts/parts';

export type AccountAssessment = components['schemas']['AccountAssessment'];
type Scale = CycleView['performance_scale'];
type ImportanceForm = CycleView['importance_form'];

export interface GapRow {
  id: number;
  key: string;
  name: string;
  /** Mean importance in the form's own units (a rating, a share that picked it, a weight). */
  importance: number | null;
  /** Expected level on the performance scale: the importance (rating form) or the top of the scale. */
  expected: number | null;
  performance: number | null;
  /** Expected minus performance: positive when the customer gets less than they need. */
  gap: number | null;
  /** Share of the category in the account's IWP, IWS and F, 0-1. */
  weight: number | null;
  /** Weight times gap, in points of the performance scale. */
  weightedGap: number | null;
}

/** The categories of an account, largest weighted gap first; those without one last. */
export function gapRows(assessment: Pick<AccountAssessment, 'categories'>): GapRow[] {
  return assessment.categories
    .map((c, index) => {
      const gap = c.gap ?? null;
      const weight = c.weight ?? null;
      const row: GapRow = {
        id: c.category,
        key: c.key,
        name: c.name,
        importance: c.mean_importance ?? null,
        expected: c.expected ?? null,
        performance: c.mean_performance ?? null,
        gap,
        weight,
        weightedGap: gap !== null && weight !== null ? gap * weight : null,
      };
      return { row, index };
    })
    .sort((a, b) => {
      const wa = a.row.weightedGap;
      const wb = b.row.weightedGap;
      if (wa !== null && wb !== null && wa !== wb) return wb - wa;
      if (wa === null && wb !== null) return 1;
      if (wa !== null && wb === null) return -1;
      return (b.row.gap ?? -Infinity) - (a.row.gap ?? -Infinity) || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** How the survey's importance reads: "8.0 of 10", "picked by 33%", "weight 0.21". */
export function importanceText(value: number | null, form: ImportanceForm): string {
  if (value === null) return '–';
  switch (form.form) {
    case 'rating':
      return form.scale ? `${formatNumber(value, 1)} of ${form.scale.max}` : formatNumber(value, 1);
    case 'pick':
      return `picked by ${formatNumber(value * 100, 0)}%`;
    default:
      return `weight ${formatNumber(value, 2)}`;
  }
}

/** The name of the expected-level marker, which differs by importance form. */
export function expectedLabel(form: ImportanceForm): string {
  return form.form === 'rating'
    ? 'Importance (expected level)'
    : 'Expected level (top of the scale)';
}

export function percent(share: number | null, digits = 0): string {
  return share === null ? '–' : `${formatNumber(share * 100, digits)}%`;
}

/** "short by 2.50" or "exceeds by 0.67": the gap in words, so colour is not alone. */
export function gapWords(gap: number | null): string {
  if (gap === null) return 'no gap';
  if (Math.abs(gap) < 0.005) return 'meets it';
  return gap > 0 ? `short by ${formatNumber(gap, 2)}` : `exceeds by ${formatNumber(-gap, 2)}`;
}

const SHORTFALL = '#D55E00';
const EXCEEDS = '#0072B2';
const ROW_HEIGHT = 38;
const CHROME_HEIGHT = 110;
const LABEL_WIDTH = 190;

/** A thick bar from performance to the expected level, in the series' colour. */
const renderGap: CustomSeriesRenderItem = (_params, api) => {
  const y = api.value(2);
  const [x1 = 0, cy = 0] = api.coord([api.value(0), y]);
  const [x2 = 0] = api.coord([api.value(1), y]);
  const height = 10;
  return {
    type: 'rect',
    shape: { x: Math.min(x1, x2), y: cy - height / 2, width: Math.abs(x2 - x1), height },
    style: { fill: api.visual('color') as string, opacity: 0.85 },
  };
};

export interface GapChartInput {
  rows: readonly GapRow[];
  scale: Scale;
  form: ImportanceForm;
}

function tooltipHtml(row: GapRow, form: ImportanceForm): string {
  return [
    `<strong>${escapeHtml(row.name)}</strong>`,
    `Importance: ${escapeHtml(importanceText(row.importance, form))}; expected level ${formatNumber(row.expected, 2)}`,
    `Performance: ${formatNumber(row.performance, 2)}`,
    `Gap: ${formatSigned(row.gap, 2)} (${escapeHtml(gapWords(row.gap))})`,
    `Weight ${percent(row.weight, 1)}; weighted gap ${formatSigned(row.weightedGap, 2)}`,
  ].join('<br>');
}

/** The gap chart: expected level and performance per category, the gap as a bar between them. */
export function gapChart({ rows, scale, form }: GapChartInput): ChartModel | null {
  const shown = rows.filter((r) => r.expected !== null || r.performance !== null);
  if (shown.length === 0) return null;
  const segments = (short: boolean) =>
    shown.flatMap((r, i) =>
      r.expected !== null && r.performance !== null && r.gap !== null && r.gap > 0 === short
        ? [[r.performance, r.expected, i]]
        : [],
    );
  const expected = expectedLabel(form);
  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend([
      expected,
      'Performance',
      'Shortfall (gap above 0)',
      'Exceeds (gap 0 or below)',
    ]),
    grid: plotGrid({ top: 48, left: 8, right: LABEL_WIDTH, bottom: 44 }),
    tooltip: itemTooltip((p) => {
      const value = (p as { value?: unknown }).value;
      const row = Array.isArray(value) ? shown[Number(value[value.length - 1])] : undefined;
      return row ? tooltipHtml(row, form) : '';
    }),
    xAxis: {
      type: 'value',
      min: scale.min,
      max: scale.max,
      interval: scale.max - scale.min > 5 ? undefined : 1,
      ...axisName(`Points on the ${scale.min}–${scale.max} performance scale`, 28),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((r) => shortLabel(r.name, 40)),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 13, width: 260, overflow: 'truncate' },
      splitLine: rowLines(),
    },
    series: [
      {
        type: 'custom',
        name: 'Shortfall (gap above 0)',
        data: segments(true),
        encode: { x: [0, 1], y: 2 },
        itemStyle: { color: SHORTFALL },
        renderItem: renderGap,
        z: 1,
      },
      {
        type: 'custom',
        name: 'Exceeds (gap 0 or below)',
        data: segments(false),
        encode: { x: [0, 1], y: 2 },
        itemStyle: { color: EXCEEDS },
        renderItem: renderGap,
        z: 1,
      },
      {
        type: 'scatter',
        name: expected,
        data: shown.flatMap((r, i) => (r.expected === null ? [] : [[r.expected, i]])),
        symbol: 'diamond',
        symbolSize: 16,
        itemStyle: { color: '#FFFFFF', borderColor: '#1F2933', borderWidth: 2 },
        z: 3,
      },
      {
        type: 'scatter',
        name: 'Performance',
        data: shown.flatMap((r, i) => (r.performance === null ? [] : [[r.performance, i]])),
        symbol: 'circle',
        symbolSize: 11,
        itemStyle: { color: '#1F2933', borderColor: '#FFFFFF', borderWidth: 1 },
        z: 4,
      },
      {
        // The gap and weight in words, right of the plot, one per row.
        type: 'scatter',
        name: 'gap label',
        data: shown.map((_r, i) => [scale.max, i]),
        symbolSize: 0,
        silent: true,
        tooltip: { show: false },
        label: {
          show: true,
          position: 'right',
          distance: 14,
          color: CHART_TEXT.color,
          fontSize: 12.5,
          formatter: (p: { dataIndex: number }) => {
            const row = shown[p.dataIndex];
            return row ? `${gapWords(row.gap)} · weight ${percent(row.weight)}` : '';
          },
        },
      },
    ],
  };
  const short = shown.filter((r) => r.gap !== null && r.gap > 0);
  const first = shown[0];
  return {
    option,
    summary:
      `${shown.length} categories; ${short.length} fall short of the expected level.` +
      (first && first.weightedGap !== null && first.weightedGap > 0
        ? ` Largest weighted gap: ${first.name} (${gapWords(first.gap)} points, weight ${percent(first.weight)}).`
        : ''),
    table: {
      columns: [
        { label: 'Category' },
        { label: 'Importance' },
        { label: 'Expected level', numeric: true },
        { label: 'Performance', numeric: true },
        { label: 'Gap (points)', numeric: true },
        { label: 'Weight', numeric: true },
        { label: 'Weighted gap (points)', numeric: true },
      ],
      rows: rows.map((r) => [
        r.name,
        importanceText(r.importance, form),
        formatNumber(r.expected, 2),
        formatNumber(r.performance, 2),
        formatSigned(r.gap, 2),
        percent(r.weight, 1),
        formatSigned(r.weightedGap, 2),
      ]),
    },
    height: CHROME_HEIGHT + ROW_HEIGHT * shown.length,
  };
}
