// Why the last session ended, so the login page can say so. Kept in the query cache because
// the code that notices (a 401 on any request) runs outside React.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';

import type { UserView } from '../api/types';

export type SessionEnded = 'expired' | 'signed-out';

export const sessionEndedKey = ['session', 'ended'] as const;

export function useSessionEnded(): SessionEnded | undefined {
  return useQueryClient().getQueryData<SessionEnded>(sessionEndedKey);
}

/** The signed-in user, provided by the auth gate to every page behind it. */
export const UserContext = createContext<UserView | null>(null);

export function useUser(): UserView {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser is only for pages behind the auth gate');
  return user;
}
