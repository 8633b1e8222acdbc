// Categories ranked by priority (METHOD section 5: normalised importance times the share of
// answers not in the top box): where acting first helps most. Bars are coloured by IPA quadrant
// and labelled with the value and the quadrant's name, so the colour is never the only cue.
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatNumber, shortLabel } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  chartBase,
  dataIndexOf,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  topLegend,
} from '../../charts/parts';
import {
  byPriority,
  formatShare,
  QUADRANT_ORDER,
  QUADRANTS,
  type CategoryRow,
  type ImportanceInfo,
} from './categoryRows';

const ROW_HEIGHT = 32;
const CHROME_HEIGHT = 110;

function tooltipHtml(row: CategoryRow, importance: ImportanceInfo): string {
  const quadrant = row.quadrant ? QUADRANTS[row.quadrant].label : 'no quadrant';
  return [
    `<strong>${row.rank}. ${escapeHtml(row.name)}</strong>`,
    `Priority ${formatNumber(row.priority, 2)} · ${escapeHtml(quadrant)}`,
    `${escapeHtml(importance.label)} ${escapeHtml(importance.format(row.importance))}`,
    `Top-box share ${formatShare(row.topBox)} (${row.n} answers)`,
  ].join('<br>');
}

function summaryOf(ranked: readonly CategoryRow[], total: number): string {
  const head = ranked
    .slice(0, 3)
    .map(
      (r) =>
        `${r.name} (${formatNumber(r.priority, 2)}${r.quadrant ? `, ${QUADRANTS[r.quadrant].label.toLowerCase()}` : ''})`,
    );
  const missing = total - ranked.length;
  return (
    `${ranked.length} categories ranked by priority, highest first: ${head.join('; ')}` +
    `${ranked.length > 3 ? '; …' : ''}.` +
    (missing > 0 ? ` ${missing} without answers in this scope.` : '')
  );
}

/** The priority ranking; `null` when no category has a priority. */
export function priorityChart(
  rows: readonly CategoryRow[],
  importance: ImportanceInfo,
): ChartModel | null {
  const ranked = byPriority(rows);
  if (ranked.length === 0) return null;
  const max = Math.max(...ranked.map((r) => r.priority ?? 0));
  // Priority is 0-1; the axis ends at the next round step above the largest value, so small
  // priorities are not slivers.
  const step = max > 0.2 ? 0.1 : max > 0.05 ? 0.05 : 0.01;
  const axisMax = Math.min(1, Number((Math.floor(max / step + 1e-9) * step + step).toFixed(2)));
  const present = QUADRANT_ORDER.filter((q) => ranked.some((r) => r.quadrant === q));
  const groups: CategoryRow['quadrant'][] = [...present];
  if (ranked.some((r) => r.quadrant === null)) groups.push(null);

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend(present.map((q) => QUADRANTS[q].label)),
    grid: plotGrid({ top: 44, left: 8, right: 150, bottom: 44 }),
    tooltip: itemTooltip((p) => {
      const index = dataIndexOf(p);
      const row = ranked[index];
      return row ? tooltipHtml(row, importance) : '';
    }),
    xAxis: {
      type: 'value',
      min: 0,
      max: axisMax,
      ...axisName('Priority: normalised importance × (1 − top-box share), 0–1', 28),
      axisLabel: mutedLabels((v: number) => formatNumber(v, 2)),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: ranked.map((r) => `${r.rank}. ${shortLabel(r.name, 34)}`),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: CHART_TEXT.axis } },
      axisLabel: { color: CHART_TEXT.color, fontSize: 13, interval: 0 },
    },
    // One series per quadrant, stacked so each category keeps its own row: a legend entry per
    // quadrant, and a bar where its category belongs.
    series: groups.map((q) => {
      const style = q ? QUADRANTS[q] : null;
      return {
        type: 'bar' as const,
        name: style?.label ?? 'No quadrant',
        stack: 'priority',
        barMaxWidth: 22,
        itemStyle: {
          color: style?.color ?? '#FFFFFF',
          borderColor: style ? undefined : CHART_TEXT.axis,
        },
        label: {
          show: true,
          position: 'right' as const,
          color: CHART_TEXT.color,
          fontSize: 12,
          formatter: (p: unknown) => {
            const row = ranked[dataIndexOf(p)];
            return row ? `${formatNumber(row.priority, 2)} · ${style?.short ?? 'no quadrant'}` : '';
          },
        },
        data: ranked.map((r) => (r.quadrant === q ? r.priority : null)),
      };
    }),
  };

  return {
    option,
    summary: summaryOf(ranked, rows.length),
    table: {
      columns: [
        { label: 'Category' },
        { label: 'Rank', numeric: true },
        { label: 'Priority (0–1)', numeric: true },
        { label: 'Quadrant' },
        { label: `${importance.label} (${importance.unit})`, numeric: true },
        { label: 'Top-box share', numeric: true },
      ],
      rows: ranked.map((r) => [
        r.name,
        String(r.rank),
        formatNumber(r.priority, 3),
        r.quadrant ? QUADRANTS[r.quadrant].label : '–',
        importance.format(r.importance),
        formatShare(r.topBox),
      ]),
    },
    height: CHROME_HEIGHT + ROW_HEIGHT * ranked.length,
  };
}
