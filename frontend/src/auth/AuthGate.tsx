import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';

import { meQuery } from '../api/queries/session';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { Layout } from '../layout/Layout';
import { UserContext, useSessionEnded } from '../app/session';

/**
 * Asks the server who is signed in before showing any page: nobody means the login page (which
 * returns here afterwards); a server that cannot answer means an error with a retry, not a
 * login form that cannot work.
 */
export function AuthGate() {
  const me = useQuery(meQuery());
  const location = useLocation();
  const ended = useSessionEnded();

  if (me.isPending) {
    return (
      <div className="page-center">
        <Loading label="Checking your session…" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="page-center">
        <ErrorState
          title="Gapscope could not start"
          error={me.error}
          onRetry={() => void me.refetch()}
          retrying={me.isFetching}
        />
      </div>
    );
  }
  if (!me.data) {
    const here = `${location.pathname}${location.search}`;
    // After signing out on purpose, the next user starts at their own home page.
    const keep = here !== '/' && ended !== 'signed-out';
    const next = keep ? `?${new URLSearchParams({ next: here }).toString()}` : '';
    return <Navigate to={`/login${next}`} replace />;
  }
  return (
    <UserContext.Provider value={me.data}>
      <Layout>
        <Outlet />
      </Layout>
    </UserContext.Provider>
  );
}
