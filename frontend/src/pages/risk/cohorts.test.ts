import { describe, expect, it } from 'vitest';

import { cohortChart } from './cohortChart';
import { bucketName, bucketRange, cohortDistribution, DEFAULT_THRESHOLDS } from './cohorts';
import { acmeAccounts, unscoredAccount, withheldAccount } from './testData';

describe('cohort names', () => {
  it('reads the score ranges from the thresholds', () => {
    expect(bucketRange('none', DEFAULT_THRESHOLDS)).toBe('80–100');
    expect(bucketRange('low', DEFAULT_THRESHOLDS)).toBe('70–79');
    expect(bucketRange('medium', DEFAULT_THRESHOLDS)).toBe('60–69');
    expect(bucketRange('high', DEFAULT_THRESHOLDS)).toBe('50–59');
    expect(bucketRange('extreme', DEFAULT_THRESHOLDS)).toBe('1–49');
    expect(bucketName('high', { none: 85, low: 75, medium: 65, high: 40 })).toBe(
      'High risk (40–64)',
    );
    expect(bucketName('unscored', DEFAULT_THRESHOLDS)).toBe('Unscored');
  });
});

describe('cohortDistribution', () => {
  it('counts each account once, withheld ones apart', () => {
    const d = cohortDistribution([...acmeAccounts(), withheldAccount(), unscoredAccount()]);
    expect(d.total).toBe(6);
    expect(d.withheld).toBe(1);
    expect(d.buckets.map((b) => [b.bucket, b.count])).toEqual([
      ['none', 2],
      ['low', 1],
      ['medium', 0],
      ['high', 1],
      ['extreme', 1],
      ['unscored', 1],
    ]);
    expect(d.buckets[0]?.share).toBeCloseTo(2 / 6);
  });

  it('has no shares without accounts', () => {
    const d = cohortDistribution([withheldAccount()]);
    expect(d.total).toBe(0);
    expect(d.buckets.every((b) => b.share === null)).toBe(true);
  });
});

describe('cohortChart', () => {
  it('draws a bar per cohort, named with its range and labelled with count and share', () => {
    const model = cohortChart(cohortDistribution(acmeAccounts()), DEFAULT_THRESHOLDS)!;
    const option = model.option as {
      xAxis: { data: string[] };
      series: { data: { value: number }[] }[];
    };
    expect(option.xAxis.data).toEqual([
      'No risk\n80–100',
      'Low risk\n70–79',
      'Medium risk\n60–69',
      'High risk\n50–59',
      'Extreme risk\n1–49',
    ]);
    expect(option.series[0]?.data.map((d) => d.value)).toEqual([2, 1, 0, 1, 1]);
    expect(model.summary).toContain('2 (40%) at high or extreme risk');
    expect(model.table.rows[0]).toEqual(['No risk', '80–100', '2', '40.0%']);
  });

  it('adds an unscored bar only when an account has no score', () => {
    const model = cohortChart(
      cohortDistribution([...acmeAccounts(), unscoredAccount()]),
      DEFAULT_THRESHOLDS,
    )!;
    expect((model.option as { xAxis: { data: string[] } }).xAxis.data.at(-1)).toBe(
      'Unscored\nno score',
    );
  });

  it('draws nothing without counted accounts', () => {
    expect(cohortChart(cohortDistribution([]), DEFAULT_THRESHOLDS)).toBeNull();
    expect(cohortChart(cohortDistribution([withheldAccount()]), DEFAULT_THRESHOLDS)).toBeNull();
  });
});
