// One account manager's strengths and weaknesses: per category, the difference of their mean
// to the peer average with its Welch 95% interval (METHOD section 6), as a dot-and-interval
// chart sorted by difference, the peer average at 0. The whole-book measures (score, F, IWP)
// have units of their own, so they are rows of a table beside it rather than points on it.
import type {
  AccountManagerAssessment,
  CategoryAssessment,
  CycleView,
  MeasureAssessment,
} from '../../api/types';
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatNumber, formatSigned, niceCeil, shortLabel } from '../../charts/format';
import { measureInfo, type MeasureInfo } from '../../charts/measures';
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
  withoutSymbol,
} from '../../charts/parts';
import {
  STANDING_ORDER,
  STANDING_STYLES,
  standingKey,
  standingText,
  type StandingKey,
} from '../../charts/standing';
import {
  peerAverageSeries,
  standingSeries,
  standingSeriesName,
  type StandingMarks,
} from '../../charts/standingMarks';

type Scale = CycleView['performance_scale'];

const ROW_HEIGHT = 36;
const CHROME_HEIGHT = 120;

/** The categories, largest difference first (strengths on top); those without one last. */
export function strengthRows(assessment: AccountManagerAssessment): CategoryAssessment[] {
  return assessment.categories
    .map((category, index) => ({ category, index }))
    .sort((a, b) => {
      const da = a.category.difference ?? null;
      const db = b.category.difference ?? null;
      if (da !== null && db !== null && da !== db) return db - da;
      if (da === null && db !== null) return 1;
      if (da !== null && db === null) return -1;
      return a.index - b.index;
    })
    .map(({ category }) => category);
}

