import { describe, expect, it } from 'vitest';

import { backtestChart, signals, verdict } from './backtest';
import { ACME_BACKTEST } from './testData';

describe('backtest', () => {
  it('puts each signal against the coin toss', () => {
    const model = backtestChart(ACME_BACKTEST)!;
    const option = model.option as {
      yAxis: { data: string[] };
      series: { data: { value: number }[] }[];
    };
    expect(option.yAxis.data).toEqual(['Retention score', 'Likelihood to recommend (NPS)']);
    expect(option.series[0]?.data.map((d) => d.value)).toEqual([1, 0.2074652777777778]);
    expect(model.summary).toContain(
      'Retention score: AUC 1.00 over 60 accounts (12 churned), strong',
    );
    expect(model.table.rows[1]).toEqual([
      'Likelihood to recommend (NPS)',
      '0.21',
      '60',
      '12',
      'points the wrong way: churned accounts tended to rate higher than renewed ones',
    ]);
  });

  it('names the strength of a signal', () => {
    expect(verdict(0.85)).toMatch(/^strong/);
    expect(verdict(0.72)).toBe('useful');
    expect(verdict(0.65)).toBe('weak');
    expect(verdict(0.5)).toBe('no better than a coin toss');
  });

  it('shows a signal alone, and nothing without outcomes', () => {
    expect(signals({ score: ACME_BACKTEST.score, nps: null }).map((s) => s.key)).toEqual(['score']);
    expect(backtestChart({ score: null, nps: null })).toBeNull();
    expect(backtestChart({})).toBeNull();
  });
});
