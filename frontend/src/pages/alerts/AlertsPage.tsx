// `/alerts`: the alerts of every AM the caller may see in the page's cycle: an overview per AM
// (stacked bars by severity, and the numbers), then the list with filters in the URL, each alert
// opening into its history and the acknowledge / resolve actions.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, type RefObject } from 'react';
import { Link, useSearchParams } from 'react-router';

import { alertOverviewQuery } from '../../api/queries/alerts';
import type { CycleView } from '../../api/types';
import { useCycle, useCycleLink } from '../../app/cycle';
import { useUser } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount } from '../../charts/format';
import { Chart, type ChartClick } from '../../components/Chart';
import { DataTable, type Column } from '../../components/DataTable';
import { Empty } from '../../components/Empty';
import { QueryError } from '../../components/QueryError';
import { Loading } from '../../components/Loading';
import { SeverityBadge } from './AlertBadges';
import { AlertList, type AmOption } from './AlertList';
import { parseAlertFilters, withFilters, type AlertFilters } from './alertFilters';
import {
  alertOverviewChart,
  countedText,
  overviewRows,
  overviewTotals,
  type OverviewRow,
} from './alertOverview';
import { RULE_ORDER, RULES, SEVERITY_ORDER, type AlertOverviewRow } from './alertText';
import './alerts.css';

export function AlertsPage() {
  usePageTitle('Alerts');
  const cycle = useCycle();
  const [params] = useSearchParams();
  const filters = useMemo(() => parseAlertFilters(params), [params]);
  const overview = useQuery(alertOverviewQuery(cycle.key));
  const listHeading = useRef<HTMLHeadingElement>(null);
  const accountManagers: AmOption[] = useMemo(
    () =>
      (overview.data ?? []).map((r) => ({
        id: r.account_manager.id,
        name: r.account_manager.name,
      })),
    [overview.data],
  );

  return (
    <section className="page" aria-labelledby="alerts-title">
      <header className="page__header">
        <h1 id="alerts-title">Alerts</h1>
        <p className="page__subtitle">
          Cycle <strong>{cycle.key}</strong>
          {overview.data && <Counts rows={overview.data} />}
        </p>
      </header>
      <HowToRead />
      {overview.isPending ? (
        <Loading label="Loading the alert overview…" />
      ) : overview.isError ? (
        <QueryError title="The alert overview could not be loaded" query={overview} />
      ) : overview.data.length === 0 ? (
        <Empty title="No account managers to show">
          <p>Nobody in your scope holds accounts yet, so there is no alert to show.</p>
        </Empty>
      ) : (
        <Overview cycle={cycle} rows={overview.data} filters={filters} listHeading={listHeading} />
      )}
      <AlertList
        cycle={cycle}
        filters={filters}
        accountManagers={accountManagers}
        headingRef={listHeading}
      />
    </section>
  );
}

function Counts({ rows }: { rows: AlertOverviewRow[] }) {
  const totals = overviewTotals(overviewRows(rows, null));
  return (
    <>
      {' '}
      · {formatCount(totals.total)} {totals.total === 1 ? 'alert' : 'alerts'} (
      {formatCount(totals.high)} high, {formatCount(totals.medium)} medium,{' '}
      {formatCount(totals.low)} low) · {formatCount(rows.length)}{' '}
      {rows.length === 1 ? 'account manager' : 'account managers'}
    </>
  );
}

