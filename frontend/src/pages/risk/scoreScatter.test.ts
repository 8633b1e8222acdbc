import { describe, expect, it } from 'vitest';

import { DEFAULT_THRESHOLDS } from './cohorts';
import {
  axisStarts,
  ltrOf,
  pearson,
  scatterLeftOut,
  scorePoints,
  scoreScatterChart,
  stackedPoints,
  TOOLTIP_MAX_ACCOUNTS,
} from './scoreScatter';
import {
  account,
  acmeAccounts,
  noLtrAccount,
  sanDiegoAccounts,
  unscoredAccount,
  withheldAccount,
} from './testData';

describe('scorePoints', () => {
  it('places scored accounts with a likelihood to recommend, grouped by risk', () => {
    const points = scorePoints(
      [...acmeAccounts(), unscoredAccount(), withheldAccount(), noLtrAccount()],
      new Set([91]),
    );
    expect(points.map((p) => [p.name, p.ltr, p.score, p.group])).toEqual([
      ['Acme Synthetic Ltd', 8.5, 89, 'safe'],
      ['Acme Synthetic Ltd 2', 9.75, 91, 'safe'],
      ['Bolt Synthetic', 9.25, 72, 'safe'],
      ['Umberfield Synthetic Ltd', 9.5, 56, 'hidden'],
      ['Quarry Synthetic', 3, 41, 'agrees'],
    ]);
  });

  it('draws every scored account with a mean, however many', () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      account(1000 + i, `Synthetic ${i}`, {
        score: 1 + (i % 100),
        cohort: 'none',
        ltr_mean: i % 11,
      }),
    );
    expect(scorePoints(many, new Set())).toHaveLength(1200);
  });

  it('has no point without an NPS question (San Diego) and none from withheld figures', () => {
    expect(scorePoints(sanDiegoAccounts(), new Set())).toEqual([]);
    // A withheld account never shows a mean, even if one slipped through.
    expect(ltrOf({ withheld: true, ltr_mean: 9 })).toBeNull();
    expect(ltrOf({ withheld: false })).toBeNull();
    expect(ltrOf({ withheld: false, ltr_mean: 0 })).toBe(0);
  });
});

describe('scatterLeftOut', () => {
  it('counts scored accounts without a mean and withheld accounts, not unscored ones', () => {
    expect(
      scatterLeftOut([...acmeAccounts(), unscoredAccount(), withheldAccount(), noLtrAccount()]),
    ).toEqual({
      noLtr: 1,
      withheld: 1,
    });
    expect(scatterLeftOut(sanDiegoAccounts())).toEqual({ noLtr: 3, withheld: 0 });
    expect(scatterLeftOut([])).toEqual({ noLtr: 0, withheld: 0 });
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

type Series = {
  name: string;
  data: number[][];
  markLine?: { data: { xAxis?: number; yAxis?: number }[] };
};

describe('scoreScatterChart', () => {
  const points = scorePoints(acmeAccounts(), new Set([91]));

  it('draws each group with the reference lines', () => {
    const model = scoreScatterChart({ points, thresholds: DEFAULT_THRESHOLDS, safeLtr: 7 })!;
    const option = model.option as {
      series: Series[];
      xAxis: { min: number };
      yAxis: { min: number };
    };
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
    expect(model.table.rows[0]).toEqual([
      'Quarry Synthetic',
      '3.0',
      'Detractor',
      '41',
      'Extreme risk',
      'No',
    ]);
    expect(model.table.rows[1]?.[5]).toBe('Yes');
  });

  it('draws accounts at the same place once, a hidden-risk marker saying how many', () => {
    // acme-synthetic 2026-Q4: two promoters at 9.5 scoring 56, in two AMs' books.
    const twins = scorePoints(
      [
        ...acmeAccounts(),
        {
          ...acmeAccounts()[3]!,
          id: 101,
          name: 'Fernhollow Synthetic Ltd 2',
          account_managers: [13],
        },
      ],
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

  it('names the first few accounts of a crowded marker in its tooltip and counts the rest', () => {
    const crowd = Array.from({ length: TOOLTIP_MAX_ACCOUNTS + 3 }, (_, i) =>
      account(200 + i, `Crowd Synthetic ${i}`, { score: 90, ltr_mean: 10 }),
    );
    const crowded = scorePoints(crowd, new Set());
    expect([...stackedPoints(crowded).values()].map((s) => s.length)).toEqual([
      TOOLTIP_MAX_ACCOUNTS + 3,
    ]);
    const model = scoreScatterChart({
      points: crowded,
      thresholds: DEFAULT_THRESHOLDS,
      safeLtr: 7,
    })!;
    const option = model.option as {
      series: { data: unknown[] }[];
      tooltip: { formatter: (p: unknown) => string };
    };
    expect(option.series[0]?.data).toEqual([[10, 90, 0]]);
    const html = option.tooltip.formatter({ value: [10, 90, 0] });
    expect(html.match(/<strong>/g)).toHaveLength(TOOLTIP_MAX_ACCOUNTS);
    expect(html).toContain('…and 3 more at the same place');
    expect(model.table.rows).toHaveLength(TOOLTIP_MAX_ACCOUNTS + 3);
  });

  it('starts the axes near the data yet keeps the passive line and the high band in view', () => {
    const high = points.filter((p) => p.ltr > 8);
    expect(axisStarts(high, 7, DEFAULT_THRESHOLDS)).toEqual({ x: 6, y: 40 });
  });

  it('draws nothing without points', () => {
    expect(
      scoreScatterChart({ points: [], thresholds: DEFAULT_THRESHOLDS, safeLtr: 7 }),
    ).toBeNull();
  });
});
