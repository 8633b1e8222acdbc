// An account manager's book of business: each account's risk cohort (METHOD section 3) and the
// distribution of the book over the cohorts, for a one-line bar and its legend.
import type { components } from '../../api/schema';

export type AccountSummary = components['schemas']['AccountSummary'];
type Cohort = components['schemas']['Cohort'];
type CohortThresholds = components['schemas']['CohortThresholds'];

/** A cohort, or why an account has none: no score (no F), or figures withheld. */
export type CohortKey = Cohort | 'unscored' | 'withheld';

/** From no risk to extreme risk, then the accounts without a cohort. */
export const COHORT_ORDER: readonly CohortKey[] = [
  'none',
  'low',
  'medium',
  'high',
  'extreme',
  'unscored',
  'withheld',
];

export interface CohortStyle {
  label: string;
  /** Background of a bar segment or badge (Okabe-Ito, colour-blind safe). */
  fill: string;
  /** Text on that background (contrast at least 4.5:1). */
  text: string;
  border: string;
}

export const COHORT_STYLES: Record<CohortKey, CohortStyle> = {
  none: { label: 'No risk', fill: '#0072B2', text: '#FFFFFF', border: '#0072B2' },
  low: { label: 'Low risk', fill: '#56B4E9', text: '#0B2A3D', border: '#3A8FC4' },
  medium: { label: 'Medium risk', fill: '#F0E442', text: '#2E2A00', border: '#B8AE1C' },
  high: { label: 'High risk', fill: '#E69F00', text: '#2E1F00', border: '#B87F00' },
  extreme: { label: 'Extreme risk', fill: '#D55E00', text: '#000000', border: '#A84A00' },
  unscored: { label: 'No score', fill: '#FFFFFF', text: '#3E4C59', border: '#9AA5B1' },
  withheld: { label: 'Withheld', fill: '#E4E7EB', text: '#3E4C59', border: '#9AA5B1' },
};

/** The cohort an account falls in, or why it has none. */
export function cohortOf(account: Pick<AccountSummary, 'withheld' | 'cohort'>): CohortKey {
  if (account.withheld) return 'withheld';
  return account.cohort ?? 'unscored';
}

/** Sorts cohorts from no risk to extreme; accounts without one last. */
export function cohortRank(key: CohortKey): number | null {
  const rank = COHORT_ORDER.indexOf(key);
  return rank <= COHORT_ORDER.indexOf('extreme') ? rank : null;
}

/** The scores of a cohort, from the organization's thresholds: "70–79". */
export function cohortRange(
  key: CohortKey,
  thresholds: CohortThresholds | undefined,
): string | null {
  if (!thresholds) return null;
  const { none = 80, low = 70, medium = 60, high = 50 } = thresholds;
  switch (key) {
    case 'none':
      return `${none}–100`;
    case 'low':
      return `${low}–${none - 1}`;
    case 'medium':
      return `${medium}–${low - 1}`;
    case 'high':
      return `${high}–${medium - 1}`;
    case 'extreme':
      return `1–${high - 1}`;
    default:
      return null;
  }
}

export interface CohortSegment {
  key: CohortKey;
  count: number;
  /** Share of the book, 0-1. */
  share: number;
}

/** How many accounts fall in each cohort; only cohorts with accounts, in cohort order. */
export function cohortSegments(
  accounts: readonly Pick<AccountSummary, 'withheld' | 'cohort'>[],
): CohortSegment[] {
  const counts = new Map<CohortKey, number>();
  for (const account of accounts) {
    const key = cohortOf(account);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = accounts.length;
  return COHORT_ORDER.filter((key) => counts.has(key)).map((key) => {
    const count = counts.get(key) ?? 0;
    return { key, count, share: total > 0 ? count / total : 0 };
  });
}

/** A sentence for the bar: "10 accounts: 6 no risk, 3 low risk, 1 high risk." */
export function cohortSummary(segments: readonly CohortSegment[]): string {
  const total = segments.reduce((sum, s) => sum + s.count, 0);
  if (total === 0) return 'No accounts.';
  const parts = segments.map((s) => `${s.count} ${COHORT_STYLES[s.key].label.toLowerCase()}`);
  return `${total} ${total === 1 ? 'account' : 'accounts'}: ${parts.join(', ')}.`;
}

export interface BookFacts {
  accounts: number;
  scored: number;
  /** Accounts in the high and extreme cohorts. */
  atRisk: number;
  singleThreaded: number;
  withheld: number;
  responses: number;
}

/** The headline counts of a book. */
export function bookFacts(accounts: readonly AccountSummary[]): BookFacts {
  return {
    accounts: accounts.length,
    scored: accounts.filter((a) => !a.withheld && a.score != null).length,
    atRisk: accounts.filter((a) => !a.withheld && (a.cohort === 'high' || a.cohort === 'extreme'))
      .length,
    singleThreaded: accounts.filter((a) => a.single_threaded).length,
    withheld: accounts.filter((a) => a.withheld).length,
    responses: accounts.reduce((sum, a) => sum + a.responses, 0),
  };
}
