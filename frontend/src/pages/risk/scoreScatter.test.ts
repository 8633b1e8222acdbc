import { describe, expect, it } from 'vitest';

import { DEFAULT_THRESHOLDS } from './cohorts';
import { axisStarts, ltrOf, pearson, scorePoints, scoreScatterChart } from './scoreScatter';
import { acmeAccounts, assessmentWithLtr, unscoredAccount, withheldAccount } from './testData';

const assessments = new Map([
  [71, assessmentWithLtr(8.5)],
  [96, assessmentWithLtr(9.75)],
  [80, assessmentWithLtr(9.25)],
  [91, assessmentWithLtr(9.5)],
  [93, assessmentWithLtr(3)],
  [98, assessmentWithLtr(6)],
  [99, assessmentWithLtr(5, true)],
]);

describe('scorePoints', () => {
  it('places scored accounts with a likelihood to recommend, grouped by risk', () => {
    const points = scorePoints([...acmeAccounts(), unscoredAccount(), withheldAccount()], assessments, new Set([91]));
    expect(points.map((p) => [p.name, p.ltr, p.score, p.group])).toEqual([
      ['Acme Synthetic Ltd', 8.5, 89, 'safe'],
      ['Acme Synthetic Ltd 2', 9.75, 91, 'safe'],
      ['Bolt Synthetic', 9.25, 72, 'safe'],
      ['Umberfield Synthetic Ltd', 9.5, 56, 'hidden'],
      ['Quarry Synthetic', 3, 41, 'agrees'],
    ]);
  });

  it('leaves out an account whose assessment has not arrived or has no answer', () => {
    expect(scorePoints(acmeAccounts(), new Map([[71, assessmentWithLtr(null)]]), new Set())).toEqual([]);
    expect(ltrOf({ withheld: false, indicators: [] })).toBeNull();
  });
});

describe('pearson', () => {
  it('measures a linear relation', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1);
    expect(pearson([1, 2], [1, 2])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

type Series = { name: string; data: number[][]; markLine?: { data: { xAxis?: number; yAxis?: number }[] } };

describe('scoreScatterChart', () => {
  const points = scorePoints(acmeAccounts(), assessments, new Set([91]));

  it('draws each group with the reference lines', () => {
    const model = scoreScatterChart({ points, thresholds: DEFAULT_THRESHOLDS, safeLtr: 7 })!;
    const option = model.option as { series: Series[]; xAxis: { min: number }; yAxis: { min: number } };
    expect(option.series.slice(0, 3).map((s) => [s.name, s.data.length])).toEqual([
      ['Hidden risk', 1],
      ['At risk, NPS agrees', 1],
      ['Not at high risk', 3],
    ]);
    expect(option.series[0]?.data[0]).toEqual([9.5, 56, 3]);
    const lines = option.series.at(-1)?.markLine?.data ?? [];
    expect(lines.map((l) => l.xAxis ?? l.yAxis)).toEqual([7, 9, 60]);
    expect(option.xAxis.min).toBe(2);
    expect(option.yAxis.min).toBe(30);
    expect(model.summary).toContain('1 hidden risk (recommend at 7 or more, yet score below 60)');
    expect(model.table.rows[0]).toEqual(['Quarry Synthetic', '3.0', 'Detractor', '41', 'Extreme risk', 'No']);
    expect(model.table.rows[1]?.[5]).toBe('Yes');
  });

  it('draws accounts at the same place once, a hidden-risk marker saying how many', () => {
    const twins = scorePoints(
      [...acmeAccounts(), { ...acmeAccounts()[3]!, id: 101, name: 'Fernhollow Synthetic Ltd 2' }],
      new Map([...assessments, [101, assessmentWithLtr(9.5)]]),
      new Set([91, 101]),
    );
    const model = scoreScatterChart({ points: twins, thresholds: DEFAULT_THRESHOLDS, safeLtr: 7 })!;
    const hidden = (model.option as { series: { name: string; data: unknown[] }[] }).series[0]!;
    expect(hidden.name).toBe('Hidden risk');
    expect(hidden.data).toEqual([
      { value: [9.5, 56, 3], label: expect.objectContaining({ formatter: '×2' }) },
    ]);
    expect(model.summary).toContain('2 hidden risk');
  });

  it('starts the axes near the data yet keeps the passive line and the high band in view', () => {
    const high = points.filter((p) => p.ltr > 8);
    expect(axisStarts(high, 7, DEFAULT_THRESHOLDS)).toEqual({ x: 6, y: 40 });
  });

  it('draws nothing without points', () => {
    expect(scoreScatterChart({ points: [], thresholds: DEFAULT_THRESHOLDS, safeLtr: 7 })).toBeNull();
  });
});
