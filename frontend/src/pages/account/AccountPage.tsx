import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';

import { describeError } from '../../api/client';
import {
  accountAssessmentQuery,
  accountCategoryResultsQuery,
  accountTrendQuery,
  orgSettingsQuery,
} from '../../api/queries/accountDetail';
import { accountManagersQuery } from '../../api/queries/accountManagers';
import { alertListQuery } from '../../api/queries/alerts';
import type { CycleView } from '../../api/types';
import { CYCLE_PARAM, useCycle, useCycleLink } from '../../app/cycle';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount, formatNumber, formatSigned } from '../../charts/format';
import { Chart } from '../../components/Chart';
import { DeadEnd, DetailGate, parseId } from '../../components/DetailPage';
import { Empty } from '../../components/Empty';
import { Loading } from '../../components/Loading';
import { QueryError } from '../../components/QueryError';
import { cohortOf, cohortRange, COHORT_STYLES } from '../scorecard/book';
import { CohortBadge, Fact } from '../scorecard/shared';
import { TrendPanel } from '../scorecard/TrendCharts';
import { SeverityBadge } from '../alerts/AlertBadges';
import { RULES, STATUSES } from '../alerts/alertText';
import { alertsSentence, sortAlerts } from './alerts';
import { gapChart, gapRows, type AccountAssessment } from './gaps';
import { ipaChart, QUADRANT_ORDER, QUADRANT_STYLES } from './ipa';
import { answeredSentence, PART_COLOURS, roleRows, scoreBreakdown, share } from './scoreParts';
import '../scorecard/scorecard.css';
import './account.css';

/** How many of the account's alerts the page lists; the alerts page has every one. */
const ALERTS_SHOWN = 50;

/** `/accounts/:id`: one account in the cycle of the page. */
export function AccountPage() {
  const params = useParams();
  const id = parseId(params.id);
  const cycle = useCycle();
  const assessment = useQuery({
    ...accountAssessmentQuery(id ?? 0, cycle.key),
    enabled: id !== null,
  });
  usePageTitle(assessment.data ? assessment.data.account.name : 'Account');

  return (
    <DetailGate
      param={params.id}
      id={id}
      query={assessment}
      heading="Account"
      loading="Loading the account…"
      what="The account"
      notFound={(what) => (
        <DeadEnd heading="Account not found" title={`There is no account ${what} that you can see`}>
          It may belong to another book or organization, or the link may be wrong.
        </DeadEnd>
      )}
      forbidden={(error) => (
        <DeadEnd heading="Account" title="This account is outside what you can see">
          {describeError(error)}
        </DeadEnd>
      )}
    >
      {(data, id) => <Account id={id} cycle={cycle} assessment={data} />}
    </DetailGate>
  );
}

interface AccountProps {
  id: number;
  cycle: CycleView;
  assessment: AccountAssessment;
}

function Account({ id, cycle, assessment }: AccountProps) {
  const link = useCycleLink();
  const team = useQuery(accountManagersQuery(cycle.key));
  const names = useMemo(() => new Map((team.data ?? []).map((s) => [s.id, s.name])), [team.data]);
  const account = assessment.account;
  const amName = (am: number) => names.get(am) ?? `Account manager ${am}`;
  const current = account.current_account_manager ?? null;
  const answered = assessment.responses > 0;

  return (
    <section className="page account" aria-labelledby="account-title">
      <header className="page__header">
        <p className="page__eyebrow">Account</p>
        <h1 id="account-title">{account.name}</h1>
        <p className="page__subtitle">
          Cycle <strong>{cycle.key}</strong> · external id {account.external_id}
          {account.annual_value != null ? (
            <> · annual value {formatCount(account.annual_value)}</>
          ) : null}
          {assessment.account_managers.length > 0 ? (
            <>
              {' '}
              · answered under{' '}
              {assessment.account_managers.map((am, i) => (
                <span key={am}>
                  {i > 0 ? ', ' : ''}
                  <Link to={link(`/account-managers/${am}`)}>{amName(am)}</Link>
                </span>
              ))}
            </>
          ) : null}
          {current !== null && !assessment.account_managers.includes(current) ? (
            <>
              {' '}
              · held now by <Link to={link(`/account-managers/${current}`)}>{amName(current)}</Link>
            </>
          ) : null}
        </p>
        {answered && !assessment.withheld && <Headline assessment={assessment} cycle={cycle} />}
      </header>
      {!answered ? (
        <Empty title={`No answers in cycle ${cycle.key}`}>
          <p>
            This account has no survey response in this cycle. Pick another cycle in the header, or
            see its trend below.
          </p>
        </Empty>
      ) : assessment.withheld ? (
        <div className="note" role="note">
          <p className="state__title">Figures withheld</p>
          <p className="state__body">
            This account has {formatCount(assessment.responses)}{' '}
            {assessment.responses === 1 ? 'response' : 'responses'} in this cycle, fewer than your
            organization's anonymity threshold, so its results are not shown: with so few answers,
            they would point to individual contacts.
          </p>
        </div>
      ) : (
        <>
          <div className="chart-grid">
            <GapSection assessment={assessment} cycle={cycle} />
            <IpaSection id={id} cycle={cycle} />
          </div>
          <div className="chart-grid chart-grid--even">
            <ScorePartsSection assessment={assessment} />
            <WhoAnsweredSection id={id} assessment={assessment} cycle={cycle} />
          </div>
        </>
      )}
      <TrendSection id={id} cycle={cycle} assessment={assessment} />
      <AlertsSection id={id} cycle={cycle} />
    </section>
  );
}

