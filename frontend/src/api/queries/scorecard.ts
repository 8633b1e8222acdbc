// The requests of an account manager's scorecard beside the assessment (accountManagers.ts):
// their trend, their book of accounts, the funnel of every AM and their training focus.
import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import { allPages } from '../paging';

/** One AM's book across every cycle (the API answers every cycle at once, oldest first). */
export const amTrendQuery = (id: number) =>
  queryOptions({
    queryKey: ['account-managers', id, 'trend'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/account-managers/{id}/trend', { params: { path: { id } }, signal })),
  });

/** Every account answered under the AM in the cycle: their book, read page after page. */
export const bookQuery = (accountManager: number, cycle: string) =>
  queryOptions({
    queryKey: ['accounts', 'book', accountManager, { cycle }],
    queryFn: ({ signal }) =>
      allPages(({ limit, offset }) =>
        unwrap(
          api.GET('/api/v1/accounts', {
            params: { query: { cycle, account_manager: accountManager, limit, offset } },
            signal,
          }),
        ),
      ),
  });

/** The funnel plot of one measure: every AM's value against the limits for their book size. */
export const funnelQuery = (cycle: string, measure = 'score') =>
  queryOptions({
    queryKey: ['funnel', { cycle, measure }],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/funnel', { params: { query: { cycle, measure } }, signal })),
  });

/** The categories an AM should train on in the cycle (403 for roles that may not see it). */
export const trainingFocusQuery = (id: number, cycle: string) =>
  queryOptions({
    queryKey: ['training', 'account-managers', id, { cycle }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/training/account-managers/{id}', {
          params: { path: { id }, query: { cycle } },
          signal,
        }),
      ),
  });
