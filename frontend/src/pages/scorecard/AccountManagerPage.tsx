import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';

import { describeError, isStatus } from '../../api/client';
import { accountManagersQuery, assessmentQuery } from '../../api/queries/accountManagers';
import type { components } from '../../api/schema';
import { orgSettingsQuery } from '../../api/queries/accountDetail';
import {
  amTrendQuery,
  bookQuery,
  funnelQuery,
  trainingFocusQuery,
} from '../../api/queries/scorecard';
import type { AccountManagerAssessment, CycleView, UserView } from '../../api/types';
import { useCycle, useCycleLink } from '../../app/cycle';
import { useUser } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { seesTeam } from '../../auth/roles';
import { formatCount, formatNumber, formatSigned } from '../../charts/format';
import { STANDING_STYLES } from '../../charts/standing';
import { Chart } from '../../components/Chart';
import { DataTable, type Column } from '../../components/DataTable';
import { DeadEnd, DetailGate, parseId } from '../../components/DetailPage';
import { Empty } from '../../components/Empty';
import { Loading } from '../../components/Loading';
import { QueryError } from '../../components/QueryError';
import { StandingBadge } from '../../components/StandingBadge';
import {
  bookFacts,
  cohortOf,
  cohortRange,
  cohortRank,
  cohortSegments,
  cohortSummary,
  COHORT_STYLES,
  type AccountSummary,
  type CohortSegment,
} from './book';
import { funnelChart } from './funnel';
import { CohortBadge } from './shared';
import { strengthsChart, wholeBookRows } from './strengths';
import { TrendPanel } from './TrendCharts';
import './scorecard.css';

/** `/account-managers/:id`: one AM's scorecard for the cycle of the page. */
export function AccountManagerPage() {
  const params = useParams();
  const id = parseId(params.id);
  const cycle = useCycle();
  const assessment = useQuery({ ...assessmentQuery(id ?? 0, cycle.key), enabled: id !== null });
  const name = assessment.data?.account_manager.name;
  usePageTitle(name ? `${name} · scorecard` : 'Account manager scorecard');

  return (
    <DetailGate
      param={params.id}
      id={id}
      query={assessment}
      heading="Account manager scorecard"
      loading="Loading the scorecard…"
      what="The scorecard"
      notFound={(what) => (
        <DeadEnd
          heading="Account manager not found"
          title={`There is no account manager ${what} in your organization`}
          home={(user) => (seesTeam(user) ? 'Go to the team overview' : 'Go to your start page')}
        >
          It may have been removed, or the link may be wrong.
        </DeadEnd>
      )}
      forbidden={(error) => (
        <DeadEnd
          heading="Account manager scorecard"
          title="This scorecard is outside what you can see"
          home={(user) => (seesTeam(user) ? 'Go to the team overview' : 'Go to your scorecard')}
        >
          {describeError(error)}
        </DeadEnd>
      )}
    >
      {(data, id) => <Scorecard id={id} cycle={cycle} assessment={data} />}
    </DetailGate>
  );
}

interface ScorecardProps {
  id: number;
  cycle: CycleView;
  assessment: AccountManagerAssessment;
}