function Headline({ assessment, cycle }: { assessment: AccountAssessment; cycle: CycleView }) {
  const settings = useQuery(orgSettingsQuery());
  const cohort = cohortOf(assessment);
  const range = cohortRange(cohort, settings.data?.cohort_thresholds);
  const scale = cycle.performance_scale;
  return (
    <dl className="facts">
      <Fact
        label="Retention score (1–100)"
        note={
          <CohortBadge cohort={cohort}>
            {range ? `${COHORT_STYLES[cohort].label} · ${range}` : undefined}
          </CohortBadge>
        }
      >
        {formatNumber(assessment.score, 0)}
      </Fact>
      <Fact label="Fulfilment F">
        {assessment.f == null ? '–' : `${formatNumber(assessment.f * 100, 1)}%`}
      </Fact>
      <Fact label="Shortfall IWS (points)">{formatNumber(assessment.iws, 2)}</Fact>
      <Fact label={`IWP (${scale.min}–${scale.max} scale)`}>{formatNumber(assessment.iwp, 2)}</Fact>
      {assessment.nps && (
        <Fact
          label="NPS (−100 to +100)"
          note={`± ${formatNumber(assessment.nps.margin_of_error, 0)}, ${assessment.nps.n} answers`}
        >
          {formatSigned(assessment.nps.nps, 0)}
        </Fact>
      )}
      <Fact
        label="Responses"
        note={
          assessment.single_threaded ? (
            <span className="tag tag--warn">single-threaded</span>
          ) : undefined
        }
      >
        {formatCount(assessment.responses)}
      </Fact>
    </dl>
  );
}

// --- Gaps and IPA -------------------------------------------------------------------------

function GapSection({ assessment, cycle }: { assessment: AccountAssessment; cycle: CycleView }) {
  const scale = cycle.performance_scale;
  const form = cycle.importance_form;
  const model = useMemo(
    () => gapChart({ rows: gapRows(assessment), scale, form }),
    [assessment, scale, form],
  );
  return (
    <section className="panel" aria-labelledby="gaps-title">
      <div className="panel__header">
        <h2 id="gaps-title">What the customer expects against what they get</h2>
      </div>
      {model ? (
        <Chart
          title={`Importance and performance per category (points on the ${scale.min}–${scale.max} scale), largest weighted gap first`}
          note={
            form.form === 'rating'
              ? 'The diamond is the importance the customer gives a category (their expected level), the dot their rating of its performance; the bar between them is the gap. Weight: the category’s share of the account’s importance.'
              : 'Customers picked their most important categories rather than rating them, so the expected level is the top of the scale; the bar is the gap to it. Weight: how often the category was picked.'
          }
          {...model}
        />
      ) : (
        <Empty title="No category answers">
          <p>No response of this account rated a category in cycle {cycle.key}.</p>
        </Empty>
      )}
    </section>
  );
}

