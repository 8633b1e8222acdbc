import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { isStatus } from '../../api/client';
import { orgSettingsQuery } from '../../api/queries/accountDetail';
import { accountManagersQuery } from '../../api/queries/accountManagers';
import { categoryResultsQuery } from '../../api/queries/categoryResults';
import {
  backtestQuery,
  cohortMigrationQuery,
  cycleAccountsQuery,
  hiddenRiskQuery,
} from '../../api/queries/risk';
import type { CycleView, UserView } from '../../api/types';
import { useCycle, useCycleLink } from '../../app/cycle';
import { useUser } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount, formatNumber } from '../../charts/format';
import { Chart, type ChartClick } from '../../components/Chart';
import { DataTable, type Column } from '../../components/DataTable';
import { Empty } from '../../components/Empty';
import { QueryError } from '../../components/QueryError';
import { Loading } from '../../components/Loading';
import { backtestChart, signals, verdict } from './backtest';
import { cohortChart } from './cohortChart';
import {
  BUCKET_ORDER,
  BUCKETS,
  bucketRange,
  cohortDistribution,
  DEFAULT_THRESHOLDS,
  formatPercent,
  isAtRisk,
  type AccountSummary,
  type Cohort,
  type CohortThresholds,
} from './cohorts';
import {
  amNames,
  hiddenRiskRows,
  NPS_CLASS_LABELS,
  npsClassOf,
  type AmLink,
  type HiddenRiskRow,
  type HiddenRiskView,
} from './hiddenRisk';
import {
  defaultPair,
  DIRECTIONS,
  migrationSharesChart,
  moveTotals,
  transitionChart,
  type CohortMigration,
} from './migrationCharts';
import { ltrOf, scatterLeftOut, scorePoints, scoreScatterChart } from './scoreScatter';
import './risk.css';

/** `(1–100)` that a wrapping header keeps on one line (word joiners around the dash). */
const NO_BREAK_RANGE = (from: number, to: number) => `(${from}\u2060–\u2060${to})`;

/** The default likelihood-to-recommend mean from which an account looks safe (settings). */
const DEFAULT_SAFE_LTR = 7;

/** `/risk`: cohorts, their migration, hidden risk, NPS against the score, and the back-test. */
export function RiskPage() {
  usePageTitle('Risk');
  const cycle = useCycle();
  const accounts = useQuery(cycleAccountsQuery(cycle.key));
  const summaries = useQuery(accountManagersQuery(cycle.key));
  const settings = useQuery(orgSettingsQuery());
  const hidden = useQuery(hiddenRiskQuery(cycle.key));
  const thresholds = settings.data?.cohort_thresholds ?? DEFAULT_THRESHOLDS;
  const safeLtr = settings.data?.alerts.hidden_risk_min_ltr ?? DEFAULT_SAFE_LTR;
  const names = useMemo(() => amNames(hidden.data, summaries.data), [hidden.data, summaries.data]);
  const nps = useHasNps(cycle);
  const noNps = nps.known && !nps.hasNps;

  return (
    <section className="page" aria-labelledby="risk-title">
      <header className="page__header">
        <h1 id="risk-title">Risk</h1>
        <Subtitle cycle={cycle} accounts={accounts.data} hidden={noNps ? undefined : hidden.data} />
      </header>
      <HowToRead thresholds={thresholds} safeLtr={safeLtr} />
      <div className="chart-grid risk-grid">
        <CohortSection cycle={cycle} accounts={accounts} thresholds={thresholds} />
        <MigrationSection cycle={cycle} thresholds={thresholds} />
      </div>
      {noNps ? (
        <NoNpsSection cycle={cycle} />
      ) : (
        <>
          <HiddenRiskSection
            cycle={cycle}
            hidden={hidden}
            accounts={accounts.data}
            names={names}
            safeLtr={safeLtr}
          />
          <ScatterSection
            cycle={cycle}
            accounts={accounts}
            hidden={hidden}
            thresholds={thresholds}
            safeLtr={safeLtr}
          />
        </>
      )}
      <AtRiskSection
        cycle={cycle}
        accounts={accounts}
        hidden={hidden.data}
        noNps={noNps}
        names={names}
        thresholds={thresholds}
      />
      <BacktestSection />
    </section>
  );
}

