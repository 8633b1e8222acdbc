// Cohorts across cycles (GET /cohort-migration): the share of accounts in each cohort per cycle
// as stacked bars, and the moves between two consecutive cycles as a from-to matrix whose cells
// are tinted by direction (safer, stayed, riskier) and labelled with the count and row share.
import type { components } from '../../api/schema';
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatCount } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  axisNameText,
  axisTooltip,
  bareAxis,
  chartBase,
  firstDataIndex,
  gridLines,
  heatmapCells,
  itemTooltip,
  mutedLabels,
  plotGrid,
  topLegend,
} from '../../charts/parts';
import {
  BUCKET_ORDER,
  BUCKETS,
  bucketName,
  formatPercent,
  type CohortBucket,
  type CohortThresholds,
} from './cohorts';

type Schemas = components['schemas'];
export type CohortMigration = Schemas['CohortMigration'];
export type CycleTransitions = Schemas['CycleTransitions'];

// --- Shares per cycle --------------------------------------------------------------------------

/** The buckets any cycle has accounts in, in cohort order (the empty ones say nothing). */
export function bucketsInUse(migration: CohortMigration): CohortBucket[] {
  return BUCKET_ORDER.filter((b) =>
    migration.cycles.some((c) => c.buckets.some((x) => x.bucket === b && x.count > 0)),
  );
}

function countOf(cycle: CohortMigration['cycles'][number], bucket: CohortBucket) {
  const found = cycle.buckets.find((b) => b.bucket === bucket);
  return { count: found?.count ?? 0, share: found?.share ?? null };
}

/** Stacked shares of each cohort per cycle; `null` without any cycle holding accounts. */
export function migrationSharesChart(
  migration: CohortMigration,
  thresholds: CohortThresholds,
): ChartModel | null {
  const cycles = migration.cycles.filter((c) => c.accounts > 0);
  if (cycles.length === 0) return null;
  const buckets = bucketsInUse({ ...migration, cycles });

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend(
      buckets.map((b) => BUCKETS[b].label),
      { itemGap: 14, fontSize: 12 },
    ),
    grid: plotGrid({ top: 48, left: 8, right: 8, bottom: 40 }),
    tooltip: axisTooltip((params) => {
      const cycle = cycles[firstDataIndex(params)];
      if (!cycle) return '';
      const lines = buckets.map((b) => {
        const { count, share } = countOf(cycle, b);
        return `${escapeHtml(bucketName(b, thresholds))}: ${formatCount(count)} (${formatPercent(share, 1)})`;
      });
      return [
        `<strong>${escapeHtml(cycle.cycle)}</strong> · ${formatCount(cycle.accounts)} accounts`,
        ...lines,
      ].join('<br>');
    }),
    xAxis: {
      type: 'category',
      data: cycles.map((c) => c.cycle),
      ...axisName('Cycle', 28),
      axisTick: { show: false },
      axisLabel: { color: CHART_TEXT.color, fontSize: 12, interval: 0 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: 'Share of the cycle’s accounts (%)',
      nameTextStyle: axisNameText('left'),
      axisLabel: mutedLabels((v: number) => `${v}%`),
      splitLine: gridLines(),
    },
    series: buckets.map((b) => ({
      type: 'bar' as const,
      name: BUCKETS[b].label,
      stack: 'share',
      barMaxWidth: 72,
      itemStyle: { color: BUCKETS[b].color, borderColor: '#FFFFFF', borderWidth: 1 },
      label: {
        show: true,
        position: 'inside' as const,
        color: BUCKETS[b].text,
        fontSize: 11,
        formatter: (p: unknown) => {
          const v = Number((p as { value?: unknown }).value);
          // Too thin a segment for a label; the tooltip and the table have it.
          return v >= 7 ? `${Math.round(v)}%` : '';
        },
      },
      data: cycles.map((c) => {
        const share = countOf(c, b).share;
        return share === null ? 0 : Math.round(share * 1000) / 10;
      }),
    })),
  };

  const first = cycles[0];
  const last = cycles[cycles.length - 1];
  const risky = (c: typeof first) =>
    c ? (countOf(c, 'high').share ?? 0) + (countOf(c, 'extreme').share ?? 0) : 0;
  const summary =
    cycles.length === 1 && first
      ? `Cycle ${first.cycle}: ${formatCount(first.accounts)} accounts, ${formatPercent(risky(first))} at high or extreme risk.`
      : `Risk cohorts over ${cycles.length} cycles, ${first?.cycle} to ${last?.cycle}: the share at high or extreme risk went from ${formatPercent(risky(first))} to ${formatPercent(risky(last))}.`;

  return {
    option,
    summary,
    table: {
      columns: [
        { label: 'Cycle' },
        { label: 'Accounts', numeric: true },
        ...buckets.map((b) => ({ label: BUCKETS[b].label, numeric: true })),
      ],
      rows: cycles.map((c) => [
        c.cycle,
        formatCount(c.accounts),
        ...buckets.map((b) => {
          const { count, share } = countOf(c, b);
          return `${formatCount(count)} (${formatPercent(share)})`;
        }),
      ]),
    },
    height: 360,
  };
}

