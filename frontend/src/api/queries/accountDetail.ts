// The requests of one account's page: its assessment and trend, its category results (for
// the IPA cross-hairs), and the settings its score is computed with. Its alerts come from
// alertListQuery (alerts.ts).
import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';

/** One account's gaps, weights, indicators and score parts in the cycle. */
export const accountAssessmentQuery = (id: number, cycle: string) =>
  queryOptions({
    queryKey: ['accounts', id, 'assessment', { cycle }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/accounts/{id}/assessment', {
          params: { path: { id }, query: { cycle } },
          signal,
        }),
      ),
  });

/** One account across every cycle, oldest first. */
export const accountTrendQuery = (id: number) =>
  queryOptions({
    queryKey: ['accounts', id, 'trend'],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/accounts/{id}/trend', { params: { path: { id } }, signal })),
  });

/** Category results (section 5) of one account: the IPA points and cross-hairs. */
export const accountCategoryResultsQuery = (account: number, cycle: string) =>
  queryOptions({
    queryKey: ['category-results', { account, cycle }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/category-results', { params: { query: { account, cycle } }, signal }),
      ),
  });

/** The organization's settings: the score weights the score parts are read with. */
export const orgSettingsQuery = () =>
  queryOptions({
    queryKey: ['settings'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/settings', { signal })),
    staleTime: 5 * 60_000,
  });