function Scorecard({ id, cycle, assessment }: ScorecardProps) {
  const user = useUser();
  const own = user.account_manager_id === id;
  const am = assessment.account_manager;
  const team = useQuery(accountManagersQuery(cycle.key));
  const names = useMemo(() => new Map((team.data ?? []).map((s) => [s.id, s.name])), [team.data]);
  const summary = team.data?.find((s) => s.id === id);

  return (
    <section className="page scorecard" aria-labelledby="scorecard-title">
      <header className="page__header">
        <p className="page__eyebrow">{own ? 'My scorecard' : 'Account manager scorecard'}</p>
        <h1 id="scorecard-title">{am.name}</h1>
        <p className="page__subtitle">
          Cycle <strong>{cycle.key}</strong>
          {am.team ? <> · team {am.team}</> : null} · {formatCount(assessment.accounts)}{' '}
          {assessment.accounts === 1 ? 'account' : 'accounts'}
          {summary ? <> · {formatCount(summary.responses)} responses</> : null}
          {summary?.nps?.nps != null ? (
            <>
              {' '}
              · NPS {formatSigned(summary.nps.nps, 0)} ±{' '}
              {formatNumber(summary.nps.margin_of_error, 0)}
            </>
          ) : null}{' '}
          · external id {am.external_id}
        </p>
      </header>
      {assessment.withheld && <WithheldNote own={own} />}
      <div className="chart-grid">
        <StrengthsSection assessment={assessment} cycle={cycle} />
        <div className="stack">
          <WholeBookSection assessment={assessment} cycle={cycle} />
          <FunnelSection id={id} cycle={cycle} names={names} own={own} />
        </div>
      </div>
      <BookSection id={id} cycle={cycle} />
      <TrendSection id={id} cycle={cycle} assessment={assessment} />
      <TrainingSection id={id} cycle={cycle} assessment={assessment} names={names} user={user} />
    </section>
  );
}

function WithheldNote({ own }: { own: boolean }) {
  return (
    <div className="note" role="note">
      <p className="state__title">Figures withheld</p>
      <p className="state__body">
        {own ? 'Your book' : 'This book'} has fewer responses in this cycle than your organization's
        anonymity threshold, so its results are not shown: with so few answers, they could point to
        individual customers. They appear once more customers have answered.
      </p>
    </div>
  );
}

// --- Strengths and weaknesses -------------------------------------------------------------

function StrengthsSection({
  assessment,
  cycle,
}: {
  assessment: AccountManagerAssessment;
  cycle: CycleView;
}) {
  const scale = cycle.performance_scale;
  const model = useMemo(() => strengthsChart({ assessment, scale }), [assessment, scale]);
  return (
    <section className="panel" aria-labelledby="strengths-title">
      <div className="panel__header">
        <h2 id="strengths-title">Strengths and weaknesses against peers</h2>
      </div>
      {assessment.withheld ? (
        <p className="muted">Withheld: too few responses in this cycle to compare with peers.</p>
      ) : model ? (
        <Chart
          title={`Mean performance per category, difference to the peer average (points on the ${scale.min}–${scale.max} scale)`}
          note={
            <>
              Each point is the difference between this book's mean and the mean over every other
              account manager's accounts; the line is its 95% interval. Hollow marks may be chance
              (q &gt; 0.10).
            </>
          }
          {...model}
        />
      ) : (
        <Empty title="No category answers">
          <p>No account of this book answered a category in cycle {cycle.key}.</p>
        </Empty>
      )}
    </section>
  );
}

