// Alerts: the overview per AM, the paged list, one alert with its history, and the lifecycle
// change (acknowledge, resolve). Every key starts with 'alerts', so one invalidation after a
// change refreshes every alert view of the app (list, overview, detail, and any page that
// lists an AM's or an account's alerts under that prefix).
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap } from '../client';
import type { paths } from '../schema';

/** The query parameters of GET /alerts (filters, paging, sort), as the spec has them. */
export type AlertListParams = NonNullable<paths['/api/v1/alerts']['get']['parameters']['query']>;

/** One alert, as PATCH /alerts/{id} answers it. */
export type AlertView =
  paths['/api/v1/alerts/{id}']['patch']['responses'][200]['content']['application/json'];

/** The body of PATCH /alerts/{id}. */
export type AlertChangeBody = NonNullable<
  paths['/api/v1/alerts/{id}']['patch']['requestBody']
>['content']['application/json'];

export const ALERTS_KEY = ['alerts'] as const;

/** Per AM the caller may see: alerts by severity and status in the cycle. */
export const alertOverviewQuery = (cycle: string) =>
  queryOptions({
    queryKey: [...ALERTS_KEY, 'overview', { cycle }],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/alerts/overview', { params: { query: { cycle } }, signal })),
  });

/** One page of alerts; the previous page stays on screen while the next one loads. */
export const alertListQuery = (params: AlertListParams) =>
  queryOptions({
    queryKey: [...ALERTS_KEY, 'list', params],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/alerts', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });

/** One alert with every change of its life. */
export const alertQuery = (id: number) =>
  queryOptions({
    queryKey: [...ALERTS_KEY, 'detail', id],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/alerts/{id}', { params: { path: { id } }, signal })),
  });

export interface AlertChangeVariables {
  id: number;
  change: AlertChangeBody;
}

/**
 * Moves an alert forward with an optional note. `onSuccess` runs before the refresh, and even
 * when the component that asked has gone meanwhile (a changed alert may leave a filtered list).
 * Whatever the answer, every alert view is then refreshed: after a success to show the change,
 * after a conflict (someone else moved it) to show where it is now.
 */
export function useChangeAlert(
  options: { onSuccess?: (alert: AlertView, variables: AlertChangeVariables) => void } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: AlertChangeVariables) =>
      unwrap(api.PATCH('/api/v1/alerts/{id}', { params: { path: { id } }, body: change })),
    onSuccess: (alert, variables) => options.onSuccess?.(alert, variables),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ALERTS_KEY }),
  });
}
