import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { kestrelResults } from './fixtures';
import { importanceAxis, ipaChart, ipaPoints, placeLabels } from './ipa';

type AnySeries = {
  type: string;
  name: string;
  data: { value: number[]; label: { show: boolean; formatter: string; offset?: number[] } }[];
  markLine?: { data: unknown[] };
};

describe('importanceAxis', () => {
  it('reads importance in the units of the form', () => {
    expect(importanceAxis(ACME_Q4.importance_form)).toMatchObject({
      name: 'Mean importance (1–10 scale)',
      factor: 1,
    });
    expect(importanceAxis(SAN_DIEGO_2015.importance_form)).toMatchObject({
      name: 'Respondents who picked it as important (%)',
      factor: 100,
      bounds: [0, 100],
    });
  });
});

describe('ipaPoints', () => {
  it('keeps categories with both means and a quadrant, picks in percent', () => {
    const view = kestrelResults();
    view.categories[0] = { ...view.categories[0]!, mean_importance: null, quadrant: null };
    expect(ipaPoints(view, ACME_Q4.importance_form)).toHaveLength(4);
    const pick = kestrelResults();
    pick.categories = [{ ...pick.categories[0]!, mean_importance: 0.263 }];
    expect(ipaPoints(pick, SAN_DIEGO_2015.importance_form)[0]?.x).toBeCloseTo(26.3);
  });
});

describe('placeLabels', () => {
  it('gives points at the same spot one label', () => {
    const labels = placeLabels(
      [
        { x: 5, y: 5.667, name: 'Consultation' },
        { x: 5, y: 5.667, name: 'Product knowledge' },
        { x: 10, y: 1, name: 'Service' },
      ],
      [4, 11],
      [0, 8],
    );
    expect(labels.map((l) => l.text)).toEqual(['Consultation, Product knowledge', '', 'Service']);
  });

  it('moves a label that would cover another off it', () => {
    const labels = placeLabels(
      [
        { x: 5, y: 6.0, name: 'Communication' },
        { x: 5.05, y: 5.95, name: 'Responsiveness' },
      ],
      [4, 11],
      [0, 8],
    );
    expect(labels.map((l) => l.text)).toEqual(['Communication', 'Responsiveness']);
    const [a, b] = labels;
    // Either on opposite sides of their points, or at least a label's height apart.
    expect(a?.side !== b?.side || Math.abs((a?.dy ?? 0) - (b?.dy ?? 0)) >= 16).toBe(true);
  });

  it('leaves out a label that finds no free place', () => {
    const crowd = Array.from({ length: 12 }, (_v, i) => ({
      x: 5,
      y: 4 + i * 0.15,
      name: `Category ${i}`,
    }));
    const labels = placeLabels(crowd, [4, 11], [0, 8]);
    expect(labels.filter((l) => l.text !== '').length).toBeGreaterThan(0);
    expect(labels.some((l) => l.text === '')).toBe(true);
  });
});

describe('placeLabels at the edge', () => {
  it('puts a label left of a point at the right edge', () => {
    const [service] = placeLabels([{ x: 10, y: 1, name: 'Service' }], [3.5, 10.5], [0.5, 8]);
    expect(service).toEqual({ text: 'Service', side: 'left', dy: 0 });
  });
});

describe('ipaChart', () => {
  it('draws nothing when withheld or without cross-hairs', () => {
    expect(
      ipaChart({
        view: { ...kestrelResults(), withheld: true },
        form: ACME_Q4.importance_form,
        scale: ACME_Q4.performance_scale,
      }),
    ).toBeNull();
    expect(
      ipaChart({
        view: { ...kestrelResults(), cross_hair: null },
        form: ACME_Q4.importance_form,
        scale: ACME_Q4.performance_scale,
      }),
    ).toBeNull();
  });

  it('groups points by quadrant, draws the cross-hairs and names all four quadrants', () => {
    const model = ipaChart({
      view: kestrelResults(),
      form: ACME_Q4.importance_form,
      scale: ACME_Q4.performance_scale,
    });
    const option = model?.option as unknown as { series: AnySeries[]; legend: { data: string[] } };
    expect(option.legend.data).toEqual(['Concentrate here', 'Possible overkill']);
    expect(option.series.find((s) => s.name === 'Concentrate here')?.data[0]?.value).toEqual([
      10, 1,
    ]);
    const quadrants = option.series.find((s) => s.name === 'quadrants');
    expect(quadrants?.data.map((d) => d.label.formatter)).toEqual([
      'Concentrate here',
      'Keep up the good work',
      'Possible overkill',
      'Low priority',
    ]);
    expect(quadrants?.markLine?.data).toEqual([{ xAxis: 6.4 }, { yAxis: 5.067 }]);
    expect(model?.summary).toBe(
      '5 categories by importance and performance, cross-hairs at the means over the categories (importance 6.40, performance 5.07): 1 concentrate here, 4 possible overkill. Concentrate here: Service.',
    );
    expect(model?.table.rows[0]).toEqual([
      'Service',
      'Concentrate here',
      '10.00',
      '1.00',
      '3',
      '+9.00',
      '0.50',
    ]);
  });
});
