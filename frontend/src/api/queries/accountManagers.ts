import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import { allPages } from '../paging';

/** Every account manager the caller may see, with their book in the cycle, by name. */
export const accountManagersQuery = (cycle: string) =>
  queryOptions({
    queryKey: ['account-managers', { cycle }],
    queryFn: ({ signal }) =>
      allPages(({ limit, offset }) =>
        unwrap(
          api.GET('/api/v1/account-managers', {
            params: { query: { cycle, limit, offset, sort: 'name' } },
            signal,
          }),
        ),
      ),
  });

/** One account manager's standing against the peer average in the cycle. */
export const assessmentQuery = (id: number, cycle: string) =>
  queryOptions({
    queryKey: ['account-managers', id, 'assessment', { cycle }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/account-managers/{id}/assessment', {
          params: { path: { id }, query: { cycle } },
          signal,
        }),
      ),
  });
