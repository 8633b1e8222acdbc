// Who is signed in, signing in and signing out. The session lives in an HttpOnly cookie that
// page scripts cannot read; the app learns who it is only from GET /auth/me.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import { api, isUnauthorized, unwrap } from '../client';
import type { UserView } from '../types';
import { sessionEndedKey, type SessionEnded } from '../../app/session';

export const meQueryKey = ['session', 'me'] as const;

/** The signed-in user, or `null` when nobody is (a 401 is an answer here, not an error). */
export const meQuery = () =>
  queryOptions({
    queryKey: meQueryKey,
    queryFn: async ({ signal }): Promise<UserView | null> => {
      try {
        return await unwrap(api.GET('/api/v1/auth/me', { signal }));
      } catch (error) {
        if (isUnauthorized(error)) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });

export interface Credentials {
  email: string;
  password: string;
}

/** Signs in with a cookie session; on success the user is known without another request. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ email, password }: Credentials) =>
      unwrap(
        // `cookie`: the server sets the HttpOnly session cookie and sends no token.
        api.POST('/api/v1/auth/login', { body: { email, password, session: 'cookie' } }),
      ),
    meta: { signInFlow: true },
    onSuccess: (response) => {
      // Nothing cached for an earlier user may show to this one.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      queryClient.removeQueries({ queryKey: sessionEndedKey });
      queryClient.setQueryData(meQueryKey, response.user);
    },
  });
}

/**
 * Ends the cookie session, then forgets everything cached for this user. Only once the server
 * has cleared the cookie: a page that claimed to sign out while the cookie lived on would sign
 * the user back in on the next visit.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    meta: { signInFlow: true },
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData<SessionEnded>(sessionEndedKey, 'signed-out');
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
