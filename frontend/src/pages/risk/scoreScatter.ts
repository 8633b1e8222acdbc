// NPS next to the retention score: each account placed by its likelihood-to-recommend mean
// (0-10, the per-account form of NPS) and its retention score (1-100). Dashed lines mark where
// a mean starts to count as passive and promoter, and where the high-risk cohorts begin; the
// hidden-risk accounts (right of the first line, below the last) are vermillion triangles.
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatNumber, formatSigned } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  chartBase,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  TOOLTIP_DIVIDER,
  topLegend,
  valueIndex,
} from '../../charts/parts';
import {
  BUCKETS,
  isAtRisk,
  type AccountSummary,
  type Cohort,
  type CohortThresholds,
} from './cohorts';
import { NPS_CLASS_LABELS, npsClassOf } from './hiddenRisk';

export type PointGroup = 'hidden' | 'agrees' | 'safe';

export interface ScorePoint {
  id: number;
  name: string;
  /** Likelihood-to-recommend mean, 0-10. */
  ltr: number;
  score: number;
  cohort: Cohort | null;
  group: PointGroup;
}

/**
 * The account's likelihood-to-recommend mean as the account list gives it (`ltr_mean`, 0-10);
 * `null` when the survey asks no such question, nobody at the account answered it, or the
 * account's figures are withheld.
 */
export function ltrOf(account: Pick<AccountSummary, 'ltr_mean' | 'withheld'>): number | null {
  return account.withheld ? null : (account.ltr_mean ?? null);
}

/**
 * Every account with both a score and a likelihood-to-recommend mean. `hidden` holds the ids the
 * API flags as hidden risk; other accounts at high or extreme risk are ones NPS agrees about.
 */
export function scorePoints(
  accounts: readonly AccountSummary[],
  hidden: ReadonlySet<number>,
): ScorePoint[] {
  return accounts.flatMap((a) => {
    const ltr = ltrOf(a);
    if (a.withheld || a.score == null || ltr === null) return [];
    const cohort = a.cohort ?? null;
    const group: PointGroup = hidden.has(a.id) ? 'hidden' : isAtRisk(cohort) ? 'agrees' : 'safe';
    return [{ id: a.id, name: a.name, ltr, score: a.score, cohort, group }];
  });
}

/**
 * What the scatter leaves out: scored accounts without a likelihood-to-recommend mean, and
 * accounts whose figures are withheld (too few responses for anonymity).
 */
export function scatterLeftOut(accounts: readonly AccountSummary[]): {
  noLtr: number;
  withheld: number;
} {
  let noLtr = 0;
  let withheld = 0;
  for (const a of accounts) {
    if (a.withheld) withheld++;
    else if (a.score != null && ltrOf(a) === null) noLtr++;
  }
  return { noLtr, withheld };
}

/** Pearson correlation of two equally long lists; `null` under 3 pairs or without variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const mean = (v: readonly number[]) => v.slice(0, n).reduce((s, x) => s + x, 0) / n;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

export const GROUPS: Record<
  PointGroup,
  { label: string; color: string; symbol: string; size: number; hollow: boolean }
> = {
  hidden: { label: 'Hidden risk', color: '#D55E00', symbol: 'triangle', size: 15, hollow: false },
  agrees: {
    label: 'At risk, NPS agrees',
    color: '#D55E00',
    symbol: 'circle',
    size: 10,
    hollow: true,
  },
  safe: { label: 'Not at high risk', color: '#0072B2', symbol: 'circle', size: 9, hollow: false },
};
const GROUP_ORDER: readonly PointGroup[] = ['hidden', 'agrees', 'safe'];

/** A point of a scatter series: its value, or its value with a label of its own. */
type ScatterItem =
  | number[]
  | {
      value: number[];
      label: {
        show: boolean;
        position: 'right';
        formatter: string;
        color: string;
        fontWeight: number;
      };
    };

export interface ScoreScatterInput {
  points: readonly ScorePoint[];
  thresholds: CohortThresholds;
  /** The likelihood-to-recommend mean from which an account looks safe (settings; 7). */
  safeLtr: number;
}

function tooltipHtml(p: ScorePoint): string {
  return [
    `<strong>${escapeHtml(p.name)}</strong>${p.group === 'hidden' ? ' · hidden risk' : ''}`,
    `Likelihood to recommend ${formatNumber(p.ltr, 1)} of 10 (${NPS_CLASS_LABELS[npsClassOf(p.ltr)].toLowerCase()})`,
    `Retention score ${p.score} (${p.cohort ? BUCKETS[p.cohort].label.toLowerCase() : 'no cohort'})`,
    'Select to open the account',
  ].join('<br>');
}

/** Accounts named in one tooltip; the rest of a crowded marker is counted. */
export const TOOLTIP_MAX_ACCOUNTS = 8;

/**
 * The accounts at the very same place in the same group, by the index of the first of them:
 * they share one marker. One pass, so thousands of accounts stay cheap.
 */
export function stackedPoints(points: readonly ScorePoint[]): Map<number, ScorePoint[]> {
  const first = new Map<string, number>();
  const stacks = new Map<number, ScorePoint[]>();
  points.forEach((p, i) => {
    const key = `${p.group}|${p.ltr}|${p.score}`;
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, i);
      stacks.set(i, [p]);
    } else {
      stacks.get(at)?.push(p);
    }
  });
  return stacks;
}

