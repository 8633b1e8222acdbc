import { describe, expect, it } from 'vitest';

import type { AccountManagerAssessment } from '../api/types';
import { assessment, demoTeam, SAN_DIEGO_2015, wholeBook } from '../test/fixtures';
import { amStandingChart, standingRows } from './amStanding';
import { categoryKey } from './measures';

const scale = SAN_DIEGO_2015.performance_scale;

type AnySeries = {
  type: string;
  name: string;
  data: unknown[];
  symbol?: string;
  itemStyle?: Record<string, unknown>;
  renderItem?: (params: unknown, api: unknown) => unknown;
  markLine?: unknown;
};

function chart(
  assessments: AccountManagerAssessment[],
  measure: Parameters<typeof amStandingChart>[0]['measure'] = 'score',
) {
  const model = amStandingChart({ assessments, measure, scale });
  if (!model) throw new Error('expected a chart');
  const option = model.option as unknown as {
    series: AnySeries[];
    legend: { data: string[] };
    xAxis: {
      min: number;
      max: number;
      name: string;
      axisLabel: { formatter: (v: number) => string };
    };
    yAxis: { data: string[]; inverse: boolean };
    tooltip: { formatter: (p: unknown) => string };
  };
  return { model, option };
}

describe('standingRows', () => {
  it('puts the largest difference first and AMs without a value last', () => {
    const rows = standingRows(demoTeam(), 'score');
    expect(rows.map((r) => r.name)).toEqual([
      'District 3',
      'District 1',
      'District 9',
      'District 7',
    ]);
    const f = standingRows(demoTeam(), 'f');
    expect(f.map((r) => [r.name, r.standing])).toEqual([
      ['District 3', 'above_chance'],
      ['District 1', null],
      ['District 7', null],
      ['District 9', null],
    ]);
  });
});

describe('amStandingChart', () => {
  it('draws nothing without account managers', () => {
    expect(amStandingChart({ assessments: [], measure: 'score', scale })).toBeNull();
  });

  it('groups points and intervals by standing, with a symbol for each', () => {
    const { option } = chart(demoTeam());
    const named = option.series.filter((s) => s.name !== 'peer average');
    expect(named.map((s) => [s.type, s.name])).toEqual([
      ['scatter', '▲ Above peers'],
      ['custom', '▲ Above peers'],
      ['scatter', '● On par'],
      ['custom', '● On par'],
      ['scatter', '▼ Below peers'],
      ['custom', '▼ Below peers'],
      ['scatter', '– Too few accounts to tell'],
      ['custom', '– Too few accounts to tell'],
    ]);
    expect(option.legend.data).toEqual([
      '▲ Above peers',
      '● On par',
      '▼ Below peers',
      '– Too few accounts to tell',
    ]);
    const above = named[0];
    expect(above?.symbol).toBe('triangle');
    expect(named[4]?.symbol).toMatch(/^path:\/\//);
  });

  it('places each point on its AM row and each interval around it', () => {
    const { option } = chart(demoTeam());
    expect(option.yAxis.data).toEqual(['District 3', 'District 1', 'District 9', 'District 7']);
    expect(option.yAxis.inverse).toBe(true);
    const above = option.series.filter((s) => s.name === '▲ Above peers');
    expect(above[0]?.data).toEqual([[78.4 - 70.1, 0]]);
    expect(above[1]?.data).toEqual([[3.2, 13.4, 0]]);
    // Too few accounts: a point, no interval.
    const few = option.series.filter((s) => s.name === '– Too few accounts to tell');
    expect(few[0]?.data).toEqual([[-5.2, 2]]);
    expect(few[1]?.data).toEqual([]);
  });

  it('centres the value axis on the peer average, with named units', () => {
    const { option } = chart(demoTeam());
    // The widest interval reaches 13.4: the axis runs to the next nice number, both ways.
    expect(option.xAxis.min).toBe(-15);
    expect(option.xAxis.max).toBe(15);
    expect(option.xAxis.name).toBe('Difference to the peer average (score points)');
    expect(option.xAxis.axisLabel.formatter(10)).toBe('+10');
    const zero = option.series.find((s) => s.name === 'peer average');
    expect(zero?.markLine).toMatchObject({ data: [{ xAxis: 0 }] });
  });

  it('shows fulfilment in percentage points', () => {
    const { option, model } = chart(demoTeam(), 'f');
    const chance = option.series.filter((s) => s.name === '▲? Above, possibly chance');
    const [[diff] = []] = chance[0]?.data as number[][];
    expect(diff).toBeCloseTo(5, 10);
    expect(chance[0]?.itemStyle).toMatchObject({ color: '#FFFFFF' });
    expect(model.table.rows[0]).toEqual([
      'District 3',
      '▲? Above, possibly chance',
      '+5.0',
      '+1.0 to +9.0',
      '84.0',
      '79.0',
      '8',
      '0.200',
    ]);
  });

  it('keeps AMs without a value in the table, saying why', () => {
    const team = [...demoTeam(), assessment(5, 'District 5', { withheld: true })];
    const { model } = chart(team, categoryKey(13));
    const byName = new Map(model.table.rows.map((r) => [r[0], r[1]]));
    expect(byName.get('District 7')).toBe('▼? Below, possibly chance');
    expect(byName.get('District 1')).toBe('No answers in this cycle');
    expect(byName.get('District 5')).toBe('Withheld (small book)');
  });

  it('summarises the standings in words', () => {
    const { model } = chart(demoTeam());
    expect(model.summary).toBe(
      'Retention score, 4 account managers against the peer average: 1 above peers, 1 on par, ' +
        '1 below peers, 1 too few accounts to tell. Largest difference: District 3 (+8.3); ' +
        'smallest: District 7 (−8.1).',
    );
  });

  it('draws a single account manager', () => {
    const one = [
      assessment(1, 'District 1', {
        wholeBook: [
          wholeBook(1, 'score', {
            peer_mean: null,
            difference: null,
            interval: null,
            standing: 'insufficient',
          }),
        ],
      }),
    ];
    const { model, option } = chart(one);
    expect(option.yAxis.data).toEqual(['District 1']);
    expect(option.xAxis.max).toBe(1);
    expect(model.height).toBeGreaterThan(100);
    expect(model.summary).toContain('1 without a value');
  });

  it('escapes names in the tooltip and gives the interval', () => {
    const team = demoTeam();
    const first = team[0];
    if (first) first.account_manager.name = '<b>Eve</b>';
    const { option } = chart(team);
    const row = option.yAxis.data.indexOf('<b>Eve</b>');
    const html = option.tooltip.formatter({ value: [1.2, row] });
    expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(html).not.toContain('<b>Eve</b>');
    expect(html).toContain('95% interval −2.1 to +4.5');
    expect(option.tooltip.formatter({ value: 'nonsense' })).toBe('');
  });

  it('draws an interval as a line with two caps', () => {
    const { option } = chart(demoTeam());
    const custom = option.series.find((s) => s.type === 'custom');
    const values = [3.2, 13.4, 0];
    const api = {
      value: (i: number) => values[i],
      coord: ([x, y]: [number, number]) => [x * 10, y * 30],
      visual: () => '#0072B2',
    };
    const drawn = custom?.renderItem?.({}, api) as {
      children: { shape: Record<string, number> }[];
    };
    expect(drawn.children).toHaveLength(3);
    expect(drawn.children[0]?.shape).toEqual({ x1: 32, y1: 0, x2: 134, y2: 0 });
  });
});
