// Every account manager by every category at once: each cell is the AM's difference to the peer
// average on that category, filled by standing and labelled with the symbol and the value, so
// the pattern reads without colour too.
import type { AccountManagerAssessment, CycleView } from '../api/types';
import type { ChartOption } from './echarts';
import { escapeHtml, formatNumber, formatSigned, shortLabel } from './format';
import { categoriesOf, categoryKey, measureOf, type CategoryName } from './measures';
import { CHART_TEXT, type ChartModel } from './model';
import {
  axisName,
  axisNameText,
  bareAxis,
  chartBase,
  heatmapCells,
  itemTooltip,
  plotGrid,
} from './parts';
import { STANDING_ORDER, STANDING_STYLES, standingKey, standingText } from './standing';

const ROW_HEIGHT = 34;
const CHROME_HEIGHT = 150;
/** Above this many AMs a cell is too narrow for "▲ +0.42": it shows the symbol only. */
const MAX_LABELLED_COLUMNS = 14;
/** Above this many AMs their names are turned to fit. */
const MAX_LEVEL_NAMES = 10;

/** A cell: [AM column, category row, difference, standing code]. */
type Cell = [number, number, number | null, number];

/** Codes of the standing dimension, which the piecewise visual map colours. */
const CODE = new Map(STANDING_ORDER.map((key, i) => [key, i]));

export interface StandingHeatmapInput {
  assessments: readonly AccountManagerAssessment[];
  scale: CycleView['performance_scale'];
  /** The catalog's categories in survey order (GET /categories), to order the rows. */
  categoryOrder?: readonly { id: number }[];
}

function cellsOf(
  assessments: readonly AccountManagerAssessment[],
  categories: readonly CategoryName[],
): Cell[] {
  const cells: Cell[] = [];
  assessments.forEach((a, x) => {
    categories.forEach((c, y) => {
      const m = a.withheld ? undefined : measureOf(a, categoryKey(c.id));
      if (!m) return;
      const key = standingKey(m);
      cells.push([x, y, m.difference ?? null, CODE.get(key) ?? 0]);
    });
  });
  return cells;
}

function cellLabel(cell: Cell, withValue: boolean): string {
  const style = STANDING_STYLES[STANDING_ORDER[cell[3]] ?? 'insufficient'];
  return withValue ? `${style.symbol} ${formatSigned(cell[2])}` : style.symbol;
}

function tooltipHtml(
  cell: Cell,
  assessments: readonly AccountManagerAssessment[],
  categories: readonly CategoryName[],
): string {
  const a = assessments[cell[0]];
  const c = categories[cell[1]];
  const m = a && c ? measureOf(a, categoryKey(c.id)) : undefined;
  if (!a || !c || !m) return '';
  const interval = m.interval
    ? `${formatSigned(m.interval.low)} to ${formatSigned(m.interval.high)}`
    : 'none (too few accounts)';
  return [
    `<strong>${escapeHtml(a.account_manager.name)}</strong>`,
    escapeHtml(c.name),
    escapeHtml(standingText(standingKey(m))),
    `Difference ${formatSigned(m.difference)} (95% interval ${interval})`,
    `Mean ${formatNumber(m.mean)} over ${m.n} accounts; peers ${formatNumber(m.peer_mean)}`,
  ].join('<br>');
}

function tableOf(
  assessments: readonly AccountManagerAssessment[],
  categories: readonly CategoryName[],
): ChartModel['table'] {
  return {
    columns: [
      { label: 'Category' },
      ...assessments.map((a) => ({ label: a.account_manager.name, numeric: true })),
    ],
    rows: categories.map((c) => [
      c.name,
      ...assessments.map((a) => {
        if (a.withheld) return 'withheld';
        const m = measureOf(a, categoryKey(c.id));
        if (!m) return 'no answers';
        return `${STANDING_STYLES[standingKey(m)].symbol} ${formatSigned(m.difference)}`;
      }),
    ]),
  };
}

