import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useSearchParams } from 'react-router';

import { cyclesQuery } from '../api/queries/cycles';
import { canImport } from '../auth/roles';
import { Empty } from '../components/Empty';
import { QueryError } from '../components/QueryError';
import { Loading } from '../components/Loading';
import { CYCLE_PARAM, CycleContext, resolveCycle } from './cycle';
import { useUser } from './session';

/**
 * Resolves the page's cycle (the URL's `?cycle=`, or the latest) for every page below it, and
 * handles once what they would all repeat: cycles loading or failing, no survey yet, a URL
 * naming a cycle that does not exist.
 */
export function CycleScope() {
  const cycles = useQuery(cyclesQuery());
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const user = useUser();

  if (cycles.isPending) return <Loading label="Loading cycles…" />;
  if (cycles.isError) {
    return <QueryError title="The assessment cycles could not be loaded" query={cycles} />;
  }

  const resolved = resolveCycle(cycles.data, params.get(CYCLE_PARAM));
  if (resolved.kind === 'none') {
    return (
      <Empty title="No survey has been imported yet">
        {canImport(user) ? (
          <p>
            Gapscope shows its assessments once a survey is in. <Link to="/import">Import one</Link>{' '}
            to begin.
          </p>
        ) : (
          <p>Gapscope shows its assessments once an administrator has imported a survey.</p>
        )}
      </Empty>
    );
  }
  if (resolved.kind === 'unknown') {
    return (
      <Empty title={`There is no cycle “${resolved.key}”`}>
        <p>
          The link names a cycle this organization does not have. Pick one in the header, or{' '}
          <Link
            to={{ pathname, search: `?${CYCLE_PARAM}=${encodeURIComponent(resolved.latest.key)}` }}
          >
            show the latest cycle ({resolved.latest.key})
          </Link>
          .
        </p>
      </Empty>
    );
  }
  return (
    <CycleContext.Provider value={resolved.cycle}>
      <Outlet />
    </CycleContext.Provider>
  );
}
