import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { categoryRows, importanceInfo } from './categoryRows';
import {
  clusters,
  ipaChart,
  niceStep,
  paddedExtent,
  placeNameLabels,
  type LabelFrame,
} from './ipaChart';
import { acmeResults, resultsWithEmptyCategory, withheldResults } from './testData';

const rating = importanceInfo(ACME_Q4.importance_form);

describe('paddedExtent', () => {
  it('pads and rounds outward to a nice step', () => {
    expect(niceStep(1)).toBe(0.2);
    expect(paddedExtent([6.35, 7.09], 0.12, [1, 10])).toEqual({ min: 6.2, max: 7.2 });
  });

  it('stays inside the bounds', () => {
    expect(paddedExtent([0.02, 0.6], 0.12, [0, 1])).toEqual({ min: 0, max: 0.8 });
    expect(paddedExtent([1.1, 4.9], 0.5, [1, 5])).toEqual({ min: 1, max: 5 });
  });

  it('gives a single value a span of its own', () => {
    const extent = paddedExtent([7, 7], 0.1, [1, 10]);
    expect(extent.min).toBeLessThan(7);
    expect(extent.max).toBeGreaterThan(7);
  });

  it('falls back to the bounds without values', () => {
    expect(paddedExtent([], 0.1, [1, 5])).toEqual({ min: 1, max: 5 });
    expect(paddedExtent([NaN], 0.1, null)).toEqual({ min: 0, max: 1 });
  });
});

describe('placeNameLabels', () => {
  const frame: LabelFrame = {
    x: { min: 0, max: 10 },
    y: { min: 0, max: 10 },
    width: 500,
    height: 400,
  };

  it('labels a lone point on its right', () => {
    expect(placeNameLabels([{ x: 2, y: 5, text: 'Service' }], frame)).toEqual(['right']);
  });

  it('moves a label left at the right edge', () => {
    expect(placeNameLabels([{ x: 9.8, y: 5, text: 'Service' }], frame)).toEqual(['left']);
  });

  it('never lets two labels overlap: a crowded point goes unlabelled', () => {
    const sides = placeNameLabels(
      [
        { x: 5, y: 5, text: 'Communication' },
        { x: 5, y: 5.1, text: 'Consultation' },
        { x: 5.05, y: 4.95, text: 'Responsiveness' },
      ],
      frame,
    );
    expect(sides[0]).not.toBeNull();
    expect(sides.filter((s) => s === null).length).toBeGreaterThan(0);
  });

  it('keeps clear of blocked boxes (the quadrant names)', () => {
    const blocked = [{ x0: 0, y0: 0, x1: 500, y1: 400 }];
    expect(placeNameLabels([{ x: 5, y: 5, text: 'Service' }], frame, blocked)).toEqual([null]);
  });
});

describe('clusters', () => {
  const frame: LabelFrame = {
    x: { min: 0, max: 10 },
    y: { min: 0, max: 10 },
    width: 500,
    height: 400,
  };

  it('groups points that would sit on each other, chaining neighbours', () => {
    const groups = clusters(
      [
        { x: 5, y: 5 },
        { x: 9, y: 1 },
        { x: 5.1, y: 5 },
        { x: 5.3, y: 5 },
      ],
      frame,
    );
    // 5 px apart, then 10 px: one chain; the far point alone.
    expect(groups).toEqual([[0, 2, 3], [1]]);
  });

  it('leaves distinct points alone', () => {
    expect(
      clusters(
        [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
        ],
        frame,
      ),
    ).toEqual([[0], [1]]);
    expect(clusters([], frame)).toEqual([]);
  });
});

type Scatter = { name: string; type: string; data: unknown[]; markLine?: { data: unknown[] } };