function summaryOf(
  assessments: readonly AccountManagerAssessment[],
  categories: readonly CategoryName[],
  cells: readonly Cell[],
  scale: CycleView['performance_scale'],
): string {
  const count = (keys: string[]) =>
    cells.filter((c) => keys.includes(STANDING_ORDER[c[3]] ?? '')).length;
  const above = count(['above', 'above_chance']);
  const below = count(['below', 'below_chance']);
  return (
    `Differences to the peer average of ${assessments.length} account managers on ` +
    `${categories.length} categories: ${above} of ${cells.length} cells above peers, ` +
    `${below} below, the rest on par or with too few accounts to tell ` +
    `(differences in points on the ${scale.min}–${scale.max} scale).`
  );
}

/** The AM x category heatmap; `null` when no AM has a category result. */
export function standingHeatmapChart(input: StandingHeatmapInput): ChartModel | null {
  const { assessments } = input;
  const categories = categoriesOf(assessments, input.categoryOrder);
  if (assessments.length === 0 || categories.length === 0) return null;
  const cells = cellsOf(assessments, categories);
  const withValue = assessments.length <= MAX_LABELLED_COLUMNS;
  const option: ChartOption = {
    ...chartBase(),
    tooltip: {
      ...itemTooltip((p) => {
        const value = (p as { value?: unknown }).value;
        return Array.isArray(value) ? tooltipHtml(value as Cell, assessments, categories) : '';
      }),
      textStyle: { color: CHART_TEXT.color, fontSize: 13 },
    },
    visualMap: {
      type: 'piecewise',
      dimension: 3,
      // The page shows the legend as HTML badges (symbol, words and fill, with a border that
      // the white "too few accounts" swatch needs); echarts' own legend cannot draw borders.
      show: false,
      pieces: STANDING_ORDER.map((key, i) => ({
        value: i,
        label: `${STANDING_STYLES[key].symbol} ${STANDING_STYLES[key].label}`,
        color: STANDING_STYLES[key].fill,
      })),
    },
    grid: plotGrid({ top: 28, left: 8, right: 16, bottom: 48 }),
    xAxis: {
      type: 'category',
      position: 'bottom',
      data: assessments.map((a) => a.account_manager.name),
      ...axisName('Account manager', assessments.length > MAX_LEVEL_NAMES ? 64 : 30),
      ...bareAxis(),
      axisLabel: {
        color: CHART_TEXT.color,
        fontSize: 12,
        interval: 0,
        rotate: assessments.length > MAX_LEVEL_NAMES ? 40 : 0,
        width: assessments.length > MAX_LEVEL_NAMES ? 110 : 96,
        overflow: 'truncate',
      },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories.map((c) => shortLabel(c.name)),
      name: 'Category',
      nameLocation: 'start',
      nameGap: 12,
      nameTextStyle: axisNameText('right'),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 12, interval: 0 },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Difference to the peer average',
        data: cells.map((cell) => {
          const key = STANDING_ORDER[cell[3]] ?? 'insufficient';
          return {
            value: cell,
            // Text colour per standing, for contrast on its fill.
            label: { color: STANDING_STYLES[key].text },
            // A white cell needs an outline to read as a cell.
            ...(key === 'insufficient'
              ? {
                  itemStyle: {
                    borderColor: STANDING_STYLES[key].stroke,
                    borderWidth: 1,
                    borderType: 'dashed' as const,
                  },
                }
              : {}),
          };
        }),
        ...heatmapCells(),
        label: {
          show: true,
          fontSize: 12,
          formatter: (p: unknown) => {
            const value = (p as { value?: unknown }).value;
            return Array.isArray(value) ? cellLabel(value as Cell, withValue) : '';
          },
        },
      },
    ],
  };
  return {
    option,
    summary: summaryOf(assessments, categories, cells, input.scale),
    table: tableOf(assessments, categories),
    height: CHROME_HEIGHT + ROW_HEIGHT * categories.length,
  };
}
