// The alert list: filters kept in the URL, one page at a time from the API, each alert
// expandable into its detail, history and actions.
import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useRef, useState, type RefObject } from 'react';
import { Link, useSearchParams } from 'react-router';

import { alertListQuery } from '../../api/queries/alerts';
import type { CycleView } from '../../api/types';
import { useCycleLink } from '../../app/cycle';
import { useUser } from '../../app/session';
import { formatCount } from '../../charts/format';
import { Empty } from '../../components/Empty';
import { QueryError } from '../../components/QueryError';
import { Loading } from '../../components/Loading';
import { SeverityBadge, StatusBadge } from './AlertBadges';
import { AlertDetailPanel } from './AlertDetailPanel';
import {
  isFiltered,
  listParams,
  ORDERS,
  PAGE_SIZES,
  pageInfo,
  withAlert,
  withFilters,
  withOffset,
  type AlertFilters,
  type FilterChange,
  type OrderKey,
  type PageInfo,
} from './alertFilters';
import {
  formatUtcDate,
  magnitudeText,
  RULE_ORDER,
  RULES,
  roleChangesAlerts,
  SEVERITIES,
  SEVERITY_ORDER,
  STATUSES,
  STATUS_ORDER,
  type AlertStatus,
  type AlertView,
  type Rule,
  type Scale,
  type Severity,
} from './alertText';

export interface AmOption {
  id: number;
  name: string;
}

interface AlertListProps {
  cycle: CycleView;
  filters: AlertFilters;
  /** The account managers the caller may see, by name (for the filter and the names). */
  accountManagers: readonly AmOption[];
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function AlertList({ cycle, filters, accountManagers, headingRef }: AlertListProps) {
  const [params, setParams] = useSearchParams();
  const user = useUser();
  const list = useQuery(alertListQuery(listParams(filters, cycle.key)));
  const flashRef = useRef<HTMLParagraphElement>(null);
  // A note about an alert that left the list; a new object each time, so that the same words
  // twice still move focus.
  const [flash, setFlash] = useState<{ text: string } | null>(null);
  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);
  const names = new Map(accountManagers.map((am) => [am.id, am.name]));
  const scaleOf = (key: string): Scale | undefined =>
    key === cycle.key ? cycle.performance_scale : undefined;

  const update = (next: URLSearchParams) => {
    setFlash(null);
    setParams(next, { replace: false, preventScrollReset: true });
  };
  const change = (c: FilterChange) => update(withFilters(params, c));
  // Another page: back to the top of the list, focus included (the pressed button may be
  // disabled on the new page, which would drop focus to the document).
  const goTo = (offset: number) => {
    update(withOffset(params, offset));
    headingRef.current?.scrollIntoView({ block: 'start' });
    headingRef.current?.focus({ preventScroll: true });
  };
  const toggle = (id: number) =>
    setParams(withAlert(params, filters.alert === id ? null : id), {
      replace: true,
      preventScrollReset: true,
    });

  // A changed alert that no longer matches the status filter leaves the list: close it, say
  // where it went, and put focus on that message rather than losing it with the row.
  const onChanged = (changed: AlertView) => {
    if (filters.status && changed.status !== filters.status) {
      setFlash({
        text: `${changed.account_name}: ${RULES[changed.rule].label.toLowerCase()} alert is now ${STATUSES[changed.status].label.toLowerCase()}, so it has left this list of ${STATUSES[filters.status].label.toLowerCase()} alerts.`,
      });
      setParams(withAlert(params, null), { replace: true, preventScrollReset: true });
    }
  };

  const page = list.data;
  const info = page ? pageInfo(page.total, filters.offset, filters.limit, page.items.length) : null;
  const openOnPage = page?.items.some((a) => a.id === filters.alert) ?? false;