/**
 * Where the axes start: a little below the lowest value, yet always showing the passive line
 * and the high-risk band, so the reference lines stay in view while the points get the room.
 */
export function axisStarts(
  points: readonly ScorePoint[],
  safeLtr: number,
  thresholds: CohortThresholds,
) {
  const minLtr = Math.min(...points.map((p) => p.ltr));
  const minScore = Math.min(...points.map((p) => p.score));
  return {
    x: Math.max(0, Math.min(Math.floor(minLtr), Math.floor(safeLtr)) - 1),
    y: Math.max(0, Math.min(Math.floor(minScore / 10) * 10, thresholds.high) - 10),
  };
}

/** The scatter; `null` without any account having both values. */
export function scoreScatterChart(input: ScoreScatterInput): ChartModel | null {
  const { points, thresholds, safeLtr } = input;
  if (points.length === 0) return null;
  const r = pearson(
    points.map((p) => p.ltr),
    points.map((p) => p.score),
  );
  const count = (g: PointGroup) => points.filter((p) => p.group === g).length;
  const start = axisStarts(points, safeLtr, thresholds);
  const groups = GROUP_ORDER.filter((g) => count(g) > 0);
  const stacks = stackedPoints(points);
  const stackOf = (p: unknown): ScorePoint[] | undefined => {
    return stacks.get(valueIndex(p, 2));
  };
  const line = (label: string) => ({
    formatter: label,
    color: CHART_TEXT.muted,
    fontSize: 11,
  });

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend(groups.map((g) => GROUPS[g].label)),
    grid: plotGrid({ top: 56, left: 34, right: 32, bottom: 50 }),
    tooltip: itemTooltip((p) => {
      const same = stackOf(p);
      if (!same) return '';
      // Accounts at the very same place share one marker: the tooltip names them (the first few).
      const named = same.slice(0, TOOLTIP_MAX_ACCOUNTS).map(tooltipHtml);
      const more = same.length - TOOLTIP_MAX_ACCOUNTS;
      if (more > 0) named.push(`…and ${more} more at the same place (see the table)`);
      return named.join(TOOLTIP_DIVIDER);
    }),
    xAxis: {
      type: 'value',
      min: start.x,
      max: 10,
      interval: 1,
      ...axisName('Likelihood to recommend, account mean (0–10) →', 30),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'value',
      min: start.y,
      max: 100,
      interval: 10,
      ...axisName('Retention score (1–100) →', 36),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    series: [
      ...groups.map((g) => {
        const style = GROUPS[g];
        return {
          type: 'scatter' as const,
          name: style.label,
          symbol: style.symbol,
          symbolSize: style.size,
          z: g === 'hidden' ? 5 : 3,
          cursor: 'pointer',
          itemStyle: style.hollow
            ? { color: '#FFFFFF', borderColor: style.color, borderWidth: 2 }
            : {
                color: style.color,
                borderColor: '#FFFFFF',
                borderWidth: 1,
                opacity: g === 'safe' ? 0.7 : 1,
              },
          data: points.flatMap((p, i): ScatterItem[] => {
            const same = stacks.get(i);
            if (p.group !== g || !same) return [];
            // A hidden-risk marker standing for several accounts says how many.
            return g === 'hidden' && same.length > 1
              ? [
                  {
                    value: [p.ltr, p.score, i],
                    label: {
                      show: true,
                      position: 'right' as const,
                      formatter: `×${same.length}`,
                      color: style.color,
                      fontWeight: 700,
                    },
                  },
                ]
              : [[p.ltr, p.score, i]];
          }),
        };
      }),
      {
        type: 'scatter' as const,
        name: 'reference lines',
        data: [],
        silent: true,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#3E4C59', type: 'dashed', width: 1.2 },
          data: [
            {
              xAxis: safeLtr,
              label: { ...line(`Passive from ${formatNumber(safeLtr, 0)}`), position: 'end' },
            },
            { xAxis: 9, label: { ...line('Promoter from 9'), position: 'end' } },
            {
              yAxis: thresholds.medium,
              label: {
                ...line(`High risk below ${thresholds.medium}`),
                position: 'insideStartTop',
              },
            },
          ],
        },
      },
    ],
  };

  const hidden = count('hidden');
  return {
    option,
    summary:
      `${points.length} accounts by likelihood to recommend (0–10) and retention score (1–100): ` +
      `${hidden} hidden risk (recommend at ${formatNumber(safeLtr, 0)} or more, yet score below ${thresholds.medium}), ` +
      `${count('agrees')} at high or extreme risk with a low likelihood to recommend, ${count('safe')} not at high risk.` +
      (r === null ? '' : ` Correlation r = ${formatSigned(r, 2)}.`),
    table: {
      columns: [
        { label: 'Account' },
        { label: 'Likelihood to recommend (0–10)', numeric: true },
        { label: 'NPS class' },
        { label: 'Retention score (1–100)', numeric: true },
        { label: 'Cohort' },
        { label: 'Hidden risk' },
      ],
      rows: [...points]
        .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
        .map((p) => [
          p.name,
          formatNumber(p.ltr, 1),
          NPS_CLASS_LABELS[npsClassOf(p.ltr)],
          String(p.score),
          p.cohort ? BUCKETS[p.cohort].label : '–',
          p.group === 'hidden' ? 'Yes' : 'No',
        ]),
    },
    height: 460,
  };
}
