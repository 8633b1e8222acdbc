import { describe, expect, it } from 'vitest';

import { ACME_Q4 } from '../../test/fixtures';
import { importanceInfo } from './categoryRows';
import { derivedChart, derivedRows, usesLmg } from './derivedChart';
import { acmeDerived, pearsonOnlyDerived } from './testData';

const rating = importanceInfo(ACME_Q4.importance_form);

describe('derivedRows', () => {
  it('orders by stated rank and takes the LMG rank as derived', () => {
    const rows = derivedRows(acmeDerived());
    expect(rows.map((r) => [r.name, r.statedRank, r.derivedRank, r.hiddenDriver])).toEqual([
      ['Service', 1, 1, false],
      ['Consultation', 2, 3, false],
      ['Responsiveness', 3, 4, false],
      ['Product knowledge', 4, 2, true],
      ['Communication', 5, 5, false],
    ]);
  });

  it('falls back to the Pearson rank when the API derived from Pearson', () => {
    const view = pearsonOnlyDerived();
    expect(usesLmg(view)).toBe(false);
    expect(derivedRows(view).find((r) => r.name === 'Communication')?.derivedRank).toBe(1);
  });
});

type Series = { name: string; type: string; data: unknown[] };

describe('derivedChart', () => {
  it('draws stated and derived ranks, hidden drivers apart', () => {
    const model = derivedChart(acmeDerived(), rating)!;
    const option = model.option as {
      series: Series[];
      yAxis: { data: string[] };
      legend: { data: string[] };
    };
    expect(option.legend.data).toEqual(['Stated rank', 'LMG rank', 'Hidden driver']);
    expect(option.yAxis.data[3]).toBe('Product knowledge ◆');
    const hidden = option.series.find((s) => s.name === 'Hidden driver');
    expect(hidden?.data).toEqual([[2, 3, 3]]);
    expect(option.series.find((s) => s.name === 'LMG rank')?.data).toHaveLength(4);
    expect(model.summary).toContain(
      'Hidden drivers (said to matter little, yet moving the outcome): Product knowledge.',
    );
    expect(model.table.rows[3]).toEqual(['Product knowledge', '4', '2', 'Yes']);
  });

  it('says so when there is no hidden driver', () => {
    const view = acmeDerived();
    view.categories = view.categories.map((c) => ({ ...c, hidden_driver: false }));
    const model = derivedChart(view, rating)!;
    expect(model.summary).toContain('No hidden driver.');
    expect((model.option as { legend: { data: string[] } }).legend.data).not.toContain(
      'Hidden driver',
    );
  });

  it('draws nothing without derived ranks', () => {
    const view = pearsonOnlyDerived();
    view.categories = view.categories.map((c) => ({ ...c, pearson: null, pearson_rank: null }));
    expect(derivedChart(view, rating)).toBeNull();
  });
});
