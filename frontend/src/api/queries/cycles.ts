import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import { allPages } from '../paging';

/** Every cycle of the organization, oldest first. */
export const cyclesQuery = () =>
  queryOptions({
    queryKey: ['cycles'],
    queryFn: ({ signal }) =>
      allPages(({ limit, offset }) =>
        unwrap(api.GET('/api/v1/cycles', { params: { query: { limit, offset } }, signal })),
      ),
    staleTime: 5 * 60_000,
  });
