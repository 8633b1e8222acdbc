// The alert overview per account manager (GET /alerts/overview): rows for the table, and a
// horizontal stacked bar chart of each AM's alerts by severity. Both count the statuses the
// list is filtered to (every status without a filter), so chart, table and list agree.
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatCount, shortLabel } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  axisTooltip,
  chartBase,
  firstDataIndex,
  gridLines,
  mutedLabels,
  plotGrid,
  topLegend,
} from '../../charts/parts';
import {
  SEVERITIES,
  SEVERITY_ORDER,
  STATUSES,
  STATUS_ORDER,
  type AlertOverviewRow,
  type AlertStatus,
  type Severity,
} from './alertText';

export interface OverviewRow {
  id: number;
  name: string;
  team: string | null;
  /** Alerts of each severity, in the statuses counted. */
  high: number;
  medium: number;
  low: number;
  /** All severities, in the statuses counted. */
  total: number;
  /** All severities, per status (whatever the statuses counted). */
  open: number;
  acknowledged: number;
  resolved: number;
}

function count(row: AlertOverviewRow, severity: Severity, status: AlertStatus | null): number {
  const counts = row[severity];
  return status ? counts[status] : counts.open + counts.acknowledged + counts.resolved;
}

/**
 * One row per AM, the most urgent first: by high, then medium, then low alerts (in the
 * statuses counted), then by name; AMs without alerts stay, last.
 */
export function overviewRows(
  rows: readonly AlertOverviewRow[],
  status: AlertStatus | null,
): OverviewRow[] {
  const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return rows
    .map((row): OverviewRow => {
      const high = count(row, 'high', status);
      const medium = count(row, 'medium', status);
      const low = count(row, 'low', status);
      const sum = (s: AlertStatus) => row.high[s] + row.medium[s] + row.low[s];
      return {
        id: row.account_manager.id,
        name: row.account_manager.name,
        team: row.account_manager.team ?? null,
        high,
        medium,
        low,
        total: high + medium + low,
        open: sum('open'),
        acknowledged: sum('acknowledged'),
        resolved: sum('resolved'),
      };
    })
    .sort(
      (a, b) =>
        b.high - a.high || b.medium - a.medium || b.low - a.low || byName.compare(a.name, b.name),
    );
}

export interface OverviewTotals {
  high: number;
  medium: number;
  low: number;
  total: number;
  /** AMs with at least one alert counted. */
  withAlerts: number;
}

export function overviewTotals(rows: readonly OverviewRow[]): OverviewTotals {
  return rows.reduce(
    (t, r) => ({
      high: t.high + r.high,
      medium: t.medium + r.medium,
      low: t.low + r.low,
      total: t.total + r.total,
      withAlerts: t.withAlerts + (r.total > 0 ? 1 : 0),
    }),
    { high: 0, medium: 0, low: 0, total: 0, withAlerts: 0 },
  );
}

