// Stated against derived importance (METHOD section 5, "Derived importance"): what customers
// say matters (stated rank) next to what moves their outcome (LMG rank, or Pearson where LMG
// cannot be computed). A long line between the two marks a disagreement; a hidden driver
// (stated in the bottom half, derived in the top half) is drawn as a vermillion diamond and
// named as such in the label, the tooltip and the table.
import type { CustomSeriesRenderItem } from 'echarts';

import type { components } from '../../api/schema';
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
  valueIndex,
} from '../../charts/parts';
import type { ImportanceInfo } from './categoryRows';

export type DerivedImportanceView = components['schemas']['DerivedImportanceView'];

export interface DerivedRow {
  key: string;
  name: string;
  stated: number | null;
  statedRank: number | null;
  pearson: number | null;
  pearsonRank: number | null;
  lmg: number | null;
  lmgShare: number | null;
  lmgRank: number | null;
  /** The derived rank hidden drivers rest on (LMG, or Pearson where LMG is not used). */
  derivedRank: number | null;
  hiddenDriver: boolean;
}

/** Whether hidden drivers rest on LMG (the API says `lmg`) or on Pearson. */
export function usesLmg(view: Pick<DerivedImportanceView, 'derived_from'>): boolean {
  return view.derived_from.toLowerCase() === 'lmg';
}

export function derivedName(view: Pick<DerivedImportanceView, 'derived_from'>): string {
  return usesLmg(view) ? 'LMG' : 'Pearson';
}

/** The rows, by stated rank (most important first), then name. */
export function derivedRows(view: DerivedImportanceView): DerivedRow[] {
  const lmg = usesLmg(view);
  return view.categories
    .map((c) => ({
      key: c.key,
      name: c.name,
      stated: c.stated_importance ?? null,
      statedRank: c.stated_rank ?? null,
      pearson: c.pearson ?? null,
      pearsonRank: c.pearson_rank ?? null,
      lmg: c.lmg ?? null,
      lmgShare: c.lmg_share ?? null,
      lmgRank: c.lmg_rank ?? null,
      derivedRank: (lmg ? c.lmg_rank : c.pearson_rank) ?? null,
      hiddenDriver: c.hidden_driver,
    }))
    .sort(
      (a, b) =>
        (a.statedRank ?? Infinity) - (b.statedRank ?? Infinity) || a.name.localeCompare(b.name),
    );
}

const ROW_HEIGHT = 30;
const CHROME_HEIGHT = 120;
const HIDDEN = '#D55E00';
const DERIVED = '#0072B2';
const STATED = '#3E4C59';

/** A connector: [stated rank, derived rank, row]. */
type Link = [number, number, number];

const renderLink: CustomSeriesRenderItem = (_params, api) => {
  const row = api.value(2);
  const [x1 = 0, y1 = 0] = api.coord([api.value(0), row]);
  const [x2 = 0, y2 = 0] = api.coord([api.value(1), row]);
  return {
    type: 'line',
    shape: { x1, y1, x2, y2 },
    style: { stroke: api.visual('color') as string, lineWidth: 2 },
  };
};

function tooltipHtml(row: DerivedRow, derived: string, importance: ImportanceInfo): string {
  return [
    `<strong>${escapeHtml(row.name)}</strong>${row.hiddenDriver ? ' · hidden driver' : ''}`,
    `Stated: rank ${row.statedRank ?? '–'} (${escapeHtml(importance.format(row.stated))})`,
    `LMG: rank ${row.lmgRank ?? '–'} (${row.lmgShare === null ? '–' : `${formatNumber(row.lmgShare * 100, 1)}% of R²`})`,
    `Pearson: rank ${row.pearsonRank ?? '–'} (r = ${formatSigned(row.pearson, 2)})`,
    `Hidden drivers rest on the ${escapeHtml(derived)} rank`,
  ].join('<br>');
}

