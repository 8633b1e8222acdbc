import { describe, expect, it } from 'vitest';

import { ACME_Q4, SAN_DIEGO_2015 } from '../../test/fixtures';
import { byPriority, categoryRows, importanceInfo } from './categoryRows';
import { acmeResults, resultsWithEmptyCategory, withheldResults } from './testData';

describe('categoryRows', () => {
  it('keeps survey order and ranks by priority, highest first', () => {
    const rows = categoryRows(acmeResults());
    expect(rows.map((r) => r.name)).toEqual([
      'Communication',
      'Consultation',
      'Service',
      'Responsiveness',
      'Product knowledge',
    ]);
    expect(byPriority(rows).map((r) => [r.rank, r.name])).toEqual([
      [1, 'Service'],
      [2, 'Consultation'],
      [3, 'Communication'],
      [4, 'Product knowledge'],
      [5, 'Responsiveness'],
    ]);
  });

  it('breaks a tie in priority by the larger gap, then by name', () => {
    const view = acmeResults();
    for (const c of view.categories) c.priority = 0.4;
    const ranked = byPriority(categoryRows(view)).map((r) => r.name);
    // Gaps: Service +0.68, Consultation -0.85, Responsiveness -1.02, Communication -1.05, ...
    expect(ranked).toEqual([
      'Service',
      'Consultation',
      'Responsiveness',
      'Communication',
      'Product knowledge',
    ]);
  });

  it('leaves a category without answers unranked, every figure null', () => {
    const rows = categoryRows(resultsWithEmptyCategory());
    const empty = rows.find((r) => r.key === 'onboarding');
    expect(empty).toMatchObject({
      n: 0,
      rank: null,
      priority: null,
      quadrant: null,
      importance: null,
    });
    expect(byPriority(rows)).toHaveLength(5);
  });

  it('ranks nothing in a withheld book', () => {
    expect(byPriority(categoryRows(withheldResults()))).toEqual([]);
  });
});

describe('importanceInfo', () => {
  it('reads a rating on its scale', () => {
    const info = importanceInfo(ACME_Q4.importance_form);
    expect(info.label).toBe('Mean importance');
    expect(info.unit).toBe('1–10 scale');
    expect(info.format(6.351)).toBe('6.35');
    expect(info.bounds).toEqual([1, 10]);
  });

  it('reads a pick share as a percent of respondents', () => {
    const info = importanceInfo(SAN_DIEGO_2015.importance_form);
    expect(info.unit).toBe('% of respondents');
    expect(info.format(0.2562)).toBe('25.6%');
    expect(info.axis(0.2)).toBe('20%');
    expect(info.help).toContain('4 most important');
    expect(info.format(null)).toBe('–');
  });

  it('reads the none form as a derived weight', () => {
    const info = importanceInfo({ form: 'none', k: null, scale: null });
    expect(info.label).toBe('Derived weight');
    expect(info.format(0.1234)).toBe('0.123');
  });
});
