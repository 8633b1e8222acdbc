// Accounts per risk cohort in one cycle: a bar per cohort, named with its score range and
// labelled with its count and share, so the colours only repeat what the words say.
import type { ChartOption } from '../../charts/echarts';
import { formatCount } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  axisNameText,
  chartBase,
  dataIndexOf,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
} from '../../charts/parts';
import {
  BUCKETS,
  bucketName,
  bucketRange,
  formatPercent,
  type CohortDistribution,
  type CohortThresholds,
} from './cohorts';

export function cohortChart(
  distribution: CohortDistribution,
  thresholds: CohortThresholds,
): ChartModel | null {
  if (distribution.total === 0) return null;
  const { buckets } = distribution;
  // The unscored bar only when there is one: it is not a cohort.
  const shown = buckets.filter((b) => b.bucket !== 'unscored' || b.count > 0);
  const atRisk = buckets
    .filter((b) => b.bucket === 'high' || b.bucket === 'extreme')
    .reduce((sum, b) => sum + b.count, 0);

  const option: ChartOption = {
    ...chartBase(),
    grid: plotGrid({ top: 28, left: 8, right: 8, bottom: 44 }),
    tooltip: itemTooltip((p) => {
      const b = shown[dataIndexOf(p)];
      return b
        ? `<strong>${bucketName(b.bucket, thresholds)}</strong><br>${formatCount(b.count)} accounts (${formatPercent(b.share, 1)})`
        : '';
    }),
    xAxis: {
      type: 'category',
      data: shown.map((b) => `${BUCKETS[b.bucket].label}\n${bucketRange(b.bucket, thresholds)}`),
      ...axisName('Risk cohort (retention score range, 1–100)', 44),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: CHART_TEXT.axis } },
      axisLabel: { color: CHART_TEXT.color, fontSize: 12, interval: 0, lineHeight: 16 },
    },
    yAxis: {
      type: 'value',
      name: 'Accounts',
      nameTextStyle: axisNameText('left'),
      minInterval: 1,
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    series: [
      {
        type: 'bar',
        name: 'Accounts',
        barMaxWidth: 64,
        data: shown.map((b) => ({
          value: b.count,
          itemStyle: {
            color: BUCKETS[b.bucket].color,
            borderColor: b.bucket === 'unscored' ? CHART_TEXT.axis : undefined,
          },
        })),
        label: {
          show: true,
          position: 'top',
          color: CHART_TEXT.color,
          fontSize: 12,
          formatter: (p: unknown) => {
            const b = shown[dataIndexOf(p)];
            return b ? `${formatCount(b.count)} (${formatPercent(b.share)})` : '';
          },
        },
      },
    ],
  };

  return {
    option,
    summary:
      `${formatCount(distribution.total)} accounts by risk cohort: ` +
      shown.map((b) => `${bucketName(b.bucket, thresholds)} ${formatCount(b.count)}`).join(', ') +
      `. ${formatCount(atRisk)} (${formatPercent(atRisk / distribution.total)}) at high or extreme risk.`,
    table: {
      columns: [
        { label: 'Cohort' },
        { label: 'Score range' },
        { label: 'Accounts', numeric: true },
        { label: 'Share', numeric: true },
      ],
      rows: shown.map((b) => [
        BUCKETS[b.bucket].label,
        bucketRange(b.bucket, thresholds),
        formatCount(b.count),
        formatPercent(b.share, 1),
      ]),
    },
    height: 340,
  };
}