describe('ipaChart', () => {
  it('plots each category by quadrant, with the cross-hairs', () => {
    const model = ipaChart({
      rows: categoryRows(acmeResults()),
      crossHair: acmeResults().cross_hair,
      importance: rating,
      performanceScale: ACME_Q4.performance_scale,
    })!;
    const option = model.option as {
      series: Scatter[];
      xAxis: { min: number; max: number; name: string };
      yAxis: { min: number; max: number; name: string };
    };
    const named = option.series.filter((s) => s.name !== 'names' && s.name !== 'quadrants');
    expect(named.map((s) => [s.name, s.data.length])).toEqual([
      ['Concentrate here', 1],
      ['Possible overkill', 4],
    ]);
    // Service: importance 7.09, performance 6.41, first in priority.
    expect(named[0]?.data[0]).toEqual([7.092, 6.408, 0]);
    const quadrants = option.series.find((s) => s.name === 'quadrants');
    expect(quadrants?.markLine?.data).toEqual([{ xAxis: 6.619 }, { yAxis: 7.288 }]);
    expect(quadrants?.data).toHaveLength(4);
    expect(option.xAxis.name).toBe('Mean importance (1–10 scale) →');
    expect(option.xAxis.min).toBeLessThanOrEqual(6.351);
    expect(option.xAxis.max).toBeGreaterThanOrEqual(7.092);
    expect(option.yAxis.min).toBeGreaterThanOrEqual(1);
    expect(option.yAxis.max).toBeLessThanOrEqual(10);
  });

  it('names the quadrants in the summary and the table', () => {
    const model = ipaChart({
      rows: categoryRows(resultsWithEmptyCategory()),
      crossHair: acmeResults().cross_hair,
      importance: rating,
      performanceScale: ACME_Q4.performance_scale,
    })!;
    expect(model.summary).toContain('5 categories');
    expect(model.summary).toContain('Concentrate here: Service');
    expect(model.summary).toContain('mean of the categories');
    // Plotted in priority order; the category without answers is left out.
    expect(model.table.rows.map((r) => r[0])).toEqual([
      'Service',
      'Consultation',
      'Communication',
      'Product knowledge',
      'Responsiveness',
    ]);
  });

  it('shows pick shares as percents, without cross-hairs when the API has none', () => {
    const view = acmeResults({ cross_hair: null });
    view.categories.forEach((c, i) => {
      c.mean_importance = 0.1 + i * 0.1;
      c.mean_performance = 3 + i * 0.2;
    });
    const model = ipaChart({
      rows: categoryRows(view),
      crossHair: null,
      importance: importanceInfo(SAN_DIEGO_2015.importance_form),
      performanceScale: SAN_DIEGO_2015.performance_scale,
    })!;
    const option = model.option as { series: Scatter[]; xAxis: { min: number; max: number } };
    expect(option.series.find((s) => s.name === 'quadrants')?.markLine).toBeUndefined();
    expect(option.xAxis.min).toBeGreaterThanOrEqual(0);
    expect(option.xAxis.max).toBeLessThanOrEqual(1);
    expect(model.table.rows[0]?.[2]).toMatch(/%$/);
  });

  it('names coinciding categories together by their ranks (an AM book of ties)', () => {
    const view = acmeResults();
    // Four categories at the same point, as in am-02's book; Service far away.
    for (const c of view.categories) {
      if (c.key !== 'service') {
        c.mean_importance = 5.5;
        c.mean_performance = 6;
      }
    }
    const model = ipaChart({
      rows: categoryRows(view),
      crossHair: view.cross_hair,
      importance: rating,
      performanceScale: ACME_Q4.performance_scale,
    })!;
    const names = (
      model.option as {
        series: {
          name: string;
          data: { value: number[]; label: unknown }[];
          label: { formatter: (p: unknown) => string };
        }[];
      }
    ).series.find((s) => s.name === 'names')!;
    const texts = names.data.map((d) => names.label.formatter({ value: d.value }));
    expect(texts).toEqual(['Service', '2, 3, 4, 5']);
  });

  it('draws nothing when no category has both means', () => {
    expect(
      ipaChart({
        rows: categoryRows(withheldResults()),
        crossHair: null,
        importance: rating,
        performanceScale: ACME_Q4.performance_scale,
      }),
    ).toBeNull();
  });
});