function WholeBookSection({
  assessment,
  cycle,
}: {
  assessment: AccountManagerAssessment;
  cycle: CycleView;
}) {
  const rows = wholeBookRows(assessment, cycle.performance_scale);
  if (assessment.withheld) return null;
  return (
    <section className="panel" aria-labelledby="whole-book-title">
      <div className="panel__header">
        <h2 id="whole-book-title">Whole book against peers</h2>
      </div>
      {rows.length === 0 ? (
        <p className="muted">No whole-book measure in this cycle.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">
              Whole-book measures against the peer average
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" className="num">
                  This book
                </th>
                <th scope="col" className="num">
                  Peer average
                </th>
                <th scope="col">Difference (95% interval)</th>
                <th
                  scope="col"
                  className="num"
                  title="Empirical-Bayes shrunk mean: pulled towards the average in proportion to how little the book tells"
                >
                  Shrunk mean
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">
                    {r.label} <span className="muted">({r.range})</span>
                  </th>
                  <td className="num">{r.mean}</td>
                  <td className="num">{r.peerMean}</td>
                  <td>
                    <StandingBadge standing={r.standing}>{r.difference}</StandingBadge>{' '}
                    <span className="muted nowrap">
                      {r.interval} {r.unit}
                    </span>
                    <span className="visually-hidden">, {STANDING_STYLES[r.standing].label}</span>
                  </td>
                  <td className="num">{r.shrunkMean}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// --- Funnel -------------------------------------------------------------------------------

interface FunnelSectionProps {
  id: number;
  cycle: CycleView;
  names: ReadonlyMap<number, string>;
  own: boolean;
}

function FunnelSection({ id, cycle, names, own }: FunnelSectionProps) {
  const funnel = useQuery(funnelQuery(cycle.key, 'score'));
  const model = useMemo(
    () => (funnel.data ? funnelChart({ view: funnel.data, accountManager: id, names }) : null),
    [funnel.data, id, names],
  );
  return (
    <section className="panel" aria-labelledby="funnel-title">
      <div className="panel__header">
        <h2 id="funnel-title">Position on the funnel</h2>
      </div>
      {funnel.isPending ? (
        <Loading label="Loading the funnel…" />
      ) : funnel.isError ? (
        <QueryError title="The funnel could not be loaded" query={funnel} finalWhenRefused />
      ) : model ? (
        <Chart
          title="Mean retention score (1–100) against the number of accounts in the book"
          note={
            own
              ? 'The limits narrow as books grow: a point outside the 99.8% limits is unlikely to be chance. Other account managers are not shown; the limits cover all of them.'
              : 'The limits narrow as books grow: a point outside the 99.8% limits is unlikely to be chance; outside only the 95% limits, it may be.'
          }
          {...model}
        />
      ) : (
        <Empty title="Not on the funnel">
          <p>This book has no scored account in cycle {cycle.key}, or its figures are withheld.</p>
        </Empty>
      )}
    </section>
  );
}

// --- Book of business ---------------------------------------------------------------------

function BookSection({ id, cycle }: { id: number; cycle: CycleView }) {
  const book = useQuery(bookQuery(id, cycle.key));
  const settings = useQuery(orgSettingsQuery());
  const link = useCycleLink();
  const thresholds = settings.data?.cohort_thresholds;
  const facts = book.data ? bookFacts(book.data) : null;

  const columns: Column<AccountSummary>[] = [
    {
      key: 'name',
      header: 'Account',
      rowHeader: true,
      sortValue: (a) => a.name,
      cell: (a) => <Link to={link(`/accounts/${a.id}`)}>{a.name}</Link>,
    },
    {
      key: 'score',
      header: 'Score (1–100)',
      numeric: true,
      description: 'Retention score of the account in the cycle, 1-100',
      sortValue: (a) => (a.withheld ? null : (a.score ?? null)),
      cell: (a) =>
        a.withheld ? <span className="muted">withheld</span> : formatNumber(a.score, 0),
    },
    {
      key: 'cohort',
      header: 'Risk cohort',
      description: 'Risk cohort of the score',
      sortValue: (a) => cohortRank(cohortOf(a)),
      cell: (a) => {
        const key = cohortOf(a);
        const range = cohortRange(key, thresholds);
        return (
          <CohortBadge cohort={key}>
            {range ? `${COHORT_STYLES[key].label} · ${range}` : undefined}
          </CohortBadge>
        );
      },
    },
    {
      key: 'f',
      header: 'F (%)',
      numeric: true,
      description: 'Fulfilment: 100% when every category meets what the customer expects',
      sortValue: (a) => (a.withheld ? null : (a.f ?? null)),
      cell: (a) => (a.withheld || a.f == null ? '–' : `${formatNumber(a.f * 100, 1)}%`),
    },
    {
      key: 'iws',
      header: 'IWS (points)',
      numeric: true,
      description: `Importance-weighted shortfall, in points on the ${cycle.performance_scale.min}-${cycle.performance_scale.max} scale: 0 means no shortfall`,
      sortValue: (a) => (a.withheld ? null : (a.iws ?? null)),
      cell: (a) => (a.withheld ? '–' : formatNumber(a.iws, 2)),
    },
    {
      key: 'responses',
      header: 'Responses',
      numeric: true,
      sortValue: (a) => a.responses,
      cell: (a) => (
        <>
          {formatCount(a.responses)}
          {a.single_threaded && (
            <span className="tag" title="Only one contact answered this cycle">
              single-threaded
            </span>
          )}
        </>
      ),
    },
    ...(book.data?.some((a) => a.annual_value != null)
      ? [
          {
            key: 'value',
            header: 'Annual value',
            numeric: true,
            sortValue: (a: AccountSummary) => a.annual_value ?? null,
            cell: (a: AccountSummary) =>
              a.annual_value == null ? '–' : formatCount(a.annual_value),
          },
        ]
      : []),
  ];

  return (
    <section className="panel" aria-labelledby="book-title">
      <div className="panel__header">
        <h2 id="book-title">Book of business</h2>
        {facts && (
          <p className="panel__meta">
            {formatCount(facts.accounts)} accounts · {formatCount(facts.responses)} responses ·{' '}
            <strong>{facts.atRisk}</strong> at high or extreme risk
            {facts.singleThreaded > 0 ? <> · {facts.singleThreaded} single-threaded</> : null}
          </p>
        )}
      </div>
      {book.isPending ? (
        <Loading label="Loading the accounts…" />
      ) : book.isError ? (
        <QueryError title="The accounts could not be loaded" query={book} finalWhenRefused />
      ) : book.data.length === 0 ? (
        <Empty title={`No accounts in cycle ${cycle.key}`}>
          <p>
            No account answered under this account manager in this cycle. Pick another cycle in the
            header.
          </p>
        </Empty>
      ) : (
        <>
          <CohortBar segments={cohortSegments(book.data)} thresholds={thresholds} />
          <DataTable
            caption="The accounts of the book, riskiest first; select a name for the account's detail."
            columns={columns}
            rows={book.data}
            rowKey={(a) => a.id}
            initialSort={{ key: 'score', direction: 'ascending' }}
          />
        </>
      )}
    </section>
  );
}

type Thresholds = Parameters<typeof cohortRange>[1];

function CohortBar({
  segments,
  thresholds,
}: {
  segments: CohortSegment[];
  thresholds: Thresholds;
}) {
  const summary = cohortSummary(segments);
  return (
    <figure className="cohort-bar" aria-label={`Risk cohorts of the book: ${summary}`}>
      <figcaption className="chart__title">Risk cohorts of the book</figcaption>
      <div className="cohort-bar__track" aria-hidden="true">
        {segments.map((s) => {
          const style = COHORT_STYLES[s.key];
          return (
            <div
              key={s.key}
              className={`cohort-bar__segment cohort-bar__segment--${s.key}`}
              style={{
                flexGrow: s.count,
                background: style.fill,
                color: style.text,
                borderColor: style.border,
              }}
              title={`${style.label}: ${s.count}`}
            >
              {s.share >= 0.06 ? s.count : ''}
            </div>
          );
        })}
      </div>
      <ul className="cohort-bar__legend">
        {segments.map((s) => {
          const range = cohortRange(s.key, thresholds);
          return (
            <li key={s.key}>
              <span
                className="cohort-bar__swatch"
                style={{
                  background: COHORT_STYLES[s.key].fill,
                  borderColor: COHORT_STYLES[s.key].border,
                }}
                aria-hidden="true"
              />
              {COHORT_STYLES[s.key].label}
              {range ? <span className="muted"> ({range})</span> : null}: <strong>{s.count}</strong>{' '}
              <span className="muted">({formatNumber(s.share * 100, 0)}%)</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

// --- Trend --------------------------------------------------------------------------------

function TrendSection({
  id,
  cycle,
  assessment,
}: {
  id: number;
  cycle: CycleView;
  assessment: AccountManagerAssessment;
}) {
  const trend = useQuery(amTrendQuery(id));
  return (
    <TrendPanel
      trend={trend}
      categories={assessment.categories}
      cycle={cycle}
      subject="this book"
    />
  );
}

// --- Training focus -----------------------------------------------------------------------

interface TrainingSectionProps {
  id: number;
  cycle: CycleView;
  assessment: AccountManagerAssessment;
  names: ReadonlyMap<number, string>;
  user: UserView;
}

function TrainingSection({ id, cycle, assessment, names, user }: TrainingSectionProps) {
  const training = useQuery(trainingFocusQuery(id, cycle.key));
  const link = useCycleLink();
  // A role that may not see training answers 403: the section is simply not there.
  if (training.isError && isStatus(training.error, 403)) return null;
  if (assessment.withheld) return null;
  const categoryName = (cid: number) =>
    assessment.categories.find((c) => c.measure === 'category' && c.category === cid)?.name ??
    `Category ${cid}`;
  const data = training.data;
  const items = data?.focus.categories ?? [];
  const showMentors = user.role !== 'account_manager' && items.some((i) => i.mentors.length > 0);
  const remeasured = data?.next_cycle ? data.remeasured : [];

  return (
    <section className="panel" aria-labelledby="training-title">
      <div className="panel__header">
        <h2 id="training-title">Training focus</h2>
      </div>
      {training.isPending ? (
        <Loading label="Loading the training focus…" />
      ) : training.isError ? (
        <QueryError title="The training focus could not be loaded" query={training} />
      ) : items.length === 0 ? (
        <Empty title="Nothing to train on">
          <p>No category stands below peers in cycle {cycle.key}.</p>
        </Empty>
      ) : (
        <>
          <p className="muted">
            Categories standing below peers, ranked by how much they weigh in this book (exposure:
            the accounts' value times the category's weight) times the shortfall to peers.
            {data?.next_cycle ? ` The last column shows what followed in ${data.next_cycle}.` : ''}
          </p>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Training focus, most pressing first</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Rank
                  </th>
                  <th scope="col">Category</th>
                  <th scope="col" className="num">
                    Difference to peers (points)
                  </th>
                  <th scope="col" className="num">
                    Exposure
                  </th>
                  <th scope="col" className="num">
                    Focus score
                  </th>
                  {showMentors && <th scope="col">Possible mentors</th>}
                  {data?.next_cycle && (
                    <th scope="col">Change in {data.next_cycle} (95% interval)</th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((item, index) => {
                  const next = remeasured.find((r) => r.category === item.category);
                  const chance = item.q_value != null && item.q_value > 0.1;
                  return (
                    <tr key={item.category}>
                      <td className="num">{index + 1}</td>
                      <th scope="row">{categoryName(item.category)}</th>
                      <td className="num">
                        {formatSigned(item.difference, 2)}
                        {chance && <span className="tag">may be chance</span>}
                      </td>
                      <td className="num">{formatNumber(item.exposure, 2)}</td>
                      <td className="num">{formatNumber(item.score, 2)}</td>
                      {showMentors && (
                        <td>
                          {item.mentors.length === 0 ? (
                            <span className="muted">none above peers</span>
                          ) : (
                            <ul className="inline-list">
                              {item.mentors.map((m) => (
                                <li key={m}>
                                  <Link to={link(`/account-managers/${m}`)}>
                                    {names.get(m) ?? `Account manager ${m}`}
                                  </Link>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      )}
                      {data?.next_cycle && <td>{remeasuredText(next)}</td>}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

type Remeasured = components['schemas']['Remeasured'];

function remeasuredText(next: Remeasured | undefined): string {
  if (!next || next.difference == null) return 'no answers to compare';
  const change = next.change;
  if (!change)
    return `${formatSigned(next.difference, 2)} (no interval: too few accounts, or no spread)`;
  const verdict =
    change.interval.low > 0
      ? 'improved'
      : change.interval.high < 0
        ? 'declined'
        : 'no clear change';
  return `${formatSigned(change.difference, 2)} (${formatSigned(change.interval.low, 2)} to ${formatSigned(change.interval.high, 2)}): ${verdict}`;
}
