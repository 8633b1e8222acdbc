import { describe, expect, it } from 'vitest';

import { DEFAULT_THRESHOLDS } from './cohorts';
import {
  bucketsInUse,
  defaultPair,
  direction,
  migrationSharesChart,
  moveTotals,
  transitionChart,
} from './migrationCharts';
import { acmeMigration, sanDiegoMigration } from './testData';

describe('migrationSharesChart', () => {
  it('stacks the shares of the cohorts in use, per cycle, in percent', () => {
    const model = migrationSharesChart(acmeMigration(), DEFAULT_THRESHOLDS)!;
    const option = model.option as {
      xAxis: { data: string[] };
      series: { name: string; data: number[]; stack: string }[];
    };
    expect(option.xAxis.data).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(option.series.map((s) => s.name)).toEqual(['No risk', 'Low risk', 'High risk']);
    expect(option.series[1]?.data).toEqual([0, 0, 16.7, 16.9]);
    expect(option.series.every((s) => s.stack === 'share')).toBe(true);
    expect(model.summary).toContain('over 4 cycles, 2026-Q1 to 2026-Q4');
    expect(model.table.rows[2]).toEqual(['2026-Q3', '60', '48 (80%)', '10 (17%)', '2 (3%)']);
  });

  it('shows a single cycle, unscored accounts included', () => {
    const model = migrationSharesChart(sanDiegoMigration(), DEFAULT_THRESHOLDS)!;
    expect(bucketsInUse(sanDiegoMigration())).toEqual([
      'none',
      'low',
      'medium',
      'high',
      'extreme',
      'unscored',
    ]);
    expect(model.summary).toBe('Cycle 2015: 70 accounts, 49% at high or extreme risk.');
  });

  it('draws nothing without accounts', () => {
    expect(migrationSharesChart({ cycles: [], pairs: [] }, DEFAULT_THRESHOLDS)).toBeNull();
  });
});

describe('moves', () => {
  it('tells safer from riskier moves', () => {
    expect(direction('none', 'low')).toBe('riskier');
    expect(direction('extreme', 'high')).toBe('safer');
    expect(direction('medium', 'medium')).toBe('stayed');
    expect(direction('unscored', 'low')).toBe('other');
    expect(direction('unscored', 'unscored')).toBe('stayed');
  });

  it('opens on the pair ending in the page cycle, else the latest', () => {
    const { pairs } = acmeMigration();
    expect(defaultPair(pairs, '2026-Q3')?.from_cycle).toBe('2026-Q2');
    expect(defaultPair(pairs, '2026-Q1')?.to_cycle).toBe('2026-Q4');
    expect(defaultPair([], '2015')).toBeUndefined();
  });

  it('totals the moves of a pair', () => {
    const pair = acmeMigration().pairs[1]!;
    expect(moveTotals(pair)).toEqual({ safer: 0, stayed: 50, riskier: 10, other: 0 });
  });
});

describe('transitionChart', () => {
  it('fills every from-to cell of the cohorts, tinted by direction', () => {
    const pair = acmeMigration().pairs[1]!;
    const model = transitionChart(pair, DEFAULT_THRESHOLDS)!;
    const option = model.option as {
      xAxis: { data: string[]; name: string };
      yAxis: { name: string };
      series: { data: { value: number[] }[] }[];
    };
    expect(option.xAxis.data).toEqual([
      'No risk',
      'Low risk',
      'Medium risk',
      'High risk',
      'Extreme risk',
    ]);
    expect(option.xAxis.name).toBe('Cohort in 2026-Q3 (to) →');
    expect(option.yAxis.name).toBe('Cohort in 2026-Q2 (from) ↓');
    const cells = option.series[0]!.data.map((d) => d.value);
    expect(cells).toHaveLength(25);
    // none -> low: column 1, row 0, 10 accounts, riskier (code 2).
    expect(cells).toContainEqual([1, 0, 10, 2]);
    expect(cells).toContainEqual([0, 0, 48, 1]);
    // An empty cell has code 4.
    expect(cells).toContainEqual([4, 4, 0, 4]);
    expect(model.summary).toBe(
      'From 2026-Q2 to 2026-Q3, of 60 accounts in both cycles 0 moved to a safer cohort, 50 stayed and 10 moved to a riskier one. 0 accounts entered and 0 left.',
    );
    expect(model.table.rows[0]).toEqual(['No risk', '48', '10', '0', '0', '0', '58']);
  });

  it('adds the unscored row and column when accounts lost a score', () => {
    const pair = {
      ...acmeMigration().pairs[2]!,
      transitions: [{ from: 'low' as const, to: 'unscored' as const, count: 1 }],
    };
    const model = transitionChart(pair, DEFAULT_THRESHOLDS)!;
    expect((model.option as { xAxis: { data: string[] } }).xAxis.data.at(-1)).toBe('Unscored');
    expect(model.summary).toContain('1 gained or lost a score');
  });

  it('draws nothing without accounts in both cycles', () => {
    const pair = { ...acmeMigration().pairs[0]!, accounts: 0, transitions: [] };
    expect(transitionChart(pair, DEFAULT_THRESHOLDS)).toBeNull();
  });
});
