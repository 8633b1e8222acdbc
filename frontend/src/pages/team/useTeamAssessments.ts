import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';

import { assessmentQuery } from '../../api/queries/accountManagers';
import type { AccountManagerAssessment } from '../../api/types';

export interface TeamAssessments {
  /** The assessments that have arrived, by AM id. */
  byId: Map<number, AccountManagerAssessment>;
  /** Those, in the order of `ids`. */
  loaded: AccountManagerAssessment[];
  total: number;
  pending: number;
  /** AMs whose assessment failed, with the error. */
  failed: { id: number; error: unknown }[];
  /** Whether a failed one is being tried again. */
  retrying: boolean;
  retryFailed: () => void;
}

/**
 * Every AM's assessment, fetched in parallel: the API answers one AM per request, so the page
 * shows each as it arrives rather than waiting for the slowest.
 */
export function useTeamAssessments(ids: readonly number[], cycle: string): TeamAssessments {
  // Stable while `ids` is, so that react-query re-combines only when a result changes, and the
  // charts built from `loaded` are not rebuilt on every render.
  const combine = useCallback(
    (results: UseQueryResult<AccountManagerAssessment>[]): TeamAssessments => {
      const byId = new Map<number, AccountManagerAssessment>();
      const failed: { id: number; error: unknown }[] = [];
      results.forEach((result, i) => {
        const id = ids[i];
        if (id === undefined) return;
        if (result.data) byId.set(id, result.data);
        else if (result.isError) failed.push({ id, error: result.error });
      });
      return {
        byId,
        loaded: ids.flatMap((id) => byId.get(id) ?? []),
        total: ids.length,
        pending: results.filter((r) => r.isPending && !r.isError).length,
        failed,
        retrying: results.some((r) => r.isError && r.isFetching),
        retryFailed: () => {
          for (const r of results) if (r.isError) void r.refetch();
        },
      };
    },
    [ids],
  );
  return useQueries({ queries: ids.map((id) => assessmentQuery(id, cycle)), combine });
}
