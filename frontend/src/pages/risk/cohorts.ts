// Risk cohorts (METHOD section 3): the buckets of the retention score, their names with the
// organization's thresholds, their colours, and how many of a cycle's accounts fall in each.
import type { components } from '../../api/schema';
import { formatNumber } from '../../charts/format';

type Schemas = components['schemas'];
export type Cohort = Schemas['Cohort'];
export type CohortBucket = Schemas['CohortBucket'];
export type CohortThresholds = Schemas['CohortThresholds'];
export type AccountSummary = Schemas['AccountSummary'];

/** The API's defaults, for when the settings cannot be read. */
export const DEFAULT_THRESHOLDS: CohortThresholds = { none: 80, low: 70, medium: 60, high: 50 };

/** From safe to at risk, then the accounts without a score. */
export const BUCKET_ORDER: readonly CohortBucket[] = [
  'none',
  'low',
  'medium',
  'high',
  'extreme',
  'unscored',
];

export interface BucketStyle {
  label: string;
  /** Fill of a bar or cell (Okabe-Ito: blue for safe through vermillion for extreme). */
  color: string;
  /** Text on that fill (contrast at least 4.5:1). */
  text: string;
}

export const BUCKETS: Record<CohortBucket, BucketStyle> = {
  none: { label: 'No risk', color: '#0072B2', text: '#FFFFFF' },
  low: { label: 'Low risk', color: '#56B4E9', text: '#000000' },
  medium: { label: 'Medium risk', color: '#F0E442', text: '#000000' },
  high: { label: 'High risk', color: '#E69F00', text: '#000000' },
  extreme: { label: 'Extreme risk', color: '#D55E00', text: '#000000' },
  unscored: { label: 'Unscored', color: '#D9DEE3', text: '#1F2933' },
};

/** The score range of a bucket under the thresholds: "80–100", "1–49", "no score". */
export function bucketRange(bucket: CohortBucket, t: CohortThresholds): string {
  switch (bucket) {
    case 'none':
      return `${t.none}–100`;
    case 'low':
      return `${t.low}–${t.none - 1}`;
    case 'medium':
      return `${t.medium}–${t.low - 1}`;
    case 'high':
      return `${t.high}–${t.medium - 1}`;
    case 'extreme':
      return `1–${t.high - 1}`;
    case 'unscored':
      return 'no score';
  }
}

/** "High risk (50–59)". */
export function bucketName(bucket: CohortBucket, t: CohortThresholds): string {
  return bucket === 'unscored'
    ? BUCKETS.unscored.label
    : `${BUCKETS[bucket].label} (${bucketRange(bucket, t)})`;
}

export function isAtRisk(cohort: Cohort | null | undefined): boolean {
  return cohort === 'high' || cohort === 'extreme';
}

export interface CohortCount {
  bucket: CohortBucket;
  count: number;
  /** Of the accounts with figures (withheld ones are not counted). */
  share: number | null;
}

export interface CohortDistribution {
  buckets: CohortCount[];
  /** Accounts whose figures are withheld from the caller (small accounts, AM role). */
  withheld: number;
  /** Accounts counted in the buckets. */
  total: number;
}

/** How many of the cycle's accounts fall in each bucket. */
export function cohortDistribution(accounts: readonly AccountSummary[]): CohortDistribution {
  const counts = new Map<CohortBucket, number>(BUCKET_ORDER.map((b) => [b, 0]));
  let withheld = 0;
  for (const a of accounts) {
    if (a.withheld) {
      withheld += 1;
      continue;
    }
    const bucket: CohortBucket = a.cohort ?? 'unscored';
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const total = accounts.length - withheld;
  return {
    buckets: BUCKET_ORDER.map((bucket) => {
      const count = counts.get(bucket) ?? 0;
      return { bucket, count, share: total > 0 ? count / total : null };
    }),
    withheld,
    total,
  };
}

export function formatPercent(share: number | null | undefined, digits = 0): string {
  return share === null || share === undefined ? '–' : `${formatNumber(share * 100, digits)}%`;
}
