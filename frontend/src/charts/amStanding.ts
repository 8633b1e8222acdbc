// Every account manager against the peer average on one measure: the difference of their mean
// to the mean of everyone else's accounts, with its Welch 95% interval, as a forest plot.
// A point right of the dashed line is above the peer average; the interval says how sure.
import type { AccountManagerAssessment, CycleView, MeasureAssessment } from '../api/types';
import type { ChartOption } from './echarts';
import { escapeHtml, formatNumber, formatSigned, niceCeil } from './format';
import { measureInfo, measureOf, type MeasureInfo, type MeasureKey } from './measures';
import { CHART_TEXT, type ChartModel } from './model';
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
  withoutSymbol,
} from './parts';
import {
  STANDING_ORDER,
  STANDING_STYLES,
  standingKey,
  standingText,
  type StandingKey,
} from './standing';
import {
  peerAverageSeries,
  standingSeries,
  standingSeriesName,
  type StandingMarks,
} from './standingMarks';

export interface StandingRow {
  id: number;
  name: string;
  /** The AM's figures on the measure; absent when their book has none or they are withheld. */
  measure: MeasureAssessment | undefined;
  withheld: boolean;
  standing: StandingKey | null;
}

const ROW_HEIGHT = 34;
const CHROME_HEIGHT = 130;

/** The rows of the chart, best difference first; AMs without a value last, by name. */
export function standingRows(
  assessments: readonly AccountManagerAssessment[],
  key: MeasureKey,
): StandingRow[] {
  const rows = assessments.map((a): StandingRow => {
    const measure = a.withheld ? undefined : measureOf(a, key);
    return {
      id: a.account_manager.id,
      name: a.account_manager.name,
      measure,
      withheld: a.withheld,
      standing: measure ? standingKey(measure) : null,
    };
  });
  const diff = (r: StandingRow) => r.measure?.difference ?? null;
  return rows.sort((a, b) => {
    const da = diff(a);
    const db = diff(b);
    if (da !== null && db !== null && da !== db) return db - da;
    if (da === null && db !== null) return 1;
    if (da !== null && db === null) return -1;
    return a.name.localeCompare(b.name);
  });
}

function scaled(value: number | null | undefined, info: MeasureInfo): number | null {
  return value === null || value === undefined ? null : value * info.factor;
}

/** A value of the measure as shown: scaled, with the measure's decimals. */
const show = (value: number | null | undefined, info: MeasureInfo) =>
  formatNumber(scaled(value, info), info.digits);
const showSigned = (value: number | null | undefined, info: MeasureInfo) =>
  formatSigned(scaled(value, info), info.digits);

function intervalText(m: MeasureAssessment, info: MeasureInfo): string | null {
  return m.interval
    ? `${showSigned(m.interval.low, info)} to ${showSigned(m.interval.high, info)}`
    : null;
}

function tooltipHtml(row: StandingRow, info: MeasureInfo): string {
  const m = row.measure;
  if (!m || !row.standing) return escapeHtml(row.name);
  const interval = intervalText(m, info) ?? 'none (too few accounts)';
  const q =
    m.q_value === null || m.q_value === undefined ? '' : `, q = ${formatNumber(m.q_value, 3)}`;
  return [
    `<strong>${escapeHtml(row.name)}</strong> · ${escapeHtml(info.label)}`,
    `${escapeHtml(standingText(row.standing))}${q}`,
    `Difference ${showSigned(m.difference, info)} (95% interval ${interval})`,
    `Mean ${show(m.mean, info)} over ${m.n} accounts; ` +
      `peers ${show(m.peer_mean, info)} over ${m.peer_n}`,
  ].join('<br>');
}

function noValueText(row: StandingRow): string {
  return row.withheld ? 'Withheld (small book)' : 'No answers in this cycle';
}

function tableOf(rows: readonly StandingRow[], info: MeasureInfo): ChartModel['table'] {
  return {
    columns: [
      { label: 'Account manager' },
      { label: 'Standing' },
      { label: `Difference (${info.unit})`, numeric: true },
      { label: '95% interval', numeric: true },
      { label: 'Mean', numeric: true },
      { label: 'Peer mean', numeric: true },
      { label: 'Accounts', numeric: true },
      { label: 'q-value', numeric: true },
    ],
    rows: rows.map((row) => {
      const m = row.measure;
      if (!m || !row.standing) return [row.name, noValueText(row), '–', '–', '–', '–', '–', '–'];
      return [
        row.name,
        standingText(row.standing),
        showSigned(m.difference, info),
        intervalText(m, info) ?? '–',
        show(m.mean, info),
        show(m.peer_mean, info),
        String(m.n),
        formatNumber(m.q_value, 3),
      ];
    }),
  };
}

