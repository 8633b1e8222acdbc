import { useMemo } from 'react';
import { Link } from 'react-router';

import type { AccountManagerSummary } from '../../api/types';
import { useCycleLink } from '../../app/cycle';
import { formatCount, formatNumber, formatSigned } from '../../charts/format';
import { STANDING_STYLES } from '../../charts/standing';
import { DataTable, type Column } from '../../components/DataTable';
import { StandingBadge } from '../../components/StandingBadge';
import { hasNps, hasTeams, teamRows, type TeamRow } from './teamRows';
import type { TeamAssessments } from './useTeamAssessments';

/** The AMs' books and standings, sortable, each name linking to the AM's scorecard. */
export function TeamTable({
  summaries,
  team,
}: {
  summaries: AccountManagerSummary[];
  team: TeamAssessments;
}) {
  const link = useCycleLink();
  const rows = useMemo(() => teamRows(summaries, team.byId), [summaries, team.byId]);
  const failed = new Set(team.failed.map((f) => f.id));

  const pendingCell = (row: TeamRow) =>
    failed.has(row.id) ? (
      <span className="muted">not loaded</span>
    ) : row.withheld ? (
      <span className="muted">withheld</span>
    ) : (
      <span className="muted">loading…</span>
    );

  const columns: Column<TeamRow>[] = [
    {
      key: 'name',
      header: 'Account manager',
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => <Link to={link(`/account-managers/${r.id}`)}>{r.name}</Link>,
    },
    ...(hasTeams(rows)
      ? [
          {
            key: 'team',
            header: 'Team',
            sortValue: (r: TeamRow) => r.team,
            cell: (r: TeamRow) => r.team ?? '–',
          },
        ]
      : []),
    {
      key: 'accounts',
      header: 'Accounts',
      numeric: true,
      description: 'Accounts answered under this account manager in the cycle (book size)',
      sortValue: (r) => r.accounts,
      cell: (r) => formatCount(r.accounts),
    },
    {
      key: 'responses',
      header: 'Responses',
      numeric: true,
      sortValue: (r) => r.responses,
      cell: (r) => formatCount(r.responses),
    },
    {
      key: 'score',
      header: 'Mean score',
      numeric: true,
      description: 'Mean retention score (1-100) over the scored accounts',
      sortValue: (r) => r.meanScore,
      cell: (r) =>
        r.withheld ? <span className="muted">withheld</span> : formatNumber(r.meanScore, 1),
    },
    {
      key: 'risk',
      header: 'At risk',
      numeric: true,
      description: 'Accounts in the high and extreme risk cohorts (score below 60)',
      sortValue: (r) => (r.withheld ? null : r.atRisk),
      cell: (r) => (r.withheld ? '–' : `${r.atRisk} of ${r.accounts}`),
    },
    ...(hasNps(rows)
      ? [
          {
            key: 'nps',
            header: 'NPS',
            numeric: true,
            description: 'Net promoter score of the book, with its 95% margin of error',
            sortValue: (r: TeamRow) => r.nps,
            cell: (r: TeamRow) =>
              r.nps === null ? '–' : `${formatSigned(r.nps, 0)} ± ${formatNumber(r.npsMargin, 0)}`,
          },
        ]
      : []),
    {
      key: 'standing',
      header: 'Score vs peers',
      description: 'Difference of the mean retention score to the peer average, and its standing',
      sortValue: (r) => r.score?.difference ?? null,
      cell: (r) =>
        r.scoreStanding && r.score ? (
          <span className="standing-cell">
            <StandingBadge standing={r.scoreStanding}>
              {formatSigned(r.score.difference, 1)}
            </StandingBadge>
            <span className="visually-hidden">{STANDING_STYLES[r.scoreStanding].label}</span>
          </span>
        ) : r.assessment ? (
          <span className="muted">no score</span>
        ) : (
          pendingCell(r)
        ),
    },
    {
      key: 'categories',
      header: 'Categories ▲ / ▼',
      description:
        'Categories where the account manager stands above (▲) or below (▼) peers; some may be chance (q > 0.10)',
      sortValue: (r) => (r.assessment ? r.above - r.below : null),
      cell: (r) =>
        r.assessment ? (
          <span>
            <span aria-label={`${r.above} above`}>▲ {r.above}</span> ·{' '}
            <span aria-label={`${r.below} below`}>▼ {r.below}</span>
            {r.chance > 0 && <span className="muted"> ({r.chance} may be chance)</span>}
          </span>
        ) : (
          pendingCell(r)
        ),
    },
  ];

  return (
    <section className="panel" aria-labelledby="table-title">
      <div className="panel__header">
        <h2 id="table-title">Account managers</h2>
      </div>
      <DataTable
        caption="Every account manager's book and standing; select a name for their scorecard."
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        initialSort={{ key: 'name', direction: 'ascending' }}
      />
    </section>
  );
}