/** The rank comparison; `null` when no category has both a stated and a derived rank. */
export function derivedChart(
  view: DerivedImportanceView,
  importance: ImportanceInfo,
): ChartModel | null {
  const rows = derivedRows(view);
  const both = rows.filter((r) => r.statedRank !== null && r.derivedRank !== null);
  if (both.length === 0) return null;
  const derived = derivedName(view);
  const n = Math.max(...rows.map((r) => Math.max(r.statedRank ?? 0, r.derivedRank ?? 0)));
  const index = new Map(rows.map((r, i) => [r.key, i]));
  const at = (r: DerivedRow) => index.get(r.key) ?? 0;
  const hidden = rows.filter((r) => r.hiddenDriver && r.derivedRank !== null);
  const tooltip = (p: unknown) => {
    const row = rows[valueIndex(p)];
    return row ? tooltipHtml(row, derived, importance) : '';
  };

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend([
      'Stated rank',
      `${derived} rank`,
      ...(hidden.length > 0 ? ['Hidden driver'] : []),
    ]),
    grid: plotGrid({ top: 44, left: 8, right: 24, bottom: 44 }),
    tooltip: itemTooltip(tooltip),
    xAxis: {
      type: 'value',
      min: 1,
      max: Math.max(n, 2),
      interval: n > 12 ? 2 : 1,
      ...axisName('Rank (1 = most important)', 28),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => `${shortLabel(r.name, 32)}${r.hiddenDriver ? ' ◆' : ''}`),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 12, interval: 0 },
      splitLine: rowLines(),
    },
    series: [
      {
        type: 'custom',
        name: 'links',
        silent: true,
        tooltip: { show: false },
        itemStyle: { color: '#9AA5B1' },
        encode: { x: [0, 1], y: 2 },
        renderItem: renderLink,
        data: both.map((r): Link => [r.statedRank ?? 0, r.derivedRank ?? 0, at(r)]),
        z: 1,
      },
      {
        type: 'scatter',
        name: 'Stated rank',
        symbol: 'circle',
        // Larger than the derived marker: where both ranks agree, a ring around a dot.
        symbolSize: 18,
        itemStyle: { color: '#FFFFFF', borderColor: STATED, borderWidth: 2 },
        data: rows
          .filter((r) => r.statedRank !== null)
          .map((r) => [r.statedRank ?? 0, at(r), at(r)]),
        z: 2,
      },
      {
        type: 'scatter',
        name: `${derived} rank`,
        symbol: 'circle',
        symbolSize: 10,
        itemStyle: { color: DERIVED },
        data: rows
          .filter((r) => r.derivedRank !== null && !r.hiddenDriver)
          .map((r) => [r.derivedRank ?? 0, at(r), at(r)]),
        z: 3,
      },
      {
        type: 'scatter',
        name: 'Hidden driver',
        symbol: 'diamond',
        symbolSize: 16,
        itemStyle: { color: HIDDEN, borderColor: '#FFFFFF', borderWidth: 1 },
        data: hidden.map((r) => [r.derivedRank ?? 0, at(r), at(r)]),
        z: 4,
      },
    ],
  };

  const hiddenNames = hidden.map((r) => r.name);
  return {
    option,
    summary:
      `Stated importance rank against ${derived} rank for ${rows.length} categories. ` +
      (hiddenNames.length > 0
        ? `Hidden drivers (said to matter little, yet moving the outcome): ${hiddenNames.join(', ')}.`
        : 'No hidden driver.'),
    table: {
      columns: [
        { label: 'Category' },
        { label: 'Stated rank', numeric: true },
        { label: `${derived} rank`, numeric: true },
        { label: 'Hidden driver' },
      ],
      rows: rows.map((r) => [
        r.name,
        r.statedRank === null ? '–' : String(r.statedRank),
        r.derivedRank === null ? '–' : String(r.derivedRank),
        r.hiddenDriver ? 'Yes' : 'No',
      ]),
    },
    height: CHROME_HEIGHT + ROW_HEIGHT * rows.length,
  };
}