function IpaSection({ id, cycle }: { id: number; cycle: CycleView }) {
  const results = useQuery(accountCategoryResultsQuery(id, cycle.key));
  const model = useMemo(
    () =>
      results.data
        ? ipaChart({
            view: results.data,
            form: cycle.importance_form,
            scale: cycle.performance_scale,
          })
        : null,
    [results.data, cycle.importance_form, cycle.performance_scale],
  );
  const mode = results.data?.cross_hair?.mode;
  return (
    <section className="panel" aria-labelledby="ipa-title">
      <div className="panel__header">
        <h2 id="ipa-title">Importance-performance quadrants</h2>
      </div>
      {results.isPending ? (
        <Loading label="Loading the category results…" />
      ) : results.isError ? (
        <QueryError
          title="The category results could not be loaded"
          query={results}
          finalWhenRefused
        />
      ) : model ? (
        <Chart
          title="Categories by importance and performance"
          note={
            <>
              The dashed cross-hairs sit at{' '}
              {mode === 'scale_midpoint'
                ? 'the middle of each scale'
                : "the mean over this account's categories"}
              ; each response counts once here.
              <ul className="quadrant-legend">
                {QUADRANT_ORDER.map((q) => (
                  <li key={q}>
                    <strong style={{ color: QUADRANT_STYLES[q].text }}>
                      {QUADRANT_STYLES[q].label}
                    </strong>
                    : {QUADRANT_STYLES[q].help}
                  </li>
                ))}
              </ul>
            </>
          }
          {...model}
        />
      ) : (
        <Empty title="No quadrants to show">
          <p>
            No category of this account has both an importance and a performance in cycle{' '}
            {cycle.key}.
          </p>
        </Empty>
      )}
    </section>
  );
}

// --- Score parts and respondents ----------------------------------------------------------