/** "open alerts", "alerts" (every status): what the chart counts, in words. */
export function countedText(status: AlertStatus | null): string {
  return status ? `${STATUSES[status].label.toLowerCase()} alerts` : 'alerts';
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const ROW_HEIGHT = 30;
const CHROME_HEIGHT = 110;
/** The series that labels AMs without alerts; not in the legend. */
export const NONE_SERIES = 'none';
/** Smallest share of the longest bar a segment needs to carry its number. */
export const LABEL_MIN_SHARE = 0.05;

function summaryOf(rows: readonly OverviewRow[], status: AlertStatus | null): string {
  const totals = overviewTotals(rows);
  const what = countedText(status);
  if (totals.total === 0) {
    return `No ${what} for ${plural(rows.length, 'account manager', 'account managers')}.`;
  }
  const parts = SEVERITY_ORDER.filter((s) => totals[s] > 0).map(
    (s) => `${formatCount(totals[s])} ${SEVERITIES[s].label.toLowerCase()}`,
  );
  const top = rows[0];
  const most =
    top && top.total > 0
      ? ` Most urgent: ${top.name} (${formatCount(top.high)} high, ${formatCount(top.medium)} medium, ${formatCount(top.low)} low).`
      : '';
  const none = rows.length - totals.withAlerts;
  const without =
    none > 0 ? ` ${plural(none, 'account manager has', 'account managers have')} none.` : '';
  return `${plural(totals.total, what.replace(/s$/, ''), what)} (${parts.join(', ')}) across ${plural(totals.withAlerts, 'account manager', 'account managers')}.${most}${without}`;
}

function tableOf(rows: readonly OverviewRow[]): ChartModel['table'] {
  return {
    columns: [
      { label: 'Account manager' },
      ...SEVERITY_ORDER.map((s) => ({ label: `${SEVERITIES[s].label} (count)`, numeric: true })),
      { label: 'Total (count)', numeric: true },
    ],
    rows: rows.map((r) => [
      r.name,
      formatCount(r.high),
      formatCount(r.medium),
      formatCount(r.low),
      formatCount(r.total),
    ]),
  };
}

/**
 * The stacked bars of alerts per AM by severity; `null` when there is no AM. The AM the list is
 * filtered to (`selected`) is marked on the axis.
 */
export function alertOverviewChart(
  rows: readonly OverviewRow[],
  status: AlertStatus | null,
  selected: number | null = null,
): ChartModel | null {
  if (rows.length === 0) return null;
  const what = countedText(status);
  const names = rows.map((r) => r.name);
  const widest = Math.max(1, ...rows.map((r) => r.total));
  const tooltip = (index: number): string => {
    const row = rows[index];
    if (!row) return '';
    const lines = SEVERITY_ORDER.map(
      (s) => `${SEVERITIES[s].symbol} ${SEVERITIES[s].label}: ${formatCount(row[s])}`,
    );
    const statuses = STATUS_ORDER.map(
      (s) => `${STATUSES[s].label.toLowerCase()} ${formatCount(row[s])}`,
    ).join(', ');
    return [
      `<strong>${escapeHtml(row.name)}</strong>${row.team ? ` · team ${escapeHtml(row.team)}` : ''}`,
      `${formatCount(row.total)} ${escapeHtml(what)}`,
      ...lines,
      `<span style="color:${CHART_TEXT.muted}">All severities: ${statuses}</span>`,
      `<span style="color:${CHART_TEXT.muted}">Select to list them</span>`,
    ].join('<br>');
  };

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend(SEVERITY_ORDER.map((s) => `${SEVERITIES[s].label} severity`)),
    grid: plotGrid({ top: 40, left: 8, right: 32, bottom: 40 }),
    tooltip: axisTooltip((p) => {
      return tooltip(firstDataIndex(p));
    }),
    xAxis: {
      type: 'value',
      minInterval: 1,
      ...axisName(`Number of ${what}`, 26),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: CHART_TEXT.axis } },
      axisLabel: {
        color: CHART_TEXT.color,
        fontSize: 13,
        formatter: (name: string, index: number) => {
          const label = shortLabel(name, 28).replace(/[{}|]/g, '');
          return rows[index]?.id === selected ? `{selected|▸ ${label}}` : label;
        },
        rich: { selected: { fontWeight: 'bold', fontSize: 13, color: CHART_TEXT.color } },
      },
    },
    series: [
      ...SEVERITY_ORDER.map((s) => ({
        type: 'bar' as const,
        name: `${SEVERITIES[s].label} severity`,
        stack: 'alerts',
        barMaxWidth: 22,
        cursor: 'pointer',
        itemStyle: { color: SEVERITIES[s].fill, borderColor: '#FFFFFF', borderWidth: 1 },
        emphasis: { focus: 'series' as const },
        label: { show: true, color: SEVERITIES[s].text, fontSize: 12 },
        // A segment too narrow for its number (or empty) shows none; the tooltip and table have it.
        data: rows.map((r) => ({
          value: r[s],
          label: { show: r[s] > 0 && r[s] / widest >= LABEL_MIN_SHARE },
        })),
      })),
      // An empty bar says so, rather than leaving a blank that reads like missing data.
      {
        type: 'bar' as const,
        name: NONE_SERIES,
        stack: 'alerts',
        silent: true,
        tooltip: { show: false },
        label: {
          show: true,
          position: 'right' as const,
          color: CHART_TEXT.muted,
          fontSize: 12,
          formatter: `no ${what}`,
        },
        data: rows.map((r) => ({ value: 0, label: { show: r.total === 0 } })),
      },
    ],
  };

  return {
    option,
    summary: summaryOf(rows, status),
    table: tableOf(rows),
    height: CHROME_HEIGHT + ROW_HEIGHT * rows.length,
  };
}
