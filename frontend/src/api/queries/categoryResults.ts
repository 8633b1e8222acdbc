// The requests of the categories page: category results and IPA (METHOD section 5) for the
// organization or one account manager's book, and stated against derived importance.
import { queryOptions } from '@tanstack/react-query';

import { api, unwrap } from '../client';

/**
 * Category results of a scope in the cycle: the whole organization (`accountManager` null) or one
 * AM's book. An account manager may ask only for their own book; the API answers 403 otherwise.
 */
export const categoryResultsQuery = (cycle: string, accountManager: number | null) =>
  queryOptions({
    queryKey: ['category-results', { account_manager: accountManager, cycle }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/category-results', {
          params: {
            query: accountManager === null ? { cycle } : { cycle, account_manager: accountManager },
          },
          signal,
        }),
      ),
  });

/** Stated importance next to derived importance (Pearson, LMG), with hidden drivers. */
export const derivedImportanceQuery = (cycle: string, accountManager: number | null) =>
  queryOptions({
    queryKey: ['derived-importance', { account_manager: accountManager, cycle }],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/derived-importance', {
          params: {
            query: accountManager === null ? { cycle } : { cycle, account_manager: accountManager },
          },
          signal,
        }),
      ),
  });