// --- Moves between two cycles ----------------------------------------------------------------

export type Direction = 'safer' | 'stayed' | 'riskier' | 'other';

const COHORT_RANK = new Map<CohortBucket, number>([
  ['none', 0],
  ['low', 1],
  ['medium', 2],
  ['high', 3],
  ['extreme', 4],
]);

/** Whether a move went to a safer or a riskier cohort; moves from or to "unscored" are neither. */
export function direction(from: CohortBucket, to: CohortBucket): Direction {
  const a = COHORT_RANK.get(from);
  const b = COHORT_RANK.get(to);
  if (a === undefined || b === undefined) return from === to ? 'stayed' : 'other';
  return b < a ? 'safer' : b > a ? 'riskier' : 'stayed';
}

export const DIRECTIONS: Record<Direction, { label: string; fill: string; text: string }> = {
  safer: { label: 'Moved to a safer cohort', fill: '#9CC9E8', text: '#10293D' },
  stayed: { label: 'Stayed', fill: '#E4E4E4', text: '#1F1F1F' },
  riskier: { label: 'Moved to a riskier cohort', fill: '#F5C98A', text: '#3B2600' },
  other: { label: 'Gained or lost a score', fill: '#F2F4F6', text: '#1F2933' },
};

/** The pair the page opens on: the one ending in the page's cycle, else the latest. */
export function defaultPair(
  pairs: readonly CycleTransitions[],
  cycle: string,
): CycleTransitions | undefined {
  return pairs.find((p) => p.to_cycle === cycle) ?? pairs[pairs.length - 1];
}

export interface MoveTotals {
  safer: number;
  stayed: number;
  riskier: number;
  other: number;
}

export function moveTotals(pair: CycleTransitions): MoveTotals {
  const totals: MoveTotals = { safer: 0, stayed: 0, riskier: 0, other: 0 };
  for (const t of pair.transitions) totals[direction(t.from, t.to)] += t.count;
  return totals;
}

/** A cell: [to column, from row, count, direction code]; code 4 is an empty cell. */
type Cell = [number, number, number, number];
const DIRECTION_CODES: readonly Direction[] = ['safer', 'stayed', 'riskier', 'other'];
const EMPTY_CODE = DIRECTION_CODES.length;
const EMPTY_FILL = '#F5F7FA';