  return (
    <section className="panel" aria-labelledby="alert-list-title">
      <div className="panel__header">
        <h2 id="alert-list-title" ref={headingRef} tabIndex={-1}>
          Alert list
        </h2>
        <p className="alerts-count" role="status">
          {page && info
            ? page.total === 0
              ? 'No alerts match'
              : `Showing ${formatCount(info.first)}–${formatCount(info.last)} of ${formatCount(page.total)} alerts`
            : ''}
        </p>
      </div>
      <Filters
        cycle={cycle}
        filters={filters}
        accountManagers={accountManagers}
        onChange={change}
      />
      {!roleChangesAlerts(user.role) && (
        <p className="note alerts-readonly">
          Analysts can read alerts and their history, but not acknowledge or resolve them.
        </p>
      )}
      {flash && (
        <p ref={flashRef} className="note" role="status" tabIndex={-1}>
          {flash.text}
        </p>
      )}
      {filters.alert !== null && page && !openOnPage && (
        <OffPageAlert
          id={filters.alert}
          scaleOf={scaleOf}
          onClose={() => toggle(filters.alert ?? 0)}
        />
      )}
      {list.isPending ? (
        <Loading label="Loading alerts…" />
      ) : list.isError ? (
        <QueryError title="The alerts could not be loaded" query={list} />
      ) : list.data.items.length === 0 ? (
        <NoAlerts
          cycle={cycle}
          filters={filters}
          total={list.data.total}
          onClear={() => change({ accountManager: null, rule: null, severity: null, status: null })}
          onAllCycles={() => change({ allCycles: true })}
          onFirstPage={() => goTo(0)}
        />
      ) : (
        <>
          <AlertTable
            items={list.data.items}
            names={names}
            showCycle={filters.allCycles}
            showAm={accountManagers.length !== 1}
            openId={filters.alert}
            busy={list.isPlaceholderData}
            onToggle={toggle}
            scaleOf={scaleOf}
            onChanged={onChanged}
          />
          {info && list.data.total > PAGE_SIZES[0] && (
            <Pager
              info={info}
              limit={filters.limit}
              onGo={goTo}
              onLimit={(limit) => change({ limit })}
            />
          )}
        </>
      )}
    </section>
  );
}

interface FiltersProps {
  cycle: CycleView;
  filters: AlertFilters;
  accountManagers: readonly AmOption[];
  onChange: (change: FilterChange) => void;
}

