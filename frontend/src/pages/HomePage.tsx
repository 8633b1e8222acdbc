import { Navigate, useLocation } from 'react-router';

import { cycleSearch } from '../app/cycle';
import { useUser } from '../app/session';
import { usePageTitle } from '../app/usePageTitle';
import { scorecardPath, seesTeam } from '../auth/roles';
import { Empty } from '../components/Empty';
import { TeamOverviewPage } from './team/TeamOverviewPage';

/** `/`: the team for roles that see one; an account manager goes to their own scorecard. */
export function HomePage() {
  const user = useUser();
  const { search } = useLocation();
  if (seesTeam(user)) return <TeamOverviewPage />;
  const own = scorecardPath(user);
  if (own) return <Navigate to={{ pathname: own, search: cycleSearch(search) }} replace />;
  return <Unlinked />;
}

function Unlinked() {
  usePageTitle('Start');
  return (
    <section className="page">
      <h1>Welcome</h1>
      <Empty title="Your user is not linked to an account manager">
        <p>
          Your scorecard appears once an administrator links your user to the account manager you
          are in the survey data.
        </p>
      </Empty>
    </section>
  );
}