function summaryOf(rows: readonly StandingRow[], info: MeasureInfo): string {
  const counts = new Map<StandingKey, number>();
  for (const row of rows) {
    if (row.standing) counts.set(row.standing, (counts.get(row.standing) ?? 0) + 1);
  }
  const parts = STANDING_ORDER.filter((k) => counts.has(k)).map(
    (k) => `${counts.get(k)} ${STANDING_STYLES[k].label.toLowerCase()}`,
  );
  const valued = rows.filter((r) => r.measure?.difference != null);
  const best = valued[0];
  const worst = valued[valued.length - 1];
  const extremes =
    best && worst && valued.length > 1
      ? ` Largest difference: ${best.name} (${showSigned(best.measure?.difference, info)}); ` +
        `smallest: ${worst.name} (${showSigned(worst.measure?.difference, info)}).`
      : '';
  const missing = rows.length - valued.length;
  const none = missing > 0 ? ` ${missing} without a value.` : '';
  const standings = parts.join(', ') || 'no standings';
  return (
    `${info.label}, ${rows.length} account managers against the peer average: ` +
    `${standings}.${extremes}${none}`
  );
}

/** The half-width of the x axis: symmetric around 0 so above and below read alike. */
function extent(rows: readonly StandingRow[], info: MeasureInfo): number {
  let widest = 0;
  for (const row of rows) {
    const m = row.measure;
    for (const v of [m?.difference, m?.interval?.low, m?.interval?.high]) {
      const s = scaled(v, info);
      if (s !== null) widest = Math.max(widest, Math.abs(s));
    }
  }
  return niceCeil(widest * 1.05);
}

function seriesFor(key: StandingKey, rows: readonly StandingRow[], info: MeasureInfo) {
  const marks: StandingMarks = { points: [], intervals: [] };
  rows.forEach((row, index) => {
    const m = row.measure;
    if (row.standing !== key || !m) return;
    const diff = scaled(m.difference, info);
    if (diff !== null) marks.points.push([diff, index]);
    const low = scaled(m.interval?.low, info);
    const high = scaled(m.interval?.high, info);
    if (low !== null && high !== null) marks.intervals.push([low, high, index]);
  });
  return standingSeries(key, marks, 13);
}

export interface AmStandingInput {
  assessments: readonly AccountManagerAssessment[];
  measure: MeasureKey;
  scale: CycleView['performance_scale'];
  /** The category's display name, when `measure` is a category. */
  categoryName?: string;
}

/** The forest plot of every AM's difference to the peer average; `null` when there is no AM. */
export function amStandingChart(input: AmStandingInput): ChartModel | null {
  if (input.assessments.length === 0) return null;
  const info = measureInfo(input.measure, input.scale, input.categoryName);
  const rows = standingRows(input.assessments, input.measure);
  const half = extent(rows, info);
  const series = STANDING_ORDER.flatMap((key) => seriesFor(key, rows, info));
  const legend = STANDING_ORDER.filter((key) => rows.some((r) => r.standing === key)).map(
    standingSeriesName,
  );
  const option: ChartOption = {
    ...chartBase(),
    legend: { ...topLegend(legend), formatter: withoutSymbol },
    grid: plotGrid({ top: 56, left: 8, right: 24, bottom: 44 }),
    tooltip: {
      ...itemTooltip((p) => {
        const row = rows[valueIndex(p, 1)];
        return row ? tooltipHtml(row, info) : '';
      }),
      textStyle: { color: CHART_TEXT.color, fontSize: 13 },
    },
    xAxis: {
      type: 'value',
      min: -half,
      max: half,
      ...axisName(`Difference to the peer average (${info.unit})`, 28),
      axisLabel: mutedLabels((v: number) => formatSigned(v, half >= 10 ? 0 : half >= 1 ? 1 : 2)),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 13, width: 200, overflow: 'truncate' },
      splitLine: rowLines(),
    },
    series: [...series, peerAverageSeries()],
  };
  return {
    option,
    summary: summaryOf(rows, info),
    table: tableOf(rows, info),
    height: CHROME_HEIGHT + ROW_HEIGHT * rows.length,
  };
}
