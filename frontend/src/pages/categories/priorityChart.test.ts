import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { categoryRows, importanceInfo } from './categoryRows';
import { priorityChart } from './priorityChart';
import { acmeResults, resultsWithEmptyCategory, withheldResults } from './testData';

const rating = importanceInfo(ACME_Q4.importance_form);

type Bar = { name: string; data: (number | null)[]; stack: string };

describe('priorityChart', () => {
  it('ranks the categories, one stacked series per quadrant present', () => {
    const model = priorityChart(categoryRows(acmeResults()), rating);
    expect(model).not.toBeNull();
    const option = model!.option as {
      yAxis: { data: string[] };
      series: Bar[];
      xAxis: { max: number };
    };
    expect(option.yAxis.data).toEqual([
      '1. Service',
      '2. Consultation',
      '3. Communication',
      '4. Product knowledge',
      '5. Responsiveness',
    ]);
    expect(option.series.map((s) => s.name)).toEqual(['Concentrate here', 'Possible overkill']);
    expect(option.series[0]?.data).toEqual([0.5332, null, null, null, null]);
    expect(option.series.every((s) => s.stack === 'priority')).toBe(true);
    // The axis ends a round step above the largest priority.
    expect(option.xAxis.max).toBe(0.6);
  });

  it('says what it shows, and tabulates every ranked category', () => {
    const model = priorityChart(categoryRows(resultsWithEmptyCategory()), rating)!;
    expect(model.summary).toContain('5 categories ranked by priority');
    expect(model.summary).toContain('Service (0.53, concentrate here)');
    expect(model.summary).toContain('1 without answers');
    expect(model.table.rows[0]).toEqual([
      'Service',
      '1',
      '0.533',
      'Concentrate here',
      '7.09',
      '21%',
    ]);
    expect(model.table.rows).toHaveLength(5);
    expect(model.height).toBe(110 + 32 * 5);
  });

  it('keeps a short axis for small priorities (pick form)', () => {
    const view = acmeResults();
    view.categories.forEach((c, i) => {
      c.priority = 0.01 + i * 0.02;
      c.mean_importance = 0.1 + i * 0.05;
    });
    const model = priorityChart(
      categoryRows(view),
      importanceInfo(SAN_DIEGO_2015.importance_form),
    )!;
    expect((model.option as { xAxis: { max: number } }).xAxis.max).toBe(0.1);
    expect(model.table.rows[0]?.[4]).toBe('30.0%');
  });

  it('draws nothing without a priority', () => {
    expect(priorityChart(categoryRows(withheldResults()), rating)).toBeNull();
    expect(priorityChart([], rating)).toBeNull();
  });
});
