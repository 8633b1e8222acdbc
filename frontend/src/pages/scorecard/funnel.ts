// Where an account manager sits on the funnel plot of a measure: every AM's value against the
// size of their book, with the 95% and 99.8% limits around the average narrowing as books
// grow. A point outside the 99.8% limits is rarely chance; outside only the 95% limits, it may
// be. An account manager's own view carries only their point (the API leaves the others out).
import type { components } from '../../api/schema';
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatCount, formatNumber } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  axisNameText,
  chartBase,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  topLegend,
} from '../../charts/parts';
import { STANDING_STYLES, type StandingKey } from '../../charts/standing';
import { STANDING_SYMBOLS } from '../../charts/standingMarks';

export type FunnelView = components['schemas']['FunnelView'];
type Funnel = components['schemas']['Funnel'];
type FunnelPoint = components['schemas']['FunnelPoint'];

/** How a measure of the funnel is named and shown. */
export interface FunnelMeasure {
  label: string;
  digits: number;
  /** The values a measure can take, to keep the limits from stretching the axis beyond them. */
  bounds: [number, number];
}

export const SCORE_FUNNEL: FunnelMeasure = {
  label: 'Mean retention score (1–100)',
  digits: 1,
  bounds: [0, 100],
};

/** Where a point lies, in the standing colours and symbols: outside 99.8% strongly, 95% maybe. */
export function funnelPosition(point: FunnelPoint, target: number): StandingKey {
  const above = point.value > target;
  switch (point.outside) {
    case 'outside998':
      return above ? 'above' : 'below';
    case 'outside95':
      return above ? 'above_chance' : 'below_chance';
    default:
      return 'on_par';
  }
}

/** The position in words: "Outside the 99.8% limits, below the average". */
export function funnelPositionText(point: FunnelPoint, target: number): string {
  const side = point.value > target ? 'above' : 'below';
  switch (point.outside) {
    case 'outside998':
      return `Outside the 99.8% limits, ${side} the average`;
    case 'outside95':
      return `Outside the 95% limits (not the 99.8%), ${side} the average`;
    default:
      return 'Within the 95% limits';
  }
}

function range(i: { low: number; high: number }, digits: number): string {
  return `${formatNumber(i.low, digits)}–${formatNumber(i.high, digits)}`;
}

/** The y range: the points and the limits at the smallest book shown, inside the bounds. */
function yRange(funnel: Funnel, measure: FunnelMeasure): [number, number] {
  const smallest = Math.min(...funnel.points.map((p) => p.n));
  const at = funnel.curve.find((c) => c.n === Math.max(2, smallest)) ?? funnel.curve[0];
  const values = [
    funnel.target,
    ...funnel.points.map((p) => p.value),
    ...(at ? [at.limits998.low, at.limits998.high] : []),
  ];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.06, 10 ** -measure.digits);
  const step = hi - lo > 40 ? 10 : hi - lo > 8 ? 5 : 1;
  const low = Math.max(measure.bounds[0], Math.floor((lo - pad) / step) * step);
  const high = Math.min(measure.bounds[1], Math.ceil((hi + pad) / step) * step);
  return [low, high];
}

export interface FunnelInput {
  view: FunnelView;
  /** The AM of the scorecard, highlighted. */
  accountManager: number;
  /** Names of the AMs the caller may see, by id. */
  names: ReadonlyMap<number, string>;
  measure?: FunnelMeasure;
}

