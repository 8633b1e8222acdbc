import { useQueries } from '@tanstack/react-query';

import { accountAssessmentQuery } from '../../api/queries/accountDetail';
import type { AccountAssessment } from './scoreScatter';

/**
 * The API lists accounts without their likelihood to recommend; only an account's assessment
 * carries it. So the scatter reads one assessment per account, in parallel, and at most this
 * many (the lowest scores first: where risk is).
 */
export const MAX_SCATTER_ACCOUNTS = 300;

export interface AccountLtr {
  byId: Map<number, AccountAssessment>;
  total: number;
  pending: number;
  failed: number;
  retryFailed: () => void;
}

export function useAccountLtr(ids: readonly number[], cycle: string, enabled: boolean): AccountLtr {
  return useQueries({
    queries: ids.map((id) => ({ ...accountAssessmentQuery(id, cycle), enabled })),
    combine: (results) => {
      const byId = new Map<number, AccountAssessment>();
      results.forEach((r, i) => {
        const id = ids[i];
        if (id !== undefined && r.data) byId.set(id, r.data);
      });
      return {
        byId,
        total: ids.length,
        pending: results.filter((r) => r.isPending && !r.isError).length,
        failed: results.filter((r) => r.isError).length,
        retryFailed: () => {
          for (const r of results) if (r.isError) void r.refetch();
        },
      };
    },
  });
}
