// The marks of a forest plot of standings (METHOD section 6): per standing, a marker at each
// difference to the peer average and a line with end caps for its 95% interval, and the dashed
// peer-average line at 0. Used by the team's standing chart and an AM's strengths chart.
import type { CustomSeriesRenderItem } from 'echarts';

import { referenceLine } from './parts';
import { STANDING_STYLES, type StandingKey } from './standing';

const DOWN_TRIANGLE = 'path://M0,0 L10,0 L5,9 Z';

/** The marker of each standing: its shape repeats what the colour says. */
export const STANDING_SYMBOLS: Record<StandingKey, string> = {
  above: 'triangle',
  above_chance: 'triangle',
  on_par: 'circle',
  below_chance: DOWN_TRIANGLE,
  below: DOWN_TRIANGLE,
  insufficient: 'diamond',
};

/** The series (and legend) name of a standing: its symbol, then its words. */
export function standingSeriesName(key: StandingKey): string {
  const style = STANDING_STYLES[key];
  return `${style.symbol} ${style.label}`;
}

/** Draws one interval `[low, high, row]` as a horizontal line with end caps. */
export const renderInterval: CustomSeriesRenderItem = (_params, api) => {
  const y = api.value(2);
  const [x1 = 0, y1 = 0] = api.coord([api.value(0), y]);
  const [x2 = 0, y2 = 0] = api.coord([api.value(1), y]);
  const cap = 6;
  const style = { stroke: api.visual('color') as string, lineWidth: 2 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1, y1, x2, y2 }, style },
      { type: 'line', shape: { x1, y1: y1 - cap, x2: x1, y2: y1 + cap }, style },
      { type: 'line', shape: { x1: x2, y1: y2 - cap, x2, y2: y2 + cap }, style },
    ],
  };
};

export interface StandingMarks {
  /** `[difference, row]` of each row with this standing. */
  points: [number, number][];
  /** `[low, high, row]` of each row with this standing and an interval. */
  intervals: [number, number, number][];
}

/**
 * The two series of one standing: its markers (hollow when it may be chance) and its interval
 * lines, under one name so the legend toggles both; none when no row has the standing.
 */
export function standingSeries(
  key: StandingKey,
  { points, intervals }: StandingMarks,
  symbolSize: number,
) {
  if (points.length === 0 && intervals.length === 0) return [];
  const style = STANDING_STYLES[key];
  const name = standingSeriesName(key);
  return [
    {
      type: 'scatter' as const,
      name,
      data: points,
      symbol: STANDING_SYMBOLS[key],
      symbolSize,
      z: 3,
      itemStyle: style.hollow
        ? { color: '#FFFFFF', borderColor: style.stroke, borderWidth: 2 }
        : { color: style.stroke, borderColor: '#FFFFFF', borderWidth: 1 },
    },
    {
      type: 'custom' as const,
      name,
      data: intervals,
      encode: { x: [0, 1], y: 2 },
      z: 2,
      itemStyle: { color: style.stroke },
      renderItem: renderInterval,
      // The interval has no tooltip of its own; the point carries it.
      tooltip: { show: false },
    },
  ];
}

/** The dashed peer-average line at 0: a series of its own, silent and not in the legend. */
export function peerAverageSeries() {
  return {
    type: 'scatter' as const,
    name: 'peer average',
    data: [],
    silent: true,
    markLine: referenceLine('Peer average', 0),
  };
}