function Filters({ cycle, filters, accountManagers, onChange }: FiltersProps) {
  const id = useId();
  const byName = [...accountManagers].sort((a, b) =>
    a.name.localeCompare(b.name, 'en', { numeric: true }),
  );
  const unknownAm =
    filters.accountManager !== null &&
    !accountManagers.some((am) => am.id === filters.accountManager);
  return (
    <form
      className="alerts-filters"
      aria-label="Filter the alerts"
      onSubmit={(e) => e.preventDefault()}
    >
      {accountManagers.length > 1 || filters.accountManager !== null ? (
        <div className="field">
          <label htmlFor={`${id}-am`}>Account manager</label>
          <select
            id={`${id}-am`}
            value={filters.accountManager ?? ''}
            onChange={(e) =>
              onChange({ accountManager: e.target.value ? Number(e.target.value) : null })
            }
          >
            <option value="">All account managers</option>
            {unknownAm && (
              <option value={filters.accountManager ?? ''}>
                Account manager {filters.accountManager}
              </option>
            )}
            {byName.map((am) => (
              <option key={am.id} value={am.id}>
                {am.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-rule`}>Rule</label>
        <select
          id={`${id}-rule`}
          value={filters.rule ?? ''}
          onChange={(e) => onChange({ rule: (e.target.value || null) as Rule | null })}
        >
          <option value="">All rules</option>
          {RULE_ORDER.map((rule) => (
            <option key={rule} value={rule}>
              {RULES[rule].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-severity`}>Severity</label>
        <select
          id={`${id}-severity`}
          value={filters.severity ?? ''}
          onChange={(e) => onChange({ severity: (e.target.value || null) as Severity | null })}
        >
          <option value="">All severities</option>
          {SEVERITY_ORDER.map((s) => (
            <option key={s} value={s}>
              {SEVERITIES[s].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filters.status ?? ''}
          onChange={(e) => onChange({ status: (e.target.value || null) as AlertStatus | null })}
        >
          <option value="">All statuses</option>
          {STATUS_ORDER.map((s) => (
            <option key={s} value={s}>
              {STATUSES[s].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cycles`}>Cycle</label>
        <select
          id={`${id}-cycles`}
          value={filters.allCycles ? 'all' : 'page'}
          onChange={(e) => onChange({ allCycles: e.target.value === 'all' })}
        >
          <option value="page">{cycle.key} only</option>
          <option value="all">Every cycle</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-order`}>Order</label>
        <select
          id={`${id}-order`}
          value={filters.order}
          onChange={(e) => onChange({ order: e.target.value as OrderKey })}
        >
          {(Object.keys(ORDERS) as OrderKey[]).map((key) => (
            <option key={key} value={key}>
              {ORDERS[key].label}
            </option>
          ))}
        </select>
      </div>
      {isFiltered(filters) && (
        <button
          type="button"
          className="button button--quiet alerts-filters__clear"
          onClick={() =>
            onChange({ accountManager: null, rule: null, severity: null, status: null })
          }
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

interface AlertTableProps {
  items: AlertView[];
  names: ReadonlyMap<number, string>;
  showCycle: boolean;
  /** Whether to name each alert's AM (not when the caller sees a single AM: themselves). */
  showAm: boolean;
  openId: number | null;
  busy: boolean;
  onToggle: (id: number) => void;
  scaleOf: (cycle: string) => Scale | undefined;
  onChanged: (alert: AlertView) => void;
}

function AlertTable({
  items,
  names,
  showCycle,
  showAm,
  openId,
  busy,
  onToggle,
  scaleOf,
  onChanged,
}: AlertTableProps) {
  const link = useCycleLink();
  const columns = 6 + (showCycle ? 1 : 0) + (showAm ? 1 : 0);
  return (
    <div className="table-scroll">
      <table className="table alerts-table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">
          Alerts, one per row; the last column opens an alert’s detail, history and actions.
        </caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Account</th>
            {showAm && <th scope="col">Account manager</th>}
            <th scope="col">Finding</th>
            <th
              scope="col"
              className="num"
              title="How bad, larger is worse; each rule has its own unit"
            >
              Magnitude
            </th>
            <th scope="col">Status</th>
            {showCycle && <th scope="col">Cycle</th>}
            <th scope="col">
              <span className="visually-hidden">Detail</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((alert) => {
            const open = openId === alert.id;
            const detailId = `alert-${alert.id}-detail`;
            const magnitude = magnitudeText(alert.rule, alert.magnitude, scaleOf(alert.cycle));
            const amName =
              names.get(alert.account_manager) ?? `Account manager ${alert.account_manager}`;
            return (
              <Fragment key={alert.id}>
                <tr className={open ? 'alerts-row alerts-row--open' : 'alerts-row'}>
                  <td>
                    <SeverityBadge severity={alert.severity} />
                  </td>
                  <th scope="row" className="alerts-account">
                    <Link to={link(`/accounts/${alert.account}`)}>{alert.account_name}</Link>
                    <span className="muted alerts-sub">{alert.account_external_id}</span>
                  </th>
                  {showAm && (
                    <td>
                      <Link to={link(`/account-managers/${alert.account_manager}`)}>{amName}</Link>
                    </td>
                  )}
                  <td className="alerts-finding">
                    <span className="alerts-rule">
                      {RULES[alert.rule].label}
                      {alert.category ? (
                        <span className="alerts-category"> · {alert.category.name}</span>
                      ) : null}
                    </span>
                    <span className="alerts-sub">{alert.detail}</span>
                  </td>
                  <td className="num alerts-magnitude">
                    <span>{magnitude.value}</span>
                    <span className="muted alerts-sub">{magnitude.unit}</span>
                  </td>
                  <td>
                    <StatusBadge status={alert.status} />
                    {alert.updated_at !== alert.created_at && (
                      <span className="muted alerts-sub">
                        since {formatUtcDate(alert.updated_at)}
                      </span>
                    )}
                  </td>
                  {showCycle && <td>{alert.cycle}</td>}
                  <td className="alerts-toggle">
                    <button
                      type="button"
                      className="button"
                      aria-expanded={open}
                      aria-controls={open ? detailId : undefined}
                      aria-label={`Details of the ${RULES[alert.rule].label.toLowerCase()} alert of ${alert.account_name}`}
                      onClick={() => onToggle(alert.id)}
                    >
                      <span aria-hidden="true">{open ? '▾' : '▸'}</span> Details
                    </button>
                  </td>
                </tr>
                {open && (
                  <tr id={detailId} className="alerts-detail-row">
                    <td colSpan={columns}>
                      <AlertDetailPanel
                        id={alert.id}
                        summary={alert}
                        scaleOf={scaleOf}
                        onChanged={onChanged}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** An alert named in the URL (`?alert=`) that this page of the list does not hold. */
function OffPageAlert({
  id,
  scaleOf,
  onClose,
}: {
  id: number;
  scaleOf: (cycle: string) => Scale | undefined;
  onClose: () => void;
}) {
  return (
    <div className="alerts-offpage">
      <div className="panel__header">
        <p className="state__title">
          Alert {id}
          <span className="muted"> · not on this page of the list</span>
        </p>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <AlertDetailPanel id={id} scaleOf={scaleOf} onChanged={() => undefined} />
    </div>
  );
}

interface NoAlertsProps {
  cycle: CycleView;
  filters: AlertFilters;
  total: number;
  onClear: () => void;
  onAllCycles: () => void;
  onFirstPage: () => void;
}

function NoAlerts({ cycle, filters, total, onClear, onAllCycles, onFirstPage }: NoAlertsProps) {
  if (total > 0) {
    return (
      <Empty title="This page is past the end of the list">
        <p>The list has {formatCount(total)} alerts now.</p>
        <button type="button" className="button" onClick={onFirstPage}>
          Go to the first page
        </button>
      </Empty>
    );
  }
  if (isFiltered(filters)) {
    return (
      <Empty title="No alert matches these filters">
        <p>Widen a filter, or clear them all.</p>
        <button type="button" className="button" onClick={onClear}>
          Clear filters
        </button>
      </Empty>
    );
  }
  return (
    <Empty title={filters.allCycles ? 'No alerts in any cycle' : `No alerts in cycle ${cycle.key}`}>
      <p>
        Alerts are raised when survey answers arrive and a rule fires for an account you can see
        (see “What raises an alert” above).
      </p>
      {!filters.allCycles && (
        <button type="button" className="button" onClick={onAllCycles}>
          Show every cycle
        </button>
      )}
    </Empty>
  );
}

interface PagerProps {
  info: PageInfo;
  limit: number;
  onGo: (offset: number) => void;
  onLimit: (limit: number) => void;
}

function Pager({ info, limit, onGo, onLimit }: PagerProps) {
  const id = useId();
  return (
    <div className="alerts-pager">
      {info.pages > 1 ? (
        <nav className="alerts-pager__pages" aria-label="Pages of the alert list">
          <button
            type="button"
            className="button"
            disabled={info.previous === null}
            onClick={() => info.previous !== null && onGo(info.previous)}
          >
            ← Previous
          </button>
          <span>
            Page {formatCount(info.page)} of {formatCount(info.pages)}
          </span>
          <button
            type="button"
            className="button"
            disabled={info.next === null}
            onClick={() => info.next !== null && onGo(info.next)}
          >
            Next →
          </button>
        </nav>
      ) : (
        <span />
      )}
      <div className="field field--inline">
        <label htmlFor={id}>Alerts per page</label>
        <select id={id} value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