type QueryOf<T> = {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
};

function Subtitle({
  cycle,
  accounts,
  hidden,
}: {
  cycle: CycleView;
  accounts: AccountSummary[] | undefined;
  hidden: HiddenRiskView | undefined;
}) {
  const user = useUser();
  const atRisk = accounts?.filter((a) => isAtRisk(a.cohort)).length;
  return (
    <p className="page__subtitle">
      Cycle <strong>{cycle.key}</strong>
      {user.role === 'account_manager' ? ' · your book' : user.team ? ` · team ${user.team}` : ''}
      {accounts && (
        <>
          {' '}
          · {formatCount(accounts.length)} accounts · {formatCount(atRisk)} at high or extreme risk
        </>
      )}
      {hidden && <> · {formatCount(hidden.accounts.length)} hidden risk</>}
    </p>
  );
}

function HowToRead({ thresholds, safeLtr }: { thresholds: CohortThresholds; safeLtr: number }) {
  return (
    <div className="how-to-read">
      <p>
        Each account's <strong>retention score</strong> (1–100) puts it in a{' '}
        <strong>risk cohort</strong>. An account is at <strong>hidden risk</strong> when its
        likelihood to recommend looks safe (a mean of {formatNumber(safeLtr, 0)} or more out of 10:
        passive or promoter) while its score puts it at high or extreme risk: NPS alone would miss
        it.
      </p>
      <ul className="cohort-key" aria-label="Risk cohorts">
        {BUCKET_ORDER.filter((b) => b !== 'unscored').map((b) => (
          <li key={b}>
            <CohortTag cohort={b} />
            <span className="muted">score {bucketRange(b, thresholds)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CohortTag({ cohort }: { cohort: Cohort | 'unscored' | null | undefined }) {
  if (!cohort) return <span className="muted">–</span>;
  const style = BUCKETS[cohort];
  return (
    <span className="cohort-tag">
      <span className="cohort-tag__swatch" style={{ background: style.color }} aria-hidden="true" />
      {style.label}
    </span>
  );
}

// --- Cohorts ------------------------------------------------------------------------------------

function CohortSection({
  cycle,
  accounts,
  thresholds,
}: {
  cycle: CycleView;
  accounts: QueryOf<AccountSummary[]>;
  thresholds: CohortThresholds;
}) {
  const distribution = useMemo(() => cohortDistribution(accounts.data ?? []), [accounts.data]);
  const model = useMemo(() => cohortChart(distribution, thresholds), [distribution, thresholds]);
  return (
    <section className="panel" aria-labelledby="cohorts-title">
      <div className="panel__header">
        <h2 id="cohorts-title">Accounts per risk cohort</h2>
      </div>
      {accounts.isPending ? (
        <Loading label="Loading accounts…" />
      ) : accounts.isError ? (
        <QueryError title="The accounts could not be loaded" query={accounts} />
      ) : model ? (
        <Chart
          title={`Accounts per risk cohort in cycle ${cycle.key}`}
          note={
            distribution.withheld > 0
              ? `${formatCount(distribution.withheld)} accounts with fewer responses than the anonymity threshold are withheld and not counted.`
              : 'Cohort thresholds are the organization’s settings.'
          }
          {...model}
        />
      ) : (
        <Empty title={`No accounts in cycle ${cycle.key}`}>
          <p>
            No account you may see answered the survey in this cycle. Pick another cycle in the
            header.
          </p>
        </Empty>
      )}
    </section>
  );
}

// --- Migration ----------------------------------------------------------------------------------

function MigrationSection({
  cycle,
  thresholds,
}: {
  cycle: CycleView;
  thresholds: CohortThresholds;
}) {
  const migration = useQuery(cohortMigrationQuery());
  return (
    <section className="panel" aria-labelledby="migration-title">
      <div className="panel__header">
        <h2 id="migration-title">Cohorts across cycles</h2>
      </div>
      {migration.isPending ? (
        <Loading label="Loading cohorts across cycles…" />
      ) : migration.isError ? (
        <QueryError title="Cohorts across cycles could not be loaded" query={migration} />
      ) : (
        <Migration cycle={cycle} migration={migration.data} thresholds={thresholds} />
      )}
    </section>
  );
}

function Migration({
  cycle,
  migration,
  thresholds,
}: {
  cycle: CycleView;
  migration: CohortMigration;
  thresholds: CohortThresholds;
}) {
  const id = useId();
  const shares = useMemo(
    () => migrationSharesChart(migration, thresholds),
    [migration, thresholds],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const pairKey = (p: { from_cycle: string; to_cycle: string }) => `${p.from_cycle}→${p.to_cycle}`;
  const pair =
    migration.pairs.find((p) => pairKey(p) === chosen) ?? defaultPair(migration.pairs, cycle.key);
  const matrix = useMemo(
    () => (pair ? transitionChart(pair, thresholds) : null),
    [pair, thresholds],
  );

  if (!shares) {
    return (
      <Empty title="No cohorts yet">
        <p>No cycle has accounts you may see.</p>
      </Empty>
    );
  }
  const totals = pair ? moveTotals(pair) : null;
  return (
    <div className="risk-stack">
      <Chart
        title="Share of accounts per cohort, by cycle"
        note="Every cycle, whichever is picked in the header. Hover a bar for counts."
        {...shares}
      />
      {migration.pairs.length === 0 ? (
        <p className="muted">
          Moves between cohorts need two cycles; this organization has one so far. They show once
          the next cycle is imported.
        </p>
      ) : pair ? (
        <>
          <div className="panel__header risk-subheader">
            <h3>Moves between two cycles</h3>
            {migration.pairs.length > 1 && (
              <div className="field field--inline">
                <label htmlFor={id}>Cycles</label>
                <select id={id} value={pairKey(pair)} onChange={(e) => setChosen(e.target.value)}>
                  {migration.pairs.map((p) => (
                    <option key={pairKey(p)} value={pairKey(p)}>
                      {p.from_cycle} → {p.to_cycle}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
          {matrix && totals ? (
            <Chart
              title={`Cohort moves from ${pair.from_cycle} to ${pair.to_cycle}`}
              note={
                <>
                  Rows: cohort in {pair.from_cycle}; columns: cohort in {pair.to_cycle}; each cell:
                  accounts and their share of the row. {formatCount(pair.accounts)} accounts in both
                  cycles: <MoveKey direction="safer" count={totals.safer} />,{' '}
                  <MoveKey direction="stayed" count={totals.stayed} />,{' '}
                  <MoveKey direction="riskier" count={totals.riskier} />
                  {totals.other > 0 && (
                    <>
                      , <MoveKey direction="other" count={totals.other} />
                    </>
                  )}
                  . {formatCount(pair.entered)} entered, {formatCount(pair.left)} left.
                </>
              }
              {...matrix}
            />
          ) : (
            <p className="muted">
              No account answered in both {pair.from_cycle} and {pair.to_cycle}.
            </p>
          )}
        </>
      ) : null}
    </div>
  );
}

function MoveKey({ direction, count }: { direction: keyof typeof DIRECTIONS; count: number }) {
  const style = DIRECTIONS[direction];
  return (
    <span className="move-key">
      <span className="move-key__swatch" style={{ background: style.fill }} aria-hidden="true" />
      {formatCount(count)} {style.label.toLowerCase()}
    </span>
  );
}

// --- Hidden risk --------------------------------------------------------------------------------

function AmLinks({ ams }: { ams: AmLink[] }) {
  const link = useCycleLink();
  if (ams.length === 0) return <span className="muted">–</span>;
  return (
    <>
      {ams.map((am, i) => (
        <span key={am.id}>
          {i > 0 && ', '}
          <Link to={link(`/account-managers/${am.id}`)}>{am.name}</Link>
        </span>
      ))}
    </>
  );
}

function useHasNps(cycle: CycleView): { known: boolean; hasNps: boolean } {
  // The organization's category results carry its NPS, absent when the cycle has no
  // likelihood-to-recommend question.
  const results = useQuery(categoryResultsQuery(cycle.key, null));
  return { known: results.isSuccess, hasNps: results.data?.nps != null };
}

/** One panel in place of hidden risk and the scatter, when the survey asks no NPS question. */
function NoNpsSection({ cycle }: { cycle: CycleView }) {
  return (
    <section className="panel" aria-labelledby="no-nps-title">
      <div className="panel__header">
        <h2 id="no-nps-title">Hidden risk and NPS</h2>
      </div>
      <Empty title="This survey has no NPS question">
        <p>
          The survey of cycle {cycle.key} does not ask how likely customers are to recommend you
          (0–10). Without it no account can look safe on NPS, so there is no hidden risk to find and
          no NPS to set beside the retention score: the score and its cohorts above are the signal
          to watch.
        </p>
      </Empty>
    </section>
  );
}

function HiddenRiskSection({
  cycle,
  hidden,
  accounts,
  names,
  safeLtr,
}: {
  cycle: CycleView;
  hidden: QueryOf<HiddenRiskView>;
  accounts: AccountSummary[] | undefined;
  names: Map<number, string>;
  safeLtr: number;
}) {
  const link = useCycleLink();
  const rows = useMemo(
    () => (hidden.data ? hiddenRiskRows(hidden.data, accounts ?? [], names) : []),
    [hidden.data, accounts, names],
  );
  const columns: Column<HiddenRiskRow>[] = [
    {
      key: 'name',
      header: 'Account',
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => <Link to={link(`/accounts/${r.id}`)}>{r.name}</Link>,
    },
    {
      key: 'score',
      header: 'Score (1–100)',
      numeric: true,
      description: 'Retention score',
      sortValue: (r) => r.score,
      cell: (r) => r.score,
    },
    {
      key: 'cohort',
      header: 'Cohort',
      sortValue: (r) => BUCKET_ORDER.indexOf(r.cohort),
      cell: (r) => <CohortTag cohort={r.cohort} />,
    },
    {
      key: 'ltr',
      header: 'LTR (0–10)',
      numeric: true,
      description: 'Likelihood to recommend: the account’s role-weighted mean answer, 0 to 10',
      sortValue: (r) => r.ltr,
      cell: (r) => formatNumber(r.ltr, 1),
    },
    {
      key: 'class',
      header: 'NPS class',
      sortValue: (r) => r.npsClass,
      cell: (r) => NPS_CLASS_LABELS[r.npsClass],
    },
    {
      key: 'ams',
      header: 'Account manager',
      sortValue: (r) => r.accountManagers.map((a) => a.name).join(', '),
      cell: (r) => <AmLinks ams={r.accountManagers} />,
    },
    ...(rows.some((r) => r.annualValue !== null)
      ? [
          {
            key: 'value',
            header: 'Annual value',
            numeric: true,
            sortValue: (r: HiddenRiskRow) => r.annualValue,
            cell: (r: HiddenRiskRow) => formatCount(r.annualValue),
          },
        ]
      : []),
  ];

  return (
    <section className="panel" aria-labelledby="hidden-title">
      <div className="panel__header">
        <h2 id="hidden-title">Hidden risk</h2>
      </div>
      {hidden.isPending ? (
        <Loading label="Loading hidden risk…" />
      ) : hidden.isError ? (
        <QueryError title="Hidden risk could not be loaded" query={hidden} />
      ) : rows.length === 0 ? (
        <Empty title={`No hidden risk in cycle ${cycle.key}`}>
          <p>
            No account that would recommend you ({formatNumber(safeLtr, 0)} or more out of 10) is at
            high or extreme risk: where the retention score sees risk, NPS sees it too.
          </p>
        </Empty>
      ) : (
        <>
          <p className="risk-lead">
            <strong>{rows.length === 1 ? '1 account' : `${rows.length} accounts`}</strong> would
            recommend you, yet their retention score puts them at high or extreme risk.
            {hidden.data && hidden.data.account_managers.length > 0 && (
              <>
                {' '}
                In the books of:{' '}
                {hidden.data.account_managers.map((c, i) => (
                  <span key={c.account_manager.id}>
                    {i > 0 && ', '}
                    <Link to={link(`/account-managers/${c.account_manager.id}`)}>
                      {c.account_manager.name}
                    </Link>{' '}
                    ({c.accounts})
                  </span>
                ))}
                .
              </>
            )}
          </p>
          <DataTable
            caption="Hidden-risk accounts, lowest score first; select an account or account manager to open it."
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            initialSort={{ key: 'score', direction: 'ascending' }}
          />
        </>
      )}
    </section>
  );
}

// --- NPS against the score ------------------------------------------------------------------

function ScatterSection({
  cycle,
  accounts,
  hidden,
  thresholds,
  safeLtr,
}: {
  cycle: CycleView;
  accounts: QueryOf<AccountSummary[]>;
  hidden: QueryOf<HiddenRiskView>;
  thresholds: CohortThresholds;
  safeLtr: number;
}) {
  // Every account of the cycle carries its likelihood-to-recommend mean (`ltr_mean`): each
  // scored account that has one is a point, whatever the size of the book.
  const hiddenIds = useMemo(
    () => new Set(hidden.data?.accounts.map((h) => h.account) ?? []),
    [hidden.data],
  );
  const points = useMemo(
    () => scorePoints(accounts.data ?? [], hiddenIds),
    [accounts.data, hiddenIds],
  );
  const leftOut = useMemo(() => scatterLeftOut(accounts.data ?? []), [accounts.data]);
  const model = useMemo(
    () => scoreScatterChart({ points, thresholds, safeLtr }),
    [points, thresholds, safeLtr],
  );
  const navigate = useNavigate();
  const link = useCycleLink();
  const onItemClick = (item: ChartClick) => {
    if (!Array.isArray(item.value)) return;
    const point = points[Number(item.value[2])];
    if (point) void navigate(link(`/accounts/${point.id}`));
  };
  const scored = (accounts.data ?? []).some((a) => !a.withheld && a.score != null);
  const notDrawn = [
    leftOut.noLtr > 0 &&
      `${formatCount(leftOut.noLtr)} scored ${leftOut.noLtr === 1 ? 'account has' : 'accounts have'} no likelihood-to-recommend answer`,
    leftOut.withheld > 0 &&
      `${formatCount(leftOut.withheld)} ${leftOut.withheld === 1 ? 'account is' : 'accounts are'} withheld (fewer responses than the anonymity threshold)`,
  ].filter(Boolean);

  return (
    <section className="panel" aria-labelledby="scatter-title">
      <div className="panel__header">
        <h2 id="scatter-title">NPS next to the retention score</h2>
      </div>
      {accounts.isPending || hidden.isPending ? (
        <Loading label="Loading accounts…" />
      ) : accounts.isError || hidden.isError ? (
        <p className="muted">
          The chart needs the {accounts.isError ? 'accounts' : 'hidden-risk accounts'}, which could
          not be loaded (see above).
        </p>
      ) : model ? (
        <Chart
          title={`Likelihood to recommend against retention score, cycle ${cycle.key}`}
          note={
            `Each point is an account (${formatCount(points.length)}); select one to open it. Dashed lines: where a likelihood-to-recommend mean counts as passive (${formatNumber(safeLtr, 0)}) and promoter (9), and where high risk begins (score below ${thresholds.medium}). Hidden risk sits bottom right. The axes start near the lowest values.` +
            (notDrawn.length > 0 ? ` Not drawn: ${notDrawn.join('; ')}.` : '')
          }
          onItemClick={onItemClick}
          {...model}
        />
      ) : !scored ? (
        <Empty title="No scored account">
          <p>No account you may see has a retention score in this cycle.</p>
        </Empty>
      ) : (
        <Empty title="No account has both values">
          <p>No scored account answered the likelihood-to-recommend question in this cycle.</p>
        </Empty>
      )}
    </section>
  );
}

// --- Accounts at risk ---------------------------------------------------------------------------

interface AtRiskRow {
  account: AccountSummary;
  hidden: boolean;
  ams: AmLink[];
}

function AtRiskSection({
  cycle,
  accounts,
  hidden,
  noNps,
  names,
  thresholds,
}: {
  cycle: CycleView;
  accounts: QueryOf<AccountSummary[]>;
  hidden: HiddenRiskView | undefined;
  /** The survey asks no NPS question: no hidden risk to flag. */
  noNps: boolean;
  names: Map<number, string>;
  thresholds: CohortThresholds;
}) {
  const link = useCycleLink();
  const rows = useMemo<AtRiskRow[]>(() => {
    const hiddenIds = new Set(hidden?.accounts.map((h) => h.account) ?? []);
    return (accounts.data ?? [])
      .filter((a) => !a.withheld && isAtRisk(a.cohort))
      .map((a) => ({
        account: a,
        hidden: hiddenIds.has(a.id),
        ams: a.account_managers.map((id) => ({
          id,
          name: names.get(id) ?? `Account manager ${id}`,
        })),
      }));
  }, [accounts.data, hidden, names]);
  if (!accounts.data) return null;
  const columns: Column<AtRiskRow>[] = [
    {
      key: 'name',
      header: 'Account',
      rowHeader: true,
      sortValue: (r) => r.account.name,
      cell: (r) => <Link to={link(`/accounts/${r.account.id}`)}>{r.account.name}</Link>,
    },
    {
      key: 'score',
      header: `Score ${NO_BREAK_RANGE(1, 100)}`,
      numeric: true,
      sortValue: (r) => r.account.score,
      cell: (r) => r.account.score ?? '–',
    },
    {
      key: 'cohort',
      header: 'Cohort',
      sortValue: (r) => (r.account.cohort ? BUCKET_ORDER.indexOf(r.account.cohort) : null),
      cell: (r) => <CohortTag cohort={r.account.cohort} />,
    },
    {
      key: 'f',
      header: 'Fulfilment',
      numeric: true,
      description: 'Share of what the customer needs that they get (F, 0–100%)',
      sortValue: (r) => r.account.f,
      cell: (r) => formatPercent(r.account.f),
    },
    {
      key: 'responses',
      header: 'Responses',
      numeric: true,
      sortValue: (r) => r.account.responses,
      description: 'Responses in the cycle; “one contact” when a single person answered',
      cell: (r) => (
        <span className="risk-nowrap">
          {formatCount(r.account.responses)}
          {r.account.single_threaded && <span className="muted"> (one contact)</span>}
        </span>
      ),
    },
    {
      key: 'ams',
      header: 'Account manager',
      sortValue: (r) => r.ams.map((a) => a.name).join(', '),
      cell: (r) => <AmLinks ams={r.ams} />,
    },
    ...(rows.some((r) => r.account.annual_value != null)
      ? [
          {
            key: 'value',
            header: 'Annual value',
            numeric: true,
            sortValue: (r: AtRiskRow) => r.account.annual_value,
            cell: (r: AtRiskRow) => formatCount(r.account.annual_value),
          },
        ]
      : []),
    // The NPS signal beside the score, so it shows why an account is (or is not) hidden risk.
    ...(rows.some((r) => ltrOf(r.account) !== null)
      ? [
          {
            key: 'ltr',
            header: `LTR ${NO_BREAK_RANGE(0, 10)}`,
            numeric: true,
            description:
              'Likelihood to recommend: the account’s role-weighted mean answer, 0 to 10',
            sortValue: (r: AtRiskRow) => ltrOf(r.account),
            cell: (r: AtRiskRow) => {
              const ltr = ltrOf(r.account);
              return ltr === null ? (
                <span className="muted">–</span>
              ) : (
                <span
                  title={`${NPS_CLASS_LABELS[npsClassOf(ltr)]} (passive from 7, promoter from 9)`}
                >
                  {formatNumber(ltr, 1)}
                </span>
              );
            },
          },
        ]
      : []),
    ...(noNps
      ? []
      : [
          {
            key: 'hidden',
            header: 'Hidden risk',
            description:
              'Would recommend you (NPS passive or promoter), yet at high or extreme risk',
            sortValue: (r: AtRiskRow) => (r.hidden ? 0 : 1),
            cell: (r: AtRiskRow) =>
              r.hidden ? (
                <span className="hidden-risk-flag">▲ Hidden</span>
              ) : (
                <span className="muted">no</span>
              ),
          },
        ]),
  ];
  return (
    <section className="panel" aria-labelledby="at-risk-title">
      <div className="panel__header">
        <h2 id="at-risk-title">Accounts at high or extreme risk</h2>
      </div>
      {rows.length === 0 ? (
        <Empty title={`No account at high or extreme risk in cycle ${cycle.key}`}>
          <p>
            Every scored account you may see has a retention score of {thresholds.medium} or more.
          </p>
        </Empty>
      ) : (
        <div className="risk-table-compact">
          <DataTable
            caption={`Accounts scoring below ${thresholds.medium}, lowest first; select one to open it.`}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.account.id}
            initialSort={{ key: 'score', direction: 'ascending' }}
          />
        </div>
      )}
    </section>
  );
}

// --- Back-test ----------------------------------------------------------------------------------

/** Roles the API shows the organization-wide back-test to (GET /backtest). */
const BACKTEST_ROLES: readonly UserView['role'][] = ['admin', 'analyst'];

function BacktestSection() {
  const user = useUser();
  const allowed = BACKTEST_ROLES.includes(user.role);
  // Not asked for roles the API refuses, so their browsers log no 403.
  const backtest = useQuery({ ...backtestQuery(), enabled: allowed });
  const model = useMemo(
    () => (backtest.data ? backtestChart(backtest.data) : null),
    [backtest.data],
  );
  // The back-test covers the whole organization: roles the API does not show it to get no section.
  if (!allowed || (backtest.isError && isStatus(backtest.error, 403))) return null;
  const list = backtest.data ? signals(backtest.data) : [];
  return (
    <section className="panel" aria-labelledby="backtest-title">
      <div className="panel__header">
        <h2 id="backtest-title">Back-test against renewals</h2>
      </div>
      {backtest.isPending ? (
        <Loading label="Loading the back-test…" />
      ) : backtest.isError ? (
        <QueryError title="The back-test could not be loaded" query={backtest} />
      ) : model ? (
        <>
          <p className="risk-lead">
            Which signal told churned accounts from renewed ones, over each account’s latest
            recorded outcome (every cycle, whichever is picked in the header):
          </p>
          <ul className="backtest-list">
            {list.map((s) => (
              <li key={s.key}>
                <strong>{s.label}</strong>: AUC {formatNumber(s.auc.auc, 2)} over{' '}
                {formatCount(s.auc.n)} accounts ({formatCount(s.auc.churned)} churned) —{' '}
                {verdict(s.auc.auc)}.
              </li>
            ))}
          </ul>
          <Chart
            title="Area under the ROC curve of each signal against churn"
            note="The chance that a churned account rated lower than a renewed one: 0.5 is a coin toss, 1 separates them perfectly."
            {...model}
          />
        </>
      ) : (
        <Empty title="No renewal outcomes yet">
          <p>
            The back-test needs recorded renewals and churns (both).{' '}
            {user.role === 'admin'
              ? 'Record them through the API (POST /api/v1/outcomes) or an import token.'
              : 'An administrator records them.'}
          </p>
        </Empty>
      )}
    </section>
  );
}
