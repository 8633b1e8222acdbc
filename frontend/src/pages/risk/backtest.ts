// The back-test (GET /backtest): how well the retention score and the likelihood to recommend
// told churned accounts from renewed ones, as the area under the ROC curve (0.5 is a coin
// toss, 1 separates them perfectly, below 0.5 points the wrong way).
import type { components } from '../../api/schema';
import type { ChartOption } from '../../charts/echarts';
import { formatCount, formatNumber } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  chartBase,
  dataIndexOf,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  referenceLine,
} from '../../charts/parts';

type Schemas = components['schemas'];
export type BacktestView = Schemas['BacktestView'];
export type Auc = Schemas['Auc'];

export interface Signal {
  key: 'score' | 'nps';
  label: string;
  auc: Auc;
}

export function signals(view: BacktestView): Signal[] {
  const list: Signal[] = [];
  if (view.score) list.push({ key: 'score', label: 'Retention score', auc: view.score });
  if (view.nps) list.push({ key: 'nps', label: 'Likelihood to recommend (NPS)', auc: view.nps });
  return list;
}

/** A verdict in words: how far from a coin toss, and in which direction. */
export function verdict(auc: number): string {
  if (auc >= 0.8) return 'strong: it tells churn from renewal well';
  if (auc >= 0.7) return 'useful';
  if (auc >= 0.6) return 'weak';
  if (auc > 0.4) return 'no better than a coin toss';
  return 'points the wrong way: churned accounts tended to rate higher than renewed ones';
}

const COLORS = { score: '#0072B2', nps: '#CC79A7' } as const;

/** AUC of each signal against the coin-toss line; `null` without outcomes. */
export function backtestChart(view: BacktestView): ChartModel | null {
  const list = signals(view);
  if (list.length === 0) return null;
  const option: ChartOption = {
    ...chartBase(),
    grid: plotGrid({ top: 28, left: 8, right: 64, bottom: 44 }),
    tooltip: itemTooltip((p) => {
      const s = list[dataIndexOf(p)];
      return s
        ? `<strong>${s.label}</strong><br>AUC ${formatNumber(s.auc.auc, 2)}: ${verdict(s.auc.auc)}<br>${formatCount(s.auc.n)} accounts, ${formatCount(s.auc.churned)} churned`
        : '';
    }),
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      interval: 0.1,
      ...axisName('Area under the ROC curve (0.5 = coin toss, 1 = perfect)', 28),
      axisLabel: mutedLabels((v: number) => formatNumber(v, 1)),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: list.map((s) => s.label),
      axisTick: { show: false },
      axisLabel: { color: CHART_TEXT.color, fontSize: 13 },
    },
    series: [
      {
        type: 'bar',
        name: 'AUC',
        barMaxWidth: 28,
        data: list.map((s) => ({ value: s.auc.auc, itemStyle: { color: COLORS[s.key] } })),
        label: {
          show: true,
          position: 'right',
          color: CHART_TEXT.color,
          formatter: (p: unknown) => formatNumber(Number((p as { value?: unknown }).value), 2),
        },
        markLine: referenceLine('Coin toss', 0.5),
      },
    ],
  };
  return {
    option,
    summary: list
      .map(
        (s) =>
          `${s.label}: AUC ${formatNumber(s.auc.auc, 2)} over ${formatCount(s.auc.n)} accounts (${formatCount(s.auc.churned)} churned), ${verdict(s.auc.auc)}.`,
      )
      .join(' '),
    table: {
      columns: [
        { label: 'Signal' },
        { label: 'AUC', numeric: true },
        { label: 'Accounts', numeric: true },
        { label: 'Churned', numeric: true },
        { label: 'Verdict' },
      ],
      rows: list.map((s) => [
        s.label,
        formatNumber(s.auc.auc, 2),
        formatCount(s.auc.n),
        formatCount(s.auc.churned),
        verdict(s.auc.auc),
      ]),
    },
    height: 60 + 56 * list.length + 40,
  };
}
