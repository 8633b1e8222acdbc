import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { accountManagersQuery } from '../../api/queries/accountManagers';
import { categoriesQuery } from '../../api/queries/categories';
import type { AccountManagerSummary, CycleView } from '../../api/types';
import { useCycle } from '../../app/cycle';
import { useUser } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount } from '../../charts/format';
import {
  categoriesOf,
  categoryKey,
  parseMeasureKey,
  WHOLE_BOOK,
  type MeasureKey,
} from '../../charts/measures';
import { Empty } from '../../components/Empty';
import { QueryError } from '../../components/QueryError';
import { Loading } from '../../components/Loading';
import { HeatmapPanel } from './HeatmapPanel';
import { HowToRead } from './HowToRead';
import { StandingPanel } from './StandingPanel';
import { TeamProgress } from './TeamProgress';
import { TeamTable } from './TeamTable';
import { useTeamAssessments } from './useTeamAssessments';

const MEASURE_PARAM = 'measure';

/** `/`: every AM of the caller's scope against the peer average, for one cycle. */
export function TeamOverviewPage() {
  usePageTitle('Team overview');
  const cycle = useCycle();
  const summaries = useQuery(accountManagersQuery(cycle.key));

  return (
    <section className="page" aria-labelledby="team-title">
      <header className="page__header">
        <h1 id="team-title">Team overview</h1>
        {summaries.data && <Subtitle cycle={cycle} summaries={summaries.data} />}
      </header>
      {summaries.isPending ? (
        <Loading label="Loading account managers…" />
      ) : summaries.isError ? (
        <QueryError title="The account managers could not be loaded" query={summaries} />
      ) : summaries.data.length === 0 ? (
        <NoAccountManagers cycle={cycle} />
      ) : (
        <Team cycle={cycle} summaries={summaries.data} />
      )}
    </section>
  );
}

function Subtitle({ cycle, summaries }: { cycle: CycleView; summaries: AccountManagerSummary[] }) {
  const user = useUser();
  const accounts = summaries.reduce((sum, s) => sum + s.accounts, 0);
  const responses = summaries.reduce((sum, s) => sum + s.responses, 0);
  return (
    <p className="page__subtitle">
      Cycle <strong>{cycle.key}</strong>
      {user.team ? <> · team {user.team}</> : null} · {summaries.length} account managers ·{' '}
      {formatCount(accounts)} accounts · {formatCount(responses)} responses
    </p>
  );
}

function NoAccountManagers({ cycle }: { cycle: CycleView }) {
  const user = useUser();
  return (
    <Empty title={`No account managers in cycle ${cycle.key}`}>
      <p>
        {user.role === 'supervisor'
          ? `Your team${user.team ? ` (${user.team})` : ''} has no account managers yet. An administrator sets each account manager's team.`
          : 'No survey answers in this cycle are assigned to an account manager. Pick another cycle in the header.'}
      </p>
    </Empty>
  );
}

function Team({ cycle, summaries }: { cycle: CycleView; summaries: AccountManagerSummary[] }) {
  const ids = useMemo(() => summaries.map((s) => s.id), [summaries]);
  const team = useTeamAssessments(ids, cycle.key);
  const catalog = useQuery(categoriesQuery());
  const [params, setParams] = useSearchParams();

  const categories = useMemo(
    () => categoriesOf(team.loaded, catalog.data ?? []),
    [team.loaded, catalog.data],
  );
  const requested = parseMeasureKey(params.get(MEASURE_PARAM));
  const known = (key: MeasureKey) =>
    WHOLE_BOOK.includes(key) ||
    categories.some((c) => categoryKey(c.id) === key) ||
    (catalog.data ?? []).some((c) => categoryKey(c.id) === key);
  const measure: MeasureKey = requested && known(requested) ? requested : 'score';
  const setMeasure = (key: MeasureKey) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set(MEASURE_PARAM, key);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );

  return (
    <>
      <HowToRead />
      <TeamProgress team={team} summaries={summaries} />
      <div className="chart-grid">
        <StandingPanel
          cycle={cycle}
          team={team}
          measure={measure}
          categories={categories}
          onMeasure={setMeasure}
        />
        <HeatmapPanel
          cycle={cycle}
          team={team}
          categoryOrder={catalog.data ?? []}
          categories={categories}
          onCategory={(id) => {
            setMeasure(categoryKey(id));
            document.getElementById('standing')?.scrollIntoView({ block: 'nearest' });
          }}
        />
      </div>
      <TeamTable summaries={summaries} team={team} />
    </>
  );
}
