// Test data shaped like the API's answers for one scorecard, trimmed from the synthetic demo
// organization (am-02, "Blake Marrow": a declining AM whose NPS stays high) and from San Diego
// (one cycle, pick form, no NPS). Typed with the generated schema, so an API change breaks them.
import type { components } from '../../api/schema';
import type { AccountManagerAssessment, CategoryAssessment } from '../../api/types';
import type { AccountSummary } from './book';
import type { FunnelView } from './funnel';
import type { TrendPoint } from './trend';

function cat(
  id: number,
  name: string,
  mean: number,
  peer: number,
  interval: { low: number; high: number } | null,
  standing: CategoryAssessment['standing'],
  extra: Partial<CategoryAssessment> = {},
): CategoryAssessment {
  return {
    key: name.toLowerCase().replace(/ /g, '_'),
    name,
    account_manager: 11,
    measure: 'category',
    category: id,
    n: 10,
    mean,
    peer_n: 49,
    peer_mean: peer,
    difference: mean - peer,
    interval,
    df: 30,
    p_value: 0.001,
    q_value: 0.002,
    standing,
    shrunk_mean: mean + 0.2,
    strength: -0.7,
    grand_mean: 7.4,
    possibly_chance: false,
    ...extra,
  };
}

/** Blake Marrow in 2026-Q4: below peers everywhere, Service far below. */
export function blakeAssessment(): AccountManagerAssessment {
  return {
    account_manager: { id: 11, external_id: 'am-02', name: 'Blake Marrow', team: 'north' },
    cycle: '2026-Q4',
    accounts: 10,
    categories: [
      cat(16, 'Communication', 6.02, 7.68, { low: -2.25, high: -1.08 }, 'below'),
      cat(17, 'Consultation', 5.92, 7.77, { low: -2.3, high: -1.39 }, 'below'),
      cat(18, 'Service', 1.0, 7.62, { low: -7.02, high: -6.23 }, 'below'),
      cat(19, 'Responsiveness', 7.9, 7.8, { low: -0.3, high: 0.5 }, 'on_par', {
        q_value: 0.7,
        p_value: 0.6,
      }),
      cat(20, 'Product knowledge', 8.3, 7.95, { low: 0.02, high: 0.68 }, 'above', {
        q_value: 0.14,
        possibly_chance: true,
      }),
    ],
    whole_book: [
      {
        measure: 'iwp',
        account_manager: 11,
        n: 10,
        mean: 4.447,
        peer_n: 49,
        peer_mean: 7.902,
        difference: -3.454,
        interval: { low: -3.689, high: -3.22 },
        df: 40,
        p_value: 1e-9,
        q_value: 1e-8,
        standing: 'below',
        shrunk_mean: 4.519,
        strength: -1.2,
        grand_mean: 7.3,
        possibly_chance: false,
      },
      {
        measure: 'f',
        account_manager: 11,
        n: 10,
        mean: 0.6875,
        peer_n: 49,
        peer_mean: 0.9819,
        difference: -0.2944,
        interval: { low: -0.3186, high: -0.2702 },
        df: 40,
        p_value: 1e-9,
        q_value: 1e-8,
        standing: 'below',
        shrunk_mean: 0.6973,
        strength: -1.3,
        grand_mean: 0.93,
        possibly_chance: false,
      },
      {
        measure: 'score',
        account_manager: 11,
        n: 10,
        mean: 72,
        peer_n: 49,
        peer_mean: 89.06,
        difference: -17.06,
        interval: { low: -19.14, high: -14.98 },
        df: 40,
        p_value: 1e-9,
        q_value: 1e-8,
        standing: 'below',
        shrunk_mean: 73.19,
        strength: -1.4,
        grand_mean: 86.2,
        possibly_chance: false,
      },
    ],
    withheld: false,
  };
}

/** An account manager's own scorecard when their book is under the anonymity threshold. */
export function withheldAssessment(): AccountManagerAssessment {
  return {
    account_manager: { id: 8, external_id: '1', name: 'District 1', team: null },
    cycle: '2015',
    accounts: 1,
    categories: [],
    whole_book: [],
    withheld: true,
  };
}

