// API-shaped test data for the risk page, typed with the generated schema so that a change of
// the API breaks these at compile time. Figures follow the acme-synthetic demo organization.
import type { AccountSummary } from './cohorts';
import type { HiddenRiskView } from './hiddenRisk';
import type { CohortMigration } from './migrationCharts';
import type { BacktestView } from './backtest';

export function account(
  id: number,
  name: string,
  extra: Partial<AccountSummary> = {},
): AccountSummary {
  return {
    id,
    external_id: `acc-${id}`,
    name,
    annual_value: 100000,
    current_account_manager: 10,
    account_managers: [10],
    responses: 3,
    iwp: 7.9,
    iws: 0,
    f: 1,
    score: 89,
    cohort: 'none',
    ltr_mean: null,
    withheld: false,
    single_threaded: false,
    ...extra,
  };
}

/**
 * Five accounts with their likelihood-to-recommend means: two safe promoters, one low, a
 * hidden-risk promoter, one extreme detractor; plus edge cases.
 */
export function acmeAccounts(): AccountSummary[] {
  return [
    account(71, 'Acme Synthetic Ltd', { score: 89, ltr_mean: 8.5 }),
    account(96, 'Acme Synthetic Ltd 2', { score: 91, ltr_mean: 9.75, account_managers: [12] }),
    account(80, 'Bolt Synthetic', {
      score: 72,
      cohort: 'low',
      ltr_mean: 9.25,
      account_managers: [11],
    }),
    account(91, 'Umberfield Synthetic Ltd', {
      score: 56,
      cohort: 'high',
      ltr_mean: 9.5,
      f: 0.58,
      annual_value: 850000,
      account_managers: [12],
    }),
    account(93, 'Quarry Synthetic', {
      score: 41,
      cohort: 'extreme',
      ltr_mean: 3,
      account_managers: [13],
    }),
  ];
}

/** Too few responses: the API withholds every figure, the likelihood to recommend included. */
export function withheldAccount(): AccountSummary {
  return account(99, 'Tiny Synthetic', {
    withheld: true,
    score: null,
    cohort: null,
    f: null,
    iwp: null,
    iws: null,
    ltr_mean: null,
  });
}

/** Answered the likelihood-to-recommend question, yet without a score. */
export function unscoredAccount(): AccountSummary {
  return account(98, 'Silent Synthetic', {
    score: null,
    cohort: null,
    f: null,
    iwp: null,
    iws: null,
    ltr_mean: 6,
  });
}

/** Scored, but nobody at the account answered the likelihood-to-recommend question. */
export function noLtrAccount(): AccountSummary {
  return account(97, 'Quiet Synthetic', {
    score: 52,
    cohort: 'high',
    ltr_mean: null,
    account_managers: [13],
  });
}

/** San Diego: scored accounts and no NPS question, so no likelihood to recommend anywhere. */
export function sanDiegoAccounts(): AccountSummary[] {
  return [
    account(1, 'District 7, ZIP 92124', {
      annual_value: null,
      score: 64,
      cohort: 'medium',
      responses: 56,
    }),
    account(2, 'District 9, ZIP 92115', {
      annual_value: null,
      score: 59,
      cohort: 'high',
      responses: 124,
    }),
    account(3, 'District 9, ZIP 92105', {
      annual_value: null,
      score: 56,
      cohort: 'high',
      responses: 94,
    }),
  ];
}

export function acmeHiddenRisk(): HiddenRiskView {
  return {
    cycle: '2026-Q4',
    accounts: [
      {
        account: 91,
        account_manager: 0,
        ltr_mean: 9.5,
        score: 56,
        cohort: 'high',
        nps_class: 'promoter',
        account_managers: [12],
      },
    ],
    account_managers: [
      {
        account_manager: { id: 12, external_id: 'am-03', name: 'Casey Thorne', team: 'north' },
        accounts: 1,
      },
    ],
  };
}

function buckets(
  none: number,
  low: number,
  medium: number,
  high: number,
  extreme: number,
  unscored: number,
) {
  const total = none + low + medium + high + extreme + unscored;
  const b = (
    bucket: 'none' | 'low' | 'medium' | 'high' | 'extreme' | 'unscored',
    count: number,
  ) => ({
    bucket,
    count,
    share: total > 0 ? count / total : null,
  });
  return [
    b('none', none),
    b('low', low),
    b('medium', medium),
    b('high', high),
    b('extreme', extreme),
    b('unscored', unscored),
  ];
}

/** acme-synthetic: ten accounts slide from none to low in 2026-Q3 (the declining AM). */
export function acmeMigration(): CohortMigration {
  return {
    cycles: [
      { cycle: '2026-Q1', accounts: 60, buckets: buckets(58, 0, 0, 2, 0, 0) },
      { cycle: '2026-Q2', accounts: 60, buckets: buckets(58, 0, 0, 2, 0, 0) },
      { cycle: '2026-Q3', accounts: 60, buckets: buckets(48, 10, 0, 2, 0, 0) },
      { cycle: '2026-Q4', accounts: 59, buckets: buckets(47, 10, 0, 2, 0, 0) },
    ],
    pairs: [
      {
        from_cycle: '2026-Q1',
        to_cycle: '2026-Q2',
        accounts: 60,
        entered: 0,
        left: 0,
        transitions: [
          { from: 'none', to: 'none', count: 58 },
          { from: 'high', to: 'high', count: 2 },
        ],
      },
      {
        from_cycle: '2026-Q2',
        to_cycle: '2026-Q3',
        accounts: 60,
        entered: 0,
        left: 0,
        transitions: [
          { from: 'none', to: 'none', count: 48 },
          { from: 'none', to: 'low', count: 10 },
          { from: 'high', to: 'high', count: 2 },
        ],
      },
      {
        from_cycle: '2026-Q3',
        to_cycle: '2026-Q4',
        accounts: 59,
        entered: 0,
        left: 1,
        transitions: [
          { from: 'none', to: 'none', count: 47 },
          { from: 'low', to: 'low', count: 10 },
          { from: 'high', to: 'high', count: 2 },
        ],
      },
    ],
  };
}

/** San Diego: one cycle, no pair. */
export function sanDiegoMigration(): CohortMigration {
  return {
    cycles: [{ cycle: '2015', accounts: 70, buckets: buckets(5, 4, 26, 22, 12, 1) }],
    pairs: [],
  };
}

export const ACME_BACKTEST: BacktestView = {
  score: { auc: 1, n: 60, churned: 12 },
  nps: { auc: 0.2074652777777778, n: 60, churned: 12 },
};
