// The alert list's state, kept in the URL so that a filtered list is linkable and survives a
// reload: `?am=11&rule=critical_gap&severity=high&status=open&cycles=all&order=newest&limit=50&
// offset=50&alert=292`. Unknown or malformed values fall back to the default rather than fail.
import type { AlertListParams } from '../../api/queries/alerts';
import {
  RULES,
  SEVERITIES,
  STATUSES,
  type AlertStatus,
  type Rule,
  type Severity,
} from './alertText';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export interface OrderInfo {
  label: string;
  /** The API's `sort` parameter. */
  sort: string;
}

/**
 * The orders the list offers. Magnitudes compare only within one rule (points, score points,
 * annual value), so "most severe" groups by rule before it orders by magnitude.
 */
export const ORDERS = {
  severity: { label: 'Most severe first', sort: '-severity,rule,-magnitude,-id' },
  newest: { label: 'Newest first', sort: '-created_at,-id' },
  open: { label: 'Open first, then most severe', sort: 'status,-severity,rule,-magnitude,-id' },
  changed: { label: 'Last changed first', sort: '-updated_at,-id' },
} as const satisfies Record<string, OrderInfo>;

export type OrderKey = keyof typeof ORDERS;
export const DEFAULT_ORDER: OrderKey = 'severity';

export interface AlertFilters {
  accountManager: number | null;
  rule: Rule | null;
  severity: Severity | null;
  status: AlertStatus | null;
  /** Every cycle instead of the page's cycle. */
  allCycles: boolean;
  order: OrderKey;
  limit: number;
  offset: number;
  /** The alert whose detail is open. */
  alert: number | null;
}

export const PARAM = {
  accountManager: 'am',
  rule: 'rule',
  severity: 'severity',
  status: 'status',
  allCycles: 'cycles',
  order: 'order',
  limit: 'limit',
  offset: 'offset',
  alert: 'alert',
} as const satisfies Record<keyof AlertFilters, string>;

function positiveId(text: string | null): number | null {
  if (!text || !/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

function oneOf<K extends string>(table: Record<K, unknown>, text: string | null): K | null {
  return text !== null && Object.hasOwn(table, text) ? (text as K) : null;
}

export function parseAlertFilters(params: URLSearchParams): AlertFilters {
  const limit = Number(params.get(PARAM.limit));
  const offset = Number(params.get(PARAM.offset));
  return {
    accountManager: positiveId(params.get(PARAM.accountManager)),
    rule: oneOf(RULES, params.get(PARAM.rule)),
    severity: oneOf(SEVERITIES, params.get(PARAM.severity)),
    status: oneOf(STATUSES, params.get(PARAM.status)),
    allCycles: params.get(PARAM.allCycles) === 'all',
    order: oneOf(ORDERS, params.get(PARAM.order)) ?? DEFAULT_ORDER,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    alert: positiveId(params.get(PARAM.alert)),
  };
}

/** The query of GET /alerts for these filters in the page's cycle. */
export function listParams(filters: AlertFilters, cycle: string): AlertListParams {
  const params: AlertListParams = {
    limit: filters.limit,
    offset: filters.offset,
    sort: ORDERS[filters.order].sort,
  };
  if (!filters.allCycles) params.cycle = cycle;
  if (filters.accountManager !== null) params.account_manager = filters.accountManager;
  if (filters.rule) params.rule = filters.rule;
  if (filters.severity) params.severity = filters.severity;
  if (filters.status) params.status = filters.status;
  return params;
}

export type FilterChange = Partial<Omit<AlertFilters, 'offset' | 'alert'>>;

/**
 * The URL after changing some filters: back to the first page, detail closed (the open alert
 * may no longer be listed). Defaults leave the URL; other parameters (the cycle) stay.
 */
export function withFilters(params: URLSearchParams, change: FilterChange): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null) => {
    if (value === null) next.delete(key);
    else next.set(key, value);
  };
  if ('accountManager' in change) {
    set(PARAM.accountManager, change.accountManager == null ? null : String(change.accountManager));
  }
  if ('rule' in change) set(PARAM.rule, change.rule ?? null);
  if ('severity' in change) set(PARAM.severity, change.severity ?? null);
  if ('status' in change) set(PARAM.status, change.status ?? null);
  if ('allCycles' in change) set(PARAM.allCycles, change.allCycles ? 'all' : null);
  if ('order' in change)
    set(PARAM.order, !change.order || change.order === DEFAULT_ORDER ? null : change.order);
  if ('limit' in change) {
    set(
      PARAM.limit,
      !change.limit || change.limit === DEFAULT_PAGE_SIZE ? null : String(change.limit),
    );
  }
  next.delete(PARAM.offset);
  next.delete(PARAM.alert);
  return next;
}

/** The URL showing another page of the same list. */
export function withOffset(params: URLSearchParams, offset: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (offset > 0) next.set(PARAM.offset, String(offset));
  else next.delete(PARAM.offset);
  next.delete(PARAM.alert);
  return next;
}

/** The URL with an alert's detail open, or closed with `null`. */
export function withAlert(params: URLSearchParams, alert: number | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (alert === null) next.delete(PARAM.alert);
  else next.set(PARAM.alert, String(alert));
  return next;
}

/** Whether any filter narrows the list (the cycle aside). */
export function isFiltered(filters: AlertFilters): boolean {
  return (
    filters.accountManager !== null ||
    filters.rule !== null ||
    filters.severity !== null ||
    filters.status !== null
  );
}

export interface PageInfo {
  /** 1-based positions of the first and last item shown; 0 when none. */
  first: number;
  last: number;
  page: number;
  pages: number;
  previous: number | null;
  next: number | null;
}

/** Where a page sits in the whole list, and the offsets of its neighbours. */
export function pageInfo(total: number, offset: number, limit: number, shown: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  return {
    first: shown > 0 ? offset + 1 : 0,
    last: offset + shown,
    page,
    pages,
    previous: offset > 0 ? Math.max(0, offset - limit) : null,
    next: offset + limit < total ? offset + limit : null,
  };
}
