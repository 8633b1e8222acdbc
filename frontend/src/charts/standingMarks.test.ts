import { describe, expect, it } from 'vitest';

import { STANDING_STYLES } from './standing';
import {
  peerAverageSeries,
  STANDING_SYMBOLS,
  standingSeries,
  standingSeriesName,
} from './standingMarks';

describe('standing marks', () => {
  it('name a standing by its symbol and words, as the legend shows it', () => {
    expect(standingSeriesName('above')).toBe(
      `${STANDING_STYLES.above.symbol} ${STANDING_STYLES.above.label}`,
    );
  });

  it('draw markers and intervals of a standing under one name', () => {
    const series = standingSeries(
      'below',
      { points: [[-0.4, 0]], intervals: [[-0.7, -0.1, 0]] },
      13,
    );
    expect(series.map((s) => s.type)).toEqual(['scatter', 'custom']);
    expect(new Set(series.map((s) => s.name))).toEqual(new Set([standingSeriesName('below')]));
    const [points, intervals] = series;
    expect(points).toMatchObject({
      data: [[-0.4, 0]],
      symbol: STANDING_SYMBOLS.below,
      symbolSize: 13,
    });
    expect(intervals).toMatchObject({
      data: [[-0.7, -0.1, 0]],
      encode: { x: [0, 1], y: 2 },
      tooltip: { show: false },
    });
  });

  it('draw a standing that may be chance hollow', () => {
    const [hollow] = standingSeries('above_chance', { points: [[0.2, 1]], intervals: [] }, 14);
    const [solid] = standingSeries('above', { points: [[0.2, 1]], intervals: [] }, 14);
    expect(hollow?.itemStyle.color).toBe('#FFFFFF');
    expect(solid?.itemStyle.color).toBe(STANDING_STYLES.above.stroke);
  });

  it('draw nothing for a standing no row has', () => {
    expect(standingSeries('on_par', { points: [], intervals: [] }, 13)).toEqual([]);
  });

  it('gives up and down standings shapes, not only colours', () => {
    expect(STANDING_SYMBOLS.above).toBe('triangle');
    expect(STANDING_SYMBOLS.below).not.toBe(STANDING_SYMBOLS.above);
    expect(STANDING_SYMBOLS.on_par).toBe('circle');
  });

  it('mark the peer average at 0, silently and outside the legend', () => {
    const series = peerAverageSeries();
    expect(series).toMatchObject({ silent: true, data: [], markLine: { data: [{ xAxis: 0 }] } });
    expect(series.markLine.label.formatter).toBe('Peer average');
  });
});