/** Counts of each standing among the categories. */
export function standingCounts(categories: readonly MeasureAssessment[]): Map<StandingKey, number> {
  const counts = new Map<StandingKey, number>();
  for (const c of categories) {
    const key = standingKey(c);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function intervalText(m: MeasureAssessment, factor: number, digits: number): string {
  return m.interval
    ? `${formatSigned(m.interval.low * factor, digits)} to ${formatSigned(m.interval.high * factor, digits)}`
    : '–';
}

function tooltipHtml(c: CategoryAssessment, scale: Scale): string {
  const interval = c.interval ? intervalText(c, 1, 2) : 'none (too few accounts)';
  const q =
    c.q_value === null || c.q_value === undefined ? '' : `, q = ${formatNumber(c.q_value, 3)}`;
  return [
    `<strong>${escapeHtml(c.name)}</strong>`,
    `${escapeHtml(standingText(standingKey(c)))}${q}`,
    `Difference ${formatSigned(c.difference, 2)} points (95% interval ${interval})`,
    `Mean ${formatNumber(c.mean, 2)} over ${c.n} accounts; peer average ${formatNumber(c.peer_mean, 2)} over ${c.peer_n}`,
    `Shrunk mean ${formatNumber(c.shrunk_mean, 2)} (on the ${scale.min}–${scale.max} scale)`,
  ].join('<br>');
}

function tableOf(rows: readonly CategoryAssessment[]): ChartModel['table'] {
  return {
    columns: [
      { label: 'Category' },
      { label: 'Standing' },
      { label: 'Difference (points)', numeric: true },
      { label: '95% interval', numeric: true },
      { label: 'Mean', numeric: true },
      { label: 'Peer average', numeric: true },
      { label: 'Shrunk mean', numeric: true },
      { label: 'Accounts', numeric: true },
      { label: 'q-value', numeric: true },
    ],
    rows: rows.map((c) => [
      c.name,
      standingText(standingKey(c)),
      formatSigned(c.difference, 2),
      intervalText(c, 1, 2),
      formatNumber(c.mean, 2),
      formatNumber(c.peer_mean, 2),
      formatNumber(c.shrunk_mean, 2),
      String(c.n),
      formatNumber(c.q_value, 3),
    ]),
  };
}

function summaryOf(name: string, rows: readonly CategoryAssessment[], scale: Scale): string {
  const counts = standingCounts(rows);
  const parts = STANDING_ORDER.filter((k) => counts.has(k)).map(
    (k) => `${counts.get(k)} ${STANDING_STYLES[k].label.toLowerCase()}`,
  );
  const valued = rows.filter((r) => r.difference != null);
  const best = valued[0];
  const worst = valued[valued.length - 1];
  const extremes =
    best && worst && valued.length > 1
      ? ` Strongest: ${best.name} (${formatSigned(best.difference, 2)}); weakest: ${worst.name} (${formatSigned(worst.difference, 2)}).`
      : '';
  return `${name} against the peer average on ${rows.length} categories, in points on the ${scale.min}–${scale.max} scale: ${parts.join(', ')}.${extremes}`;
}

/** Half the width of the x axis: symmetric around 0 so above and below read alike. */
function halfWidth(rows: readonly CategoryAssessment[]): number {
  let widest = 0;
  for (const c of rows) {
    for (const v of [c.difference, c.interval?.low, c.interval?.high]) {
      if (v !== null && v !== undefined) widest = Math.max(widest, Math.abs(v));
    }
  }
  return niceCeil(widest * 1.05);
}

function seriesFor(key: StandingKey, rows: readonly CategoryAssessment[]) {
  const marks: StandingMarks = { points: [], intervals: [] };
  rows.forEach((c, index) => {
    if (standingKey(c) !== key) return;
    if (c.difference !== null && c.difference !== undefined)
      marks.points.push([c.difference, index]);
    if (c.interval) marks.intervals.push([c.interval.low, c.interval.high, index]);
  });
  return standingSeries(key, marks, 14);
}

export interface StrengthsInput {
  assessment: AccountManagerAssessment;
  scale: Scale;
}

/** The dot-and-interval chart of every category; `null` when withheld or without categories. */
export function strengthsChart({ assessment, scale }: StrengthsInput): ChartModel | null {
  if (assessment.withheld || assessment.categories.length === 0) return null;
  const rows = strengthRows(assessment);
  const half = halfWidth(rows);
  const digits = half >= 10 ? 0 : half >= 1 ? 1 : 2;
  const present = STANDING_ORDER.filter((k) => rows.some((c) => standingKey(c) === k));
  const option: ChartOption = {
    ...chartBase(),
    legend: { ...topLegend(present.map(standingSeriesName)), formatter: withoutSymbol },
    grid: plotGrid({ top: 48, left: 8, right: 28, bottom: 48 }),
    tooltip: itemTooltip((p) => {
      const row = rows[valueIndex(p, 1)];
      return row ? tooltipHtml(row, scale) : '';
    }),
    xAxis: {
      type: 'value',
      min: -half,
      max: half,
      ...axisName(
        `Difference to the peer average (points on the ${scale.min}–${scale.max} scale)`,
        30,
      ),
      axisLabel: mutedLabels((v: number) => formatSigned(v, digits)),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((c) => shortLabel(c.name, 40)),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 13, width: 260, overflow: 'truncate' },
      splitLine: rowLines(),
    },
    series: [...present.flatMap((key) => seriesFor(key, rows)), peerAverageSeries()],
  };
  return {
    option,
    summary: summaryOf(assessment.account_manager.name, rows, scale),
    table: tableOf(rows),
    height: CHROME_HEIGHT + ROW_HEIGHT * rows.length,
  };
}

/** One whole-book measure, formatted for the table beside the chart. */
export interface WholeBookRow {
  key: 'score' | 'f' | 'iwp';
  label: string;
  /** The range of the measure's values: "1–100", "0–100%", "1–10 scale". */
  range: string;
  /** The unit of its difference: "score points". */
  unit: string;
  standing: StandingKey;
  mean: string;
  peerMean: string;
  difference: string;
  interval: string;
  shrunkMean: string;
  accounts: number;
  qValue: string;
}

const WHOLE_BOOK_ORDER = ['score', 'f', 'iwp'] as const;

function rangeOf(key: WholeBookRow['key'], scale: Scale): string {
  return key === 'score' ? '1–100' : key === 'f' ? '0–100%' : `${scale.min}–${scale.max} scale`;
}

function wholeBookRow(
  key: WholeBookRow['key'],
  m: MeasureAssessment,
  info: MeasureInfo,
  scale: Scale,
): WholeBookRow {
  const f = info.factor;
  const d = info.digits;
  return {
    key,
    label: info.label,
    range: rangeOf(key, scale),
    unit: info.unit,
    standing: standingKey(m),
    mean: formatNumber(m.mean * f, d),
    peerMean: formatNumber(m.peer_mean == null ? null : m.peer_mean * f, d),
    difference: formatSigned(m.difference == null ? null : m.difference * f, d),
    interval: intervalText(m, f, d),
    shrunkMean: formatNumber(m.shrunk_mean * f, d),
    accounts: m.n,
    qValue: formatNumber(m.q_value, 3),
  };
}

/** The whole-book measures in a fixed order: retention score, fulfilment, IWP. */
export function wholeBookRows(assessment: AccountManagerAssessment, scale: Scale): WholeBookRow[] {
  if (assessment.withheld) return [];
  return WHOLE_BOOK_ORDER.flatMap((key) => {
    const m = assessment.whole_book.find((w) => w.measure === key);
    return m ? [wholeBookRow(key, m, measureInfo(key, scale), scale)] : [];
  });
}
