import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { kestrel, withheldAccount } from './fixtures';
import { gapChart, gapRows, gapWords, importanceText } from './gaps';

type AnySeries = {
  type: string;
  name: string;
  data: unknown[];
  label?: { formatter: (p: { dataIndex: number }) => string };
};

describe('gapRows', () => {
  it('sorts by weighted gap, the costliest shortfall first', () => {
    const rows = gapRows(kestrel());
    expect(rows.map((r) => r.name)).toEqual([
      'Service',
      'Communication',
      'Consultation',
      'Product knowledge',
      'Responsiveness',
    ]);
    expect(rows[0]).toMatchObject({ gap: 9, weight: 0.3125, weightedGap: 2.8125 });
  });

  it('puts categories without a gap last', () => {
    const a = kestrel();
    a.categories[2] = { ...a.categories[2]!, gap: null, mean_performance: null };
    expect(gapRows(a).at(-1)?.name).toBe('Service');
  });

  it('is empty for a withheld account', () => {
    expect(gapRows(withheldAccount())).toEqual([]);
  });
});

describe('importanceText', () => {
  it('reads each importance form', () => {
    expect(importanceText(8, ACME_Q4.importance_form)).toBe('8.0 of 10');
    expect(importanceText(0.263, SAN_DIEGO_2015.importance_form)).toBe('picked by 26%');
    expect(importanceText(0.21, { form: 'none', scale: null, k: null })).toBe('weight 0.21');
    expect(importanceText(null, ACME_Q4.importance_form)).toBe('–');
  });
});

describe('gapWords', () => {
  it('says the direction in words', () => {
    expect(gapWords(9)).toBe('short by 9.00');
    expect(gapWords(-0.667)).toBe('exceeds by 0.67');
    expect(gapWords(0.001)).toBe('meets it');
    expect(gapWords(null)).toBe('no gap');
  });
});

describe('gapChart', () => {
  const model = gapChart({
    rows: gapRows(kestrel()),
    scale: ACME_Q4.performance_scale,
    form: ACME_Q4.importance_form,
  });
  const option = model?.option as unknown as {
    series: AnySeries[];
    legend: { data: string[] };
    xAxis: { min: number; max: number };
  };

  it('draws nothing without categories', () => {
    expect(
      gapChart({ rows: [], scale: ACME_Q4.performance_scale, form: ACME_Q4.importance_form }),
    ).toBeNull();
  });

  it('shows importance and performance side by side, the gap coloured by direction', () => {
    expect(option.legend.data).toEqual([
      'Importance (expected level)',
      'Performance',
      'Shortfall (gap above 0)',
      'Exceeds (gap 0 or below)',
    ]);
    const byName = (name: string) => option.series.find((s) => s.name === name)?.data;
    expect(byName('Shortfall (gap above 0)')).toEqual([[1, 10, 0]]);
    expect(byName('Exceeds (gap 0 or below)')).toHaveLength(4);
    expect(byName('Importance (expected level)')?.[0]).toEqual([10, 0]);
    expect(byName('Performance')?.[0]).toEqual([1, 0]);
    expect(option.xAxis).toMatchObject({ min: 1, max: 10 });
  });

  it('labels every row with its gap and weight in words', () => {
    const labels = option.series.find((s) => s.name === 'gap label');
    expect(labels?.label?.formatter({ dataIndex: 0 })).toBe('short by 9.00 · weight 31%');
    expect(labels?.label?.formatter({ dataIndex: 4 })).toBe('exceeds by 0.67 · weight 19%');
  });

  it('summarises and tabulates', () => {
    expect(model?.summary).toBe(
      '5 categories; 1 fall short of the expected level. Largest weighted gap: Service (short by 9.00 points, weight 31%).',
    );
    expect(model?.table.rows[0]).toEqual([
      'Service',
      '10.0 of 10',
      '10.00',
      '1.00',
      '+9.00',
      '31.3%',
      '+2.81',
    ]);
  });

  it('names the expected level as the top of the scale in the pick form', () => {
    const pick = gapChart({
      rows: gapRows(kestrel()),
      scale: SAN_DIEGO_2015.performance_scale,
      form: SAN_DIEGO_2015.importance_form,
    });
    expect((pick?.option as unknown as { legend: { data: string[] } }).legend.data[0]).toBe(
      'Expected level (top of the scale)',
    );
  });
});
