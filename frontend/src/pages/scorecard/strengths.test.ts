import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { blakeAssessment, withheldAssessment } from './fixtures';
import { standingCounts, strengthRows, strengthsChart, wholeBookRows } from './strengths';

type AnySeries = {
  type: string;
  name: string;
  data: unknown[];
  symbol?: string;
  itemStyle?: Record<string, unknown>;
};

function chart() {
  const model = strengthsChart({ assessment: blakeAssessment(), scale: ACME_Q4.performance_scale });
  if (!model) throw new Error('expected a chart');
  const option = model.option as unknown as {
    series: AnySeries[];
    legend: { data: string[] };
    xAxis: { min: number; max: number; name: string };
    yAxis: { data: string[]; inverse: boolean };
    tooltip: { formatter: (p: unknown) => string };
  };
  return { model, option };
}

describe('strengthRows', () => {
  it('puts strengths on top and the largest weakness last', () => {
    expect(strengthRows(blakeAssessment()).map((c) => c.name)).toEqual([
      'Product knowledge',
      'Responsiveness',
      'Communication',
      'Consultation',
      'Service',
    ]);
  });

  it('keeps categories without a difference, last and in survey order', () => {
    const a = blakeAssessment();
    a.categories = a.categories.map((c, i) =>
      i < 2 ? { ...c, difference: null, interval: null, standing: 'insufficient' } : c,
    );
    expect(
      strengthRows(a)
        .map((c) => c.name)
        .slice(-2),
    ).toEqual(['Communication', 'Consultation']);
  });
});

describe('strengthsChart', () => {
  it('draws nothing for a withheld book or a book without categories', () => {
    expect(
      strengthsChart({ assessment: withheldAssessment(), scale: SAN_DIEGO_2015.performance_scale }),
    ).toBeNull();
    const empty = { ...blakeAssessment(), categories: [] };
    expect(strengthsChart({ assessment: empty, scale: ACME_Q4.performance_scale })).toBeNull();
  });

  it('marks each standing by colour and by symbol, with a legend of those present', () => {
    const { option } = chart();
    expect(option.legend.data).toEqual(['▲? Above, possibly chance', '● On par', '▼ Below peers']);
    const scatter = option.series.filter((s) => s.type === 'scatter' && s.name !== 'peer average');
    expect(scatter.map((s) => [s.name, s.symbol])).toEqual([
      ['▲? Above, possibly chance', 'triangle'],
      ['● On par', 'circle'],
      ['▼ Below peers', expect.stringMatching(/^path:\/\//)],
    ]);
    // Possibly chance: a hollow marker.
    expect(scatter[0]?.itemStyle).toMatchObject({ color: '#FFFFFF' });
  });

  it('places each point on its row, the peer average at 0 in the middle of the axis', () => {
    const { option } = chart();
    expect(option.yAxis.data[4]).toBe('Service');
    const below = option.series.find((s) => s.type === 'scatter' && s.name === '▼ Below peers');
    expect(below?.data).toContainEqual([expect.closeTo(-6.62, 2), 4]);
    const whiskers = option.series.find((s) => s.type === 'custom' && s.name === '▼ Below peers');
    expect(whiskers?.data).toContainEqual([-7.02, -6.23, 4]);
    expect(option.xAxis.min).toBe(-option.xAxis.max);
    expect(option.xAxis.max).toBeGreaterThanOrEqual(7.02);
    expect(option.xAxis.name).toBe('Difference to the peer average (points on the 1–10 scale)');
  });

  it('says what it shows, and tells the same in a table', () => {
    const { model, option } = chart();
    expect(model.summary).toBe(
      'Blake Marrow against the peer average on 5 categories, in points on the 1–10 scale: 1 above, possibly chance, 1 on par, 3 below peers. Strongest: Product knowledge (+0.35); weakest: Service (−6.62).',
    );
    expect(model.table.rows[4]).toEqual([
      'Service',
      '▼ Below peers',
      '−6.62',
      '−7.02 to −6.23',
      '1.00',
      '7.62',
      '1.20',
      '10',
      '0.002',
    ]);
    const tip = option.tooltip.formatter({ value: [-6.62, 4] });
    expect(tip).toContain('<strong>Service</strong>');
    expect(tip).toContain('peer average 7.62 over 49');
  });

  it('grows with the number of categories', () => {
    const { model } = chart();
    const one = strengthsChart({
      assessment: { ...blakeAssessment(), categories: blakeAssessment().categories.slice(0, 1) },
      scale: ACME_Q4.performance_scale,
    });
    expect(model.height).toBeGreaterThan(one?.height ?? Infinity);
  });
});

describe('standingCounts', () => {
  it('counts each standing', () => {
    const counts = standingCounts(blakeAssessment().categories);
    expect(Object.fromEntries(counts)).toEqual({ below: 3, on_par: 1, above_chance: 1 });
  });
});

describe('wholeBookRows', () => {
  it('lists score, F and IWP in that order, each in its own unit', () => {
    const rows = wholeBookRows(blakeAssessment(), ACME_Q4.performance_scale);
    expect(
      rows.map((r) => [r.key, r.range, r.mean, r.peerMean, r.difference, r.interval, r.standing]),
    ).toEqual([
      ['score', '1–100', '72.0', '89.1', '−17.1', '−19.1 to −15.0', 'below'],
      ['f', '0–100%', '68.8', '98.2', '−29.4', '−31.9 to −27.0', 'below'],
      ['iwp', '1–10 scale', '4.45', '7.90', '−3.45', '−3.69 to −3.22', 'below'],
    ]);
  });

  it('shows nothing of a withheld book', () => {
    expect(wholeBookRows(withheldAssessment(), SAN_DIEGO_2015.performance_scale)).toEqual([]);
  });
});