function ScorePartsSection({ assessment }: { assessment: AccountAssessment }) {
  const settings = useQuery(orgSettingsQuery());
  const { rows, total } = scoreBreakdown(assessment.score_parts, settings.data?.score_weights);
  const indicators = assessment.indicators.filter((i) => i.mean != null);
  return (
    <section className="panel" aria-labelledby="parts-title">
      <div className="panel__header">
        <h2 id="parts-title">How the score is made</h2>
        <p className="panel__meta">
          Score <strong>{formatNumber(assessment.score, 0)}</strong> of 100
          {assessment.cohort ? (
            <> · {COHORT_STYLES[cohortOf(assessment)].label.toLowerCase()}</>
          ) : null}
        </p>
      </div>
      {total !== null && (
        <div className="parts-bar" aria-hidden="true">
          {rows.map((r) =>
            r.points ? (
              <div
                key={r.key}
                className="parts-bar__segment"
                style={{
                  width: `${r.points}%`,
                  background: PART_COLOURS[r.key].fill,
                  color: PART_COLOURS[r.key].text,
                }}
                title={`${r.label}: ${formatNumber(r.points, 1)} points`}
              >
                {r.points >= 8 ? formatNumber(r.points, 1) : ''}
              </div>
            ) : null,
          )}
        </div>
      )}
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">The parts of the retention score</caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col" className="num" title="The part normalised to 0-100% of its scale">
                Value (0–100%)
              </th>
              <th scope="col" className="num" title="The weight your organization sets">
                Weight set
              </th>
              <th scope="col" className="num" title="Rescaled over the parts with data">
                Weight used
              </th>
              <th scope="col" className="num">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  <span
                    className="swatch"
                    style={{ background: PART_COLOURS[r.key].fill }}
                    aria-hidden="true"
                  />
                  {r.label}
                </th>
                <td className="num">
                  {r.value === null ? <span className="muted">no data</span> : share(r.value)}
                </td>
                <td className="num">{share(r.weight)}</td>
                <td className="num">{share(r.effectiveWeight)}</td>
                <td className="num">{formatNumber(r.points, 1)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>
                Score
                {total !== null ? (
                  <span className="muted"> (sum {formatNumber(total, 2)}, rounded)</span>
                ) : null}
              </th>
              <td className="num">
                <strong>{formatNumber(assessment.score, 0)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {assessment.score == null && (
        <p className="muted">
          No score: the account has no fulfilment (F) in this cycle, and the score needs it.
        </p>
      )}
      {settings.isError && (
        <p className="muted">The score weights could not be loaded; the points are not shown.</p>
      )}
      {indicators.length > 0 && (
        <p className="muted indicators">
          Answers behind the parts:{' '}
          {indicators.map((i, index) => (
            <span key={i.indicator.id}>
              {index > 0 ? '; ' : ''}
              {i.indicator.name} {formatNumber(i.mean, 2)} on {i.indicator.scale.min}–
              {i.indicator.scale.max} ({i.n} {i.n === 1 ? 'answer' : 'answers'})
            </span>
          ))}
          .
        </p>
      )}
    </section>
  );
}

function WhoAnsweredSection({
  id,
  assessment,
  cycle,
}: {
  id: number;
  assessment: AccountAssessment;
  cycle: CycleView;
}) {
  const settings = useQuery(orgSettingsQuery());
  const results = useQuery(accountCategoryResultsQuery(id, cycle.key));
  const rows = roleRows(assessment.roles, settings.data?.role_weights);
  const weighted = rows.some((r) => r.weight !== null && r.weight !== 1);
  return (
    <section className="panel" aria-labelledby="who-title">
      <div className="panel__header">
        <h2 id="who-title">Who answered</h2>
        <p className="panel__meta">
          {answeredSentence(rows)}
          {results.data ? <> {formatCount(results.data.respondents)} respondents.</> : null}
        </p>
      </div>
      {assessment.single_threaded && (
        <p className="note note--warn">
          <strong>Single-threaded.</strong> Only one contact answered this cycle: everything on this
          page rests on a single relationship.
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Responses per contact role</caption>
            <thead>
              <tr>
                <th scope="col">Contact role</th>
                <th scope="col" className="num">
                  Responses
                </th>
                <th scope="col" className="num">
                  Share
                </th>
                <th
                  scope="col"
                  className="num"
                  title="How much a response of this role counts in the account's means"
                >
                  Weight in the means
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.role}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{formatCount(r.responses)}</td>
                  <td className="num">{share(r.share)}</td>
                  <td className="num">{r.weight === null ? '–' : formatNumber(r.weight, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!rows.some((r) => r.role === 'decision_maker') &&
        rows.some((r) => r.role !== 'unspecified') && (
          <p className="muted">No decision maker answered this cycle.</p>
        )}
      {!weighted && rows.length > 0 && settings.data && (
        <p className="muted">Every role counts the same in the account's means.</p>
      )}
    </section>
  );
}

// --- Trend and alerts ---------------------------------------------------------------------

function TrendSection({
  id,
  cycle,
  assessment,
}: {
  id: number;
  cycle: CycleView;
  assessment: AccountAssessment;
}) {
  const trend = useQuery(accountTrendQuery(id));
  return (
    <TrendPanel
      trend={trend}
      categories={assessment.categories}
      cycle={cycle}
      subject="this account"
    />
  );
}

function AlertsSection({ id, cycle }: { id: number; cycle: CycleView }) {
  const alerts = useQuery(alertListQuery({ account: id, limit: ALERTS_SHOWN }));
  const items = useMemo(
    () => (alerts.data ? sortAlerts(alerts.data.items, cycle.key) : []),
    [alerts.data, cycle.key],
  );
  const all = {
    pathname: '/alerts',
    search: `?${new URLSearchParams({ [CYCLE_PARAM]: cycle.key, account: String(id) })}`,
  };
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <div className="panel__header">
        <h2 id="alerts-title">Alerts</h2>
        <p className="panel__meta">
          {alerts.data ? `${alertsSentence(alerts.data.items, cycle.key)} ` : null}
          <Link to={all}>Open the alerts page</Link>
        </p>
      </div>
      {alerts.isPending ? (
        <Loading label="Loading the alerts…" />
      ) : alerts.isError ? (
        <QueryError title="The alerts could not be loaded" query={alerts} finalWhenRefused />
      ) : items.length === 0 ? (
        <Empty title="No alerts">
          <p>No alert rule has fired for this account in any cycle.</p>
        </Empty>
      ) : (
        <>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">
                The account's alerts, this cycle's open ones first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Cycle</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">What happened</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => {
                  const status = STATUSES[a.status];
                  return (
                    <tr
                      key={a.id}
                      className={a.cycle === cycle.key ? undefined : 'row--other-cycle'}
                    >
                      <td className="nowrap">{a.cycle}</td>
                      <th scope="row">
                        {RULES[a.rule].label}
                        {a.category ? <span className="muted"> · {a.category.name}</span> : null}
                      </th>
                      <td>
                        <SeverityBadge severity={a.severity} />
                      </td>
                      <td>
                        <span aria-hidden="true">{status.symbol}</span> {status.label}
                      </td>
                      <td>{a.detail}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {alerts.data.total > items.length && (
            <p className="muted">
              Showing the latest {items.length} of {formatCount(alerts.data.total)} alerts; the
              alerts page has them all.
            </p>
          )}
        </>
      )}
    </section>
  );
}
