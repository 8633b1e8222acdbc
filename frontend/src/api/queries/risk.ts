// The requests of the risk page: every account of the cycle, cohorts across cycles, hidden
// risk, and the back-test of the score against renewal outcomes. Each answers for what the
// caller's role may see (an account manager: their own book).
import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import { allPages } from '../paging';

/**
 * Every account answered in the cycle that the caller may see, read page after page, lowest score
 * first. Each carries its score, cohort and likelihood-to-recommend mean (`ltr_mean`): all the
 * risk page's charts and tables need, without a request per account.
 */
export const cycleAccountsQuery = (cycle: string) =>
  queryOptions({
    queryKey: ['accounts', 'cycle', { cycle }],
    queryFn: ({ signal }) =>
      allPages(({ limit, offset }) =>
        unwrap(
          api.GET('/api/v1/accounts', {
            params: { query: { cycle, limit, offset, sort: 'score' } },
            signal,
          }),
        ),
      ),
  });

/** Cohort shares per cycle and the moves between consecutive cycles (every cycle at once). */
export const cohortMigrationQuery = () =>
  queryOptions({
    queryKey: ['cohort-migration'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/cohort-migration', { signal })),
  });

/** Accounts safe on NPS but high or extreme on the retention score, in the cycle. */
export const hiddenRiskQuery = (cycle: string) =>
  queryOptions({
    queryKey: ['hidden-risk', { cycle }],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/hidden-risk', { params: { query: { cycle } }, signal })),
  });

/** AUC of the score and of likelihood-to-recommend against churn (admins and analysts). */
export const backtestQuery = () =>
  queryOptions({
    queryKey: ['backtest'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/backtest', { signal })),
  });