function HowToRead() {
  return (
    <details className="how-to-read alerts-help">
      <summary>What raises an alert, and what to do with it</summary>
      <p>
        Each rule is checked for every account when survey answers arrive; an alert belongs to the
        account manager who held the account in that cycle. Severity:{' '}
        {SEVERITY_ORDER.map((s, i) => (
          <span key={s}>
            {i > 0 ? ', ' : ''}
            <SeverityBadge severity={s} />
          </span>
        ))}
        . An alert moves only forward: <strong>open</strong> → <strong>acknowledged</strong>{' '}
        (someone is on it) → <strong>resolved</strong>, each step with who, when and an optional
        note. A resolved alert reopens by itself if its finding gets worse. The thresholds below are
        the defaults; an administrator may have set others.
      </p>
      <dl className="alerts-rules">
        {RULE_ORDER.map((rule) => (
          <div key={rule}>
            <dt>{RULES[rule].label}</dt>
            <dd>Fires when {RULES[rule].fires}.</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

interface OverviewProps {
  cycle: CycleView;
  rows: AlertOverviewRow[];
  filters: AlertFilters;
  listHeading: RefObject<HTMLHeadingElement | null>;
}

function Overview({ cycle, rows: raw, filters, listHeading }: OverviewProps) {
  const [params, setParams] = useSearchParams();
  const link = useCycleLink();
  const user = useUser();
  const rows = useMemo(() => overviewRows(raw, filters.status), [raw, filters.status]);
  const totals = overviewTotals(rows);
  const model = useMemo(
    () =>
      rows.length > 1 ? alertOverviewChart(rows, filters.status, filters.accountManager) : null,
    [rows, filters.status, filters.accountManager],
  );
  const what = countedText(filters.status);

  const showAm = (id: number | null, moveToList: boolean) => {
    setParams(withFilters(params, { accountManager: id }), { preventScrollReset: true });
    if (moveToList) {
      listHeading.current?.scrollIntoView({ block: 'start' });
      listHeading.current?.focus({ preventScroll: true });
    }
  };
  const onBar = (item: ChartClick) => {
    const row = rows[item.dataIndex];
    if (row) showAm(row.id, true);
  };

  const columns: Column<OverviewRow>[] = [
    {
      key: 'name',
      header: 'Account manager',
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => <Link to={link(`/account-managers/${r.id}`)}>{r.name}</Link>,
    },
    ...SEVERITY_ORDER.map((s): Column<OverviewRow> => ({
      key: s,
      header: s === 'high' ? 'High' : s === 'medium' ? 'Medium' : 'Low',
      numeric: true,
      description: `${s[0]?.toUpperCase()}${s.slice(1)}-severity ${what}`,
      sortValue: (r) => r[s],
      cell: (r) => formatCount(r[s]),
    })),
    {
      key: 'total',
      header: 'Total',
      numeric: true,
      description: `All ${what}`,
      sortValue: (r) => r.total,
      cell: (r) => <strong>{formatCount(r.total)}</strong>,
    },
    {
      key: 'open',
      header: 'Open',
      numeric: true,
      description: 'Open alerts, every severity',
      sortValue: (r) => r.open,
      cell: (r) => formatCount(r.open),
    },
    {
      key: 'acknowledged',
      header: 'Acknowledged',
      numeric: true,
      description: 'Acknowledged alerts, every severity',
      sortValue: (r) => r.acknowledged,
      cell: (r) => formatCount(r.acknowledged),
    },
    {
      key: 'resolved',
      header: 'Resolved',
      numeric: true,
      description: 'Resolved alerts, every severity',
      sortValue: (r) => r.resolved,
      cell: (r) => formatCount(r.resolved),
    },
  ];
  if (rows.length > 1) {
    columns.push({
      key: 'list',
      header: 'In the list',
      cell: (r) => {
        const shown = filters.accountManager === r.id;
        return (
          <button
            type="button"
            className="button button--quiet alerts-show"
            aria-pressed={shown}
            aria-label={`Show ${r.name}’s alerts in the list`}
            onClick={() => showAm(shown ? null : r.id, false)}
          >
            {shown && <span aria-hidden="true">✓</span>} Show
          </button>
        );
      },
    });
  }

  const table = (
    <DataTable
      caption={
        <>
          {`${what[0]?.toUpperCase()}${what.slice(1)}`} per account manager in cycle {cycle.key}, by
          severity; the status columns count every severity.
          {rows.length > 1 ? ' “Show” filters the list below.' : ''}
        </>
      }
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
    />
  );

  if (totals.total === 0 && rows.every((r) => r.open + r.acknowledged + r.resolved === 0)) {
    return (
      <Empty title={`No alerts in cycle ${cycle.key}`}>
        <p>
          {user.role === 'account_manager'
            ? 'None of your accounts raised an alert in this cycle.'
            : `None of the ${formatCount(rows.length)} account managers’ accounts raised an alert in this cycle.`}{' '}
          Pick another cycle in the header, or list every cycle below.
        </p>
      </Empty>
    );
  }

  if (!model) {
    return (
      <section className="panel" aria-labelledby="overview-title">
        <div className="panel__header">
          <h2 id="overview-title">
            {user.role === 'account_manager' ? 'Your alerts' : 'Overview'}
          </h2>
        </div>
        {table}
      </section>
    );
  }

  return (
    <div className="chart-grid alerts-overview">
      <section className="panel" aria-labelledby="overview-chart-title">
        <div className="panel__header">
          <h2 id="overview-chart-title">By account manager</h2>
          {filters.accountManager !== null && (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => showAm(null, false)}
            >
              Show every account manager in the list
            </button>
          )}
        </div>
        <Chart
          title={`${what[0]?.toUpperCase()}${what.slice(1)} per account manager and severity, cycle ${cycle.key}`}
          note="Most urgent first. Select a bar to list that account manager’s alerts."
          onItemClick={onBar}
          {...model}
        />
      </section>
      <section className="panel" aria-labelledby="overview-table-title">
        <div className="panel__header">
          <h2 id="overview-table-title">The numbers</h2>
        </div>
        {table}
      </section>
    </div>
  );
}