/** The from-to matrix of one pair of cycles; `null` when no account is in both. */
export function transitionChart(
  pair: CycleTransitions,
  thresholds: CohortThresholds,
): ChartModel | null {
  if (pair.accounts === 0 || pair.transitions.length === 0) return null;
  const used = new Set<CohortBucket>(BUCKET_ORDER.filter((b) => b !== 'unscored'));
  for (const t of pair.transitions) {
    used.add(t.from);
    used.add(t.to);
  }
  const buckets = BUCKET_ORDER.filter((b) => used.has(b));
  const count = (from: CohortBucket, to: CohortBucket) =>
    pair.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
  const rowTotal = (from: CohortBucket) => buckets.reduce((sum, to) => sum + count(from, to), 0);
  const cells: Cell[] = [];
  buckets.forEach((from, y) =>
    buckets.forEach((to, x) => {
      const n = count(from, to);
      cells.push([x, y, n, n > 0 ? DIRECTION_CODES.indexOf(direction(from, to)) : EMPTY_CODE]);
    }),
  );
  const totals = moveTotals(pair);

  const option: ChartOption = {
    ...chartBase(),
    tooltip: itemTooltip((p) => {
      const value = (p as { value?: unknown }).value;
      if (!Array.isArray(value)) return '';
      const [x, y, n] = value as Cell;
      const from = buckets[y];
      const to = buckets[x];
      if (!from || !to || n === 0) return '';
      const verb = from === to ? 'stayed in' : 'moved to';
      return (
        `<strong>${formatCount(n)} accounts</strong> ${verb} ${escapeHtml(BUCKETS[to].label)} in ${escapeHtml(pair.to_cycle)}` +
        `<br>from ${escapeHtml(bucketName(from, thresholds))} in ${escapeHtml(pair.from_cycle)}` +
        `<br>${formatPercent(n / (rowTotal(from) || 1))} of the ${formatCount(rowTotal(from))} accounts there`
      );
    }),
    visualMap: {
      type: 'piecewise',
      dimension: 3,
      show: false,
      pieces: [
        ...DIRECTION_CODES.map((d, i) => ({
          value: i,
          label: DIRECTIONS[d].label,
          color: DIRECTIONS[d].fill,
        })),
        { value: EMPTY_CODE, label: 'No account', color: EMPTY_FILL },
      ],
    },
    grid: plotGrid({ top: 28, left: 8, right: 16, bottom: 44 }),
    xAxis: {
      type: 'category',
      data: buckets.map((b) => BUCKETS[b].label),
      ...axisName(`Cohort in ${pair.to_cycle} (to) →`, 28),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 12, interval: 0 },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: buckets.map((b) => BUCKETS[b].label),
      name: `Cohort in ${pair.from_cycle} (from) ↓`,
      nameLocation: 'start',
      nameGap: 10,
      nameTextStyle: axisNameText('left'),
      ...bareAxis(),
      axisLabel: { color: CHART_TEXT.color, fontSize: 12, interval: 0 },
    },
    series: [
      {
        type: 'heatmap',
        name: 'Accounts',
        data: cells.map((cell) => ({
          value: cell,
          label: { color: DIRECTIONS[DIRECTION_CODES[cell[3]] ?? 'other'].text },
          ...(cell[2] === 0 ? { emphasis: { disabled: true } } : {}),
        })),
        ...heatmapCells(),
        label: {
          show: true,
          fontSize: 12,
          lineHeight: 16,
          formatter: (p: unknown) => {
            const value = (p as { value?: unknown }).value;
            if (!Array.isArray(value)) return '';
            const [, y, n] = value as Cell;
            const from = buckets[y];
            return from && n > 0
              ? `${formatCount(n)}\n${formatPercent(n / (rowTotal(from) || 1))}`
              : '';
          },
        },
      },
    ],
  };

  return {
    option,
    summary:
      `From ${pair.from_cycle} to ${pair.to_cycle}, of ${formatCount(pair.accounts)} accounts in both cycles ` +
      `${formatCount(totals.safer)} moved to a safer cohort, ${formatCount(totals.stayed)} stayed and ` +
      `${formatCount(totals.riskier)} moved to a riskier one` +
      (totals.other > 0 ? `; ${formatCount(totals.other)} gained or lost a score` : '') +
      `. ${formatCount(pair.entered)} accounts entered and ${formatCount(pair.left)} left.`,
    table: {
      columns: [
        { label: `${pair.from_cycle} \\ ${pair.to_cycle}` },
        ...buckets.map((b) => ({ label: BUCKETS[b].label, numeric: true })),
        { label: 'Total', numeric: true },
      ],
      rows: buckets.map((from) => [
        BUCKETS[from].label,
        ...buckets.map((to) => formatCount(count(from, to))),
        formatCount(rowTotal(from)),
      ]),
    },
    height: 120 + 44 * buckets.length,
  };
}