/** The funnel with this AM highlighted; `null` when the API has no funnel or no point for them. */
export function funnelChart({
  view,
  accountManager,
  names,
  measure = SCORE_FUNNEL,
}: FunnelInput): ChartModel | null {
  const funnel = view.funnel;
  const own = funnel?.points.find((p) => p.account_manager === accountManager);
  if (!funnel || !own) return null;
  const d = measure.digits;
  const name = (id: number) => names.get(id) ?? `Account manager ${id}`;
  const others = funnel.points.filter((p) => p.account_manager !== accountManager);
  const ownKey = funnelPosition(own, funnel.target);
  const ownStyle = STANDING_STYLES[ownKey];
  const maxN = Math.max(...funnel.curve.map((c) => c.n), ...funnel.points.map((p) => p.n));
  const [yMin, yMax] = yRange(funnel, measure);
  const curve = (pick: (c: Funnel['curve'][number]) => number) =>
    funnel.curve.map((c) => [c.n, pick(c)] as [number, number]);
  const limitLine = (
    label: string,
    data: [number, number][],
    type: 'dashed' | 'solid',
    color: string,
  ) => ({
    type: 'line' as const,
    name: label,
    data,
    symbol: 'none',
    smooth: true,
    silent: true,
    clip: true,
    lineStyle: { color, width: 1.5, type },
    itemStyle: { color },
    tooltip: { show: false },
    z: 1,
  });
  const tooltipOf = (p: FunnelPoint) =>
    [
      `<strong>${escapeHtml(name(p.account_manager))}</strong>`,
      `${escapeHtml(measure.label)}: ${formatNumber(p.value, d)} over ${formatCount(p.n)} accounts`,
      `95% limits ${range(p.limits95, d)}; 99.8% limits ${range(p.limits998, d)}`,
      escapeHtml(funnelPositionText(p, funnel.target)),
    ].join('<br>');
  const all = [own, ...others];

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend([
      name(accountManager),
      ...(others.length > 0 ? ['Other account managers'] : []),
      // Lines, not markers: a dashed bar for the 95% limits, a solid one for the 99.8%.
      { name: '95% limits', icon: 'path://M0,0 h7 v2 h-7 Z M10,0 h7 v2 h-7 Z M20,0 h7 v2 h-7 Z' },
      { name: '99.8% limits', icon: 'path://M0,0 h27 v2 h-27 Z' },
    ]),
    grid: plotGrid({ top: 48, left: 8, right: 24, bottom: 44 }),
    tooltip: itemTooltip((p) => {
      const { seriesName, dataIndex } = p as { seriesName?: string; dataIndex: number };
      const point = seriesName === 'Other account managers' ? others[dataIndex] : own;
      return point ? tooltipOf(point) : '';
    }),
    xAxis: {
      type: 'value',
      min: 0,
      max: maxN + 1,
      minInterval: 1,
      ...axisName('Accounts in the book', 28),
      axisLabel: mutedLabels(),
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: yMin,
      max: yMax,
      name: measure.label,
      nameTextStyle: axisNameText('left'),
      axisLabel: mutedLabels(),
      splitLine: gridLines(),
    },
    series: [
      limitLine(
        '99.8% limits',
        curve((c) => c.limits998.high),
        'solid',
        '#9AA5B1',
      ),
      limitLine(
        '99.8% limits',
        curve((c) => c.limits998.low),
        'solid',
        '#9AA5B1',
      ),
      limitLine(
        '95% limits',
        curve((c) => c.limits95.high),
        'dashed',
        '#52606D',
      ),
      {
        ...limitLine(
          '95% limits',
          curve((c) => c.limits95.low),
          'dashed',
          '#52606D',
        ),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#3E4C59', type: 'solid', width: 1 },
          label: {
            formatter: `Average ${formatNumber(funnel.target, d)}`,
            position: 'insideStartTop',
            color: CHART_TEXT.muted,
          },
          data: [{ yAxis: funnel.target }],
        },
      },
      ...(others.length > 0
        ? [
            {
              type: 'scatter' as const,
              name: 'Other account managers',
              data: others.map((p) => [p.n, p.value]),
              symbol: 'circle',
              symbolSize: 9,
              itemStyle: { color: '#CBD2D9', borderColor: '#7B8794', borderWidth: 1 },
              z: 2,
            },
          ]
        : []),
      {
        type: 'scatter' as const,
        name: name(accountManager),
        data: [[own.n, own.value]],
        symbol: STANDING_SYMBOLS[ownKey],
        symbolSize: 18,
        itemStyle: ownStyle.hollow
          ? { color: '#FFFFFF', borderColor: ownStyle.stroke, borderWidth: 3 }
          : { color: ownStyle.stroke, borderColor: '#1F2933', borderWidth: 1.5 },
        label: {
          show: true,
          // Towards the middle of the plot, so the name is never cut at an edge.
          position: own.n > (maxN + 1) / 2 ? 'left' : 'right',
          distance: 10,
          formatter: `${name(accountManager)} ${ownStyle.symbol} ${formatNumber(own.value, d)}`,
          color: CHART_TEXT.color,
          fontWeight: 600,
          backgroundColor: 'rgba(255,255,255,0.85)',
          padding: [2, 4],
        },
        z: 4,
      },
    ],
  };
  return {
    option,
    summary:
      `${name(accountManager)}: ${measure.label.toLowerCase()} ${formatNumber(own.value, d)} over ${formatCount(own.n)} accounts; ` +
      `${funnelPositionText(own, funnel.target).toLowerCase()} of ${formatNumber(funnel.target, d)} ` +
      `(95% limits ${range(own.limits95, d)}, 99.8% limits ${range(own.limits998, d)}).` +
      (others.length > 0
        ? ` ${others.filter((p) => p.outside !== 'none').length} of ${others.length} other account managers lie outside the 95% limits.`
        : ''),
    table: {
      columns: [
        { label: 'Account manager' },
        { label: 'Accounts', numeric: true },
        { label: measure.label, numeric: true },
        { label: '95% limits', numeric: true },
        { label: '99.8% limits', numeric: true },
        { label: 'Position' },
      ],
      rows: all.map((p) => [
        p === own ? `${name(p.account_manager)} (this scorecard)` : name(p.account_manager),
        formatCount(p.n),
        formatNumber(p.value, d),
        range(p.limits95, d),
        range(p.limits998, d),
        funnelPositionText(p, funnel.target),
      ]),
    },
    height: 380,
  };
}