export function account(id: number, extra: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id,
    external_id: `acc-${id}`,
    name: `Account ${id}`,
    annual_value: 100_000,
    current_account_manager: 11,
    account_managers: [11],
    responses: 3,
    iwp: 4.5,
    iws: 2.81,
    f: 0.6875,
    score: 72,
    cohort: 'low',
    withheld: false,
    single_threaded: false,
    ...extra,
  };
}

/** A San Diego book as an account manager sees it: one account withheld, one unscored. */
export function sanDiegoBook(): AccountSummary[] {
  return [
    account(59, { responses: 8, score: 83, cohort: 'none' }),
    account(13, { responses: 58, score: 51, cohort: 'high' }),
    account(64, {
      responses: 2,
      score: null,
      cohort: null,
      iwp: null,
      iws: null,
      f: null,
      withheld: true,
    }),
    account(31, { responses: 4, score: 68, cohort: 'medium' }),
    account(22, { responses: 117, score: 61, cohort: 'medium' }),
    account(23, { responses: 1, score: null, cohort: null, f: null, single_threaded: true }),
  ];
}

type Nps = components['schemas']['Nps'];
const nps = (value: number | null, n = 32): Nps => ({
  n,
  promoters: 0,
  detractors: 0,
  nps: value,
  margin_of_error: value === null ? null : 10,
});

function point(
  cycle: string,
  score: number | null,
  f: number | null,
  npsValue: number | null,
  means: (number | null)[],
): TrendPoint {
  const keys = ['communication', 'consultation', 'service', 'responsiveness', 'product_knowledge'];
  return {
    cycle,
    account_managers: [11],
    accounts: score === null && f === null ? 0 : 10,
    responses: score === null && f === null ? 0 : 32,
    score,
    f,
    iws: f === null ? null : (1 - f) * 9,
    nps: npsValue === null ? null : nps(npsValue),
    categories: keys.map((key, i) => ({ key, mean_performance: means[i] ?? null })),
  };
}

/** Blake Marrow over four cycles: the score falls while NPS stays at +100. */
export function blakeTrend(): TrendPoint[] {
  return [
    point('2026-Q1', 89.3, 1.0, 100, [6.08, 6.07, 10.0, 6.15, 6.03]),
    point('2026-Q2', 83.7, 0.896, 100, [6.1, 6.0, 7.0, 6.2, 6.0]),
    point('2026-Q3', 78.0, 0.79, 100, [6.0, 6.0, 4.0, 6.1, 5.9]),
    point('2026-Q4', 72.0, 0.6875, 100, [6.02, 5.92, 1.0, 6.01, 5.92]),
  ];
}

/** San Diego: one cycle, no NPS, a category nobody in the book answered. */
export function sanDiegoTrend(): TrendPoint[] {
  return [
    {
      cycle: '2015',
      account_managers: [8],
      accounts: 6,
      responses: 273,
      score: 55.5,
      f: 0.5423,
      iws: 1.83,
      nps: null,
      categories: [
        { key: 'code_enforcement', mean_performance: 3.24 },
        { key: 'lifeguards', mean_performance: null },
      ],
    },
  ];
}

const limits = (target: number, half95: number, half998: number) => ({
  limits95: { low: target - half95, high: target + half95 },
  limits998: { low: target - half998, high: target + half998 },
});

/** The score funnel of the synthetic organization (three AMs shown). */
export function acmeFunnel(): FunnelView {
  const target = 86.17;
  return {
    cycle: '2026-Q4',
    measure: 'score',
    funnel: {
      target,
      sd: 9.18,
      points: [
        { account_manager: 10, value: 90.2, n: 10, ...limits(target, 5.69, 8.97), outside: 'none' },
        {
          account_manager: 11,
          value: 72.0,
          n: 10,
          ...limits(target, 5.69, 8.97),
          outside: 'outside998',
        },
        {
          account_manager: 14,
          value: 92.5,
          n: 9,
          ...limits(target, 6.0, 9.46),
          outside: 'outside95',
        },
      ],
      curve: [1, 2, 5, 9, 10].map((n) => ({
        n,
        ...limits(target, (1.96 * 9.18) / Math.sqrt(n), (3.09 * 9.18) / Math.sqrt(n)),
      })),
    },
  };
}
