import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import { allPages } from '../paging';

/** Every service category, in survey order. */
export const categoriesQuery = () =>
  queryOptions({
    queryKey: ['categories'],
    queryFn: ({ signal }) =>
      allPages(({ limit, offset }) =>
        unwrap(api.GET('/api/v1/categories', { params: { query: { limit, offset } }, signal })),
      ),
    staleTime: 5 * 60_000,
  });
