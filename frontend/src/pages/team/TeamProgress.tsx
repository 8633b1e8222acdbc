import { describeError } from '../../api/client';
import type { AccountManagerSummary } from '../../api/types';
import type { TeamAssessments } from './useTeamAssessments';

/** How many assessments have arrived, and which failed, with one retry for all of them. */
export function TeamProgress({
  team,
  summaries,
}: {
  team: TeamAssessments;
  summaries: AccountManagerSummary[];
}) {
  const names = new Map(summaries.map((s) => [s.id, s.name]));
  const loaded = team.loaded.length;
  return (
    <>
      {team.pending > 0 && (
        <div className="progress" role="status">
          <label htmlFor="assessments-progress">
            Loading assessments: {loaded} of {team.total} loaded
          </label>
          <progress id="assessments-progress" max={team.total} value={loaded} />
        </div>
      )}
      {team.failed.length > 0 && (
        <div className="state state--error" role="alert">
          <p className="state__title">
            {team.failed.length === 1
              ? 'One assessment could not be loaded'
              : `${team.failed.length} assessments could not be loaded`}
          </p>
          <ul className="state__body">
            {team.failed.map(({ id, error }) => (
              <li key={id}>
                {names.get(id) ?? `Account manager ${id}`}: {describeError(error)}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button"
            onClick={team.retryFailed}
            disabled={team.retrying}
          >
            {team.retrying ? 'Trying again…' : 'Try again'}
          </button>
        </div>
      )}
    </>
  );
}

/** ` (6 of 9 so far)` while assessments are still arriving. */
export function partial(team: TeamAssessments): string {
  return team.loaded.length < team.total ? ` (${team.loaded.length} of ${team.total} so far)` : '';
}
