import { describe, expect, it } from 'vitest';

import {
  bookFacts,
  cohortOf,
  cohortRange,
  cohortRank,
  cohortSegments,
  cohortSummary,
} from './book';
import { account, sanDiegoBook } from './fixtures';

const thresholds = { none: 80, low: 70, medium: 60, high: 50 };

describe('cohortOf', () => {
  it('tells withheld and unscored accounts apart from cohorts', () => {
    expect(cohortOf(account(1))).toBe('low');
    expect(cohortOf(account(2, { cohort: null, score: null }))).toBe('unscored');
    expect(cohortOf(account(3, { withheld: true, cohort: null }))).toBe('withheld');
  });
});

describe('cohortRank', () => {
  it('orders no risk before extreme and leaves accounts without a cohort unranked', () => {
    expect(cohortRank('none')).toBe(0);
    expect(cohortRank('extreme')).toBe(4);
    expect(cohortRank('unscored')).toBeNull();
    expect(cohortRank('withheld')).toBeNull();
  });
});

describe('cohortRange', () => {
  it('reads the organization thresholds', () => {
    expect(
      ['none', 'low', 'medium', 'high', 'extreme'].map((k) => cohortRange(k as 'none', thresholds)),
    ).toEqual(['80–100', '70–79', '60–69', '50–59', '1–49']);
    expect(cohortRange('unscored', thresholds)).toBeNull();
    expect(cohortRange('low', undefined)).toBeNull();
  });
});

describe('cohortSegments', () => {
  it('counts a book per cohort, in cohort order, only cohorts with accounts', () => {
    const segments = cohortSegments(sanDiegoBook());
    expect(segments.map((s) => [s.key, s.count])).toEqual([
      ['none', 1],
      ['medium', 2],
      ['high', 1],
      ['unscored', 1],
      ['withheld', 1],
    ]);
    expect(segments.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1);
  });

  it('is empty for an empty book', () => {
    expect(cohortSegments([])).toEqual([]);
    expect(cohortSummary([])).toBe('No accounts.');
  });

  it('says the distribution in words', () => {
    expect(cohortSummary(cohortSegments(sanDiegoBook()))).toBe(
      '6 accounts: 1 no risk, 2 medium risk, 1 high risk, 1 no score, 1 withheld.',
    );
    expect(cohortSummary(cohortSegments([account(1)]))).toBe('1 account: 1 low risk.');
  });
});

describe('bookFacts', () => {
  it('counts what the header shows', () => {
    expect(bookFacts(sanDiegoBook())).toEqual({
      accounts: 6,
      scored: 4,
      atRisk: 1,
      singleThreaded: 1,
      withheld: 1,
      responses: 190,
    });
  });
});
