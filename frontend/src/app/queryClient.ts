import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { isTransient, isUnauthorized } from '../api/client';
import { meQueryKey } from '../api/queries/session';
import { sessionEndedKey, type SessionEnded } from './session';

/**
 * The app's query client. A 401 from any request means the session has ended (expired, or
 * ended elsewhere): the user is forgotten, and the auth gate sends them to the login page
 * through the router, with a note saying why.
 */
export function createQueryClient(options: { retryDelayMs?: number } = {}): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => sessionEnded(error) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // A wrong password is a 401 too, and says nothing about a session.
        if (!mutation.meta?.signInFlow) sessionEnded(error);
      },
    }),
    defaultOptions: {
      queries: {
        // Retry what may pass on a second try (no answer, 5xx), never a 4xx.
        retry: (failures, error) => isTransient(error) && failures < 2,
        ...(options.retryDelayMs === undefined ? {} : { retryDelay: options.retryDelayMs }),
        staleTime: 60_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });

  function sessionEnded(error: unknown) {
    if (!isUnauthorized(error) || client.getQueryData(meQueryKey) == null) return;
    client.setQueryData<SessionEnded>(sessionEndedKey, 'expired');
    client.setQueryData(meQueryKey, null);
  }

  return client;
}
