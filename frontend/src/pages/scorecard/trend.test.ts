import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { blakeTrend, sanDiegoTrend } from './fixtures';
import { categoryTrendChart, categoryTrends, wholeBookSeries, wholeBookTrendChart } from './trend';

const NAMES = [
  { key: 'communication', name: 'Communication' },
  { key: 'consultation', name: 'Consultation' },
  { key: 'service', name: 'Service' },
  { key: 'responsiveness', name: 'Responsiveness' },
  { key: 'product_knowledge', name: 'Product knowledge' },
];

type Line = { type: string; name: string; data: (number | null)[]; markLine?: { data: unknown[] } };
const seriesOf = (option: unknown) => (option as { series: Line[] }).series;

describe('wholeBookSeries', () => {
  it('shows F in percent and leaves out NPS when no cycle has one', () => {
    const [score, f, nps] = wholeBookSeries(blakeTrend());
    expect(score?.values).toEqual([89.3, 83.7, 78, 72]);
    expect(f?.values[3]).toBeCloseTo(68.75);
    expect(nps?.values).toEqual([100, 100, 100, 100]);
    expect(wholeBookSeries(sanDiegoTrend()).map((s) => s.key)).toEqual(['score', 'f']);
  });

  it('shows no figures for a cycle without responses (withheld)', () => {
    const points = blakeTrend();
    points[1] = { ...points[1]!, accounts: 0, responses: 0, score: 55 };
    expect(wholeBookSeries(points)[0]?.values[1]).toBeNull();
  });
});

describe('wholeBookTrendChart', () => {
  it('draws nothing without cycles', () => {
    expect(wholeBookTrendChart({ points: [] })).toBeNull();
  });

  it('draws one line per measure, marking the page cycle', () => {
    const model = wholeBookTrendChart({ points: blakeTrend(), current: '2026-Q3' });
    const series = seriesOf(model?.option);
    expect(series.map((s) => s.name)).toEqual([
      'Retention score (1–100)',
      'Fulfilment F (%)',
      'NPS (−100 to +100)',
    ]);
    expect(series[0]?.markLine?.data).toEqual([{ xAxis: '2026-Q3' }]);
    expect(model?.summary).toBe(
      '4 cycles. Retention score (1–100) from 89.3 (2026-Q1) to 72.0 (2026-Q4); Fulfilment F (%) from 100.0% (2026-Q1) to 68.8% (2026-Q4); NPS (−100 to +100) from +100 (2026-Q1) to +100 (2026-Q4).',
    );
    expect(model?.table.rows[3]).toEqual(['2026-Q4', '10', '32', '72.0', '68.8%', '+100', '2.81']);
  });

  it('extends the axis below zero for a negative NPS', () => {
    const points = blakeTrend().map((p) => ({ ...p, nps: p.nps && { ...p.nps, nps: -35 } }));
    const model = wholeBookTrendChart({ points });
    expect((model?.option as { yAxis: { min: number } }).yAxis.min).toBe(-40);
  });

  it('handles a single cycle', () => {
    const model = wholeBookTrendChart({ points: sanDiegoTrend(), current: '2015' });
    expect(model?.summary).toBe(
      '1 cycle. Retention score (1–100) 55.5 in 2015; Fulfilment F (%) 54.2% in 2015.',
    );
  });
});

describe('categoryTrends', () => {
  it('names categories and keeps survey order, leaving out those never answered', () => {
    const trends = categoryTrends(sanDiegoTrend(), [
      { key: 'code_enforcement', name: 'Code enforcement' },
    ]);
    expect(trends).toEqual([{ key: 'code_enforcement', name: 'Code enforcement', values: [3.24] }]);
  });

  it('falls back to the key for an unknown category', () => {
    expect(categoryTrends(blakeTrend(), []).map((t) => t.name)[0]).toBe('communication');
  });
});

describe('categoryTrendChart', () => {
  it('draws a line per category on the performance scale', () => {
    const model = categoryTrendChart({
      points: blakeTrend(),
      names: NAMES,
      scale: ACME_Q4.performance_scale,
      current: '2026-Q4',
    });
    const option = model?.option as { yAxis: { min: number; max: number; name: string } };
    expect(seriesOf(model?.option).map((s) => s.name)).toEqual(NAMES.map((n) => n.name));
    expect(option.yAxis).toMatchObject({ min: 1, max: 10, name: 'Mean performance (1–10 scale)' });
    expect(model?.summary).toContain(
      'In 2026-Q4, highest: Communication (6.02); lowest: Service (1.00).',
    );
    expect(model?.table.columns.map((c) => c.label)).toEqual([
      'Category',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
  });

  it('draws nothing when no category has a value', () => {
    const points = sanDiegoTrend().map((p) => ({
      ...p,
      categories: [{ key: 'x', mean_performance: null }],
    }));
    expect(
      categoryTrendChart({ points, names: [], scale: SAN_DIEGO_2015.performance_scale }),
    ).toBeNull();
  });
});
