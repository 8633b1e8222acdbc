// Words, symbols and colours for alerts, and the small rules of their lifecycle: pure functions
// shared by the chart, the list and the detail, tested on their own.
import type { components } from '../../api/schema';
import type { UserView } from '../../api/types';
import { formatCount, formatNumber } from '../../charts/format';

type Schemas = components['schemas'];
export type Rule = Schemas['Rule'];
export type Severity = Schemas['Severity'];
export type AlertStatus = Schemas['StatusView'];
export type AlertView = Schemas['AlertView'];
export type AlertDetail = Schemas['AlertDetail'];
export type AlertEvent = Schemas['AlertEventView'];
export type AlertOverviewRow = Schemas['AlertOverviewRow'];
export type Scale = Schemas['CycleView']['performance_scale'];

export interface RuleInfo {
  label: string;
  /** When the rule fires (METHOD.md section 7), for a legend and a tooltip. */
  fires: string;
}

/** Every rule, in the order the filter offers them. A `Record` so a new rule cannot be missed. */
export const RULES: Record<Rule, RuleInfo> = {
  detractor: {
    label: 'Detractor',
    fires: 'a contact of the account rated likelihood to recommend 6 or lower (high at 4 or lower)',
  },
  critical_gap: {
    label: 'Critical gap',
    fires:
      'one of the account’s three most important categories falls short of the expected level by at least 2/9 of the scale (high from 3/9)',
  },
  hidden_risk: {
    label: 'Hidden risk',
    fires:
      'likelihood to recommend averages 7 or more, yet the retention score is in the high or extreme risk cohort',
  },
  score_drop: {
    label: 'Score drop',
    fires:
      'the retention score fell 10 points or more since the previous scored cycle (high from 20)',
  },
  category_decline: {
    label: 'Category decline',
    fires:
      'a category’s mean performance fell by at least 2/9 of the scale since the previous cycle with an answer',
  },
  unassessed: {
    label: 'Unassessed',
    fires:
      'an account above the value threshold, assigned when the cycle closed, had no response in the cycle',
  },
};

export const RULE_ORDER = Object.keys(RULES) as Rule[];

export interface SeverityStyle {
  label: string;
  /** A three-dot meter, so severity never rests on colour alone. */
  symbol: string;
  /** Bar and badge fill. */
  fill: string;
  /** Text on the fill (contrast at least 4.5:1). */
  text: string;
}

/**
 * Severities from most to least urgent. Colours are one hue getting lighter (dark red,
 * vermillion, amber), which stays ordered for colour-blind readers and in greyscale.
 */
export const SEVERITIES: Record<Severity, SeverityStyle> = {
  high: { label: 'High', symbol: '●●●', fill: '#8E1B10', text: '#FFFFFF' },
  medium: { label: 'Medium', symbol: '●●○', fill: '#D55E00', text: '#000000' },
  low: { label: 'Low', symbol: '●○○', fill: '#F2C46D', text: '#3B2600' },
};

export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low'];

export interface StatusStyle {
  label: string;
  symbol: string;
  /** The verb of the move into this status, for buttons. */
  verb: string;
}

export const STATUSES: Record<AlertStatus, StatusStyle> = {
  open: { label: 'Open', symbol: '○', verb: 'Reopen' },
  acknowledged: { label: 'Acknowledged', symbol: '◐', verb: 'Acknowledge' },
  resolved: { label: 'Resolved', symbol: '✓', verb: 'Resolve' },
};

export const STATUS_ORDER: readonly AlertStatus[] = ['open', 'acknowledged', 'resolved'];

/** The moves a person may make from a status: only forward (open -> acknowledged -> resolved). */
export function nextStatuses(status: AlertStatus): AlertStatus[] {
  switch (status) {
    case 'open':
      return ['acknowledged', 'resolved'];
    case 'acknowledged':
      return ['resolved'];
    case 'resolved':
      return [];
  }
}

/**
 * Whether the signed-in user may move this alert, as the API decides (PATCH /alerts/{id}):
 * admins any, supervisors their team's (the only ones they see), account managers their own;
 * analysts only read.
 */
export function canChangeAlert(
  user: Pick<UserView, 'role' | 'account_manager_id'>,
  alert: Pick<AlertView, 'account_manager'>,
): boolean {
  switch (user.role) {
    case 'admin':
    case 'supervisor':
      return true;
    case 'account_manager':
      return user.account_manager_id != null && user.account_manager_id === alert.account_manager;
    case 'analyst':
      return false;
  }
}

/** Whether the role may change any alert at all (to explain a read-only view). */
export function roleChangesAlerts(role: UserView['role']): boolean {
  return role !== 'analyst';
}

export interface MagnitudeText {
  /** The number, formatted. */
  value: string;
  /** What it counts, e.g. "points short, 1–10 scale". */
  unit: string;
}

function scaleText(scale: Scale | undefined): string {
  return scale ? `, ${scale.min}–${scale.max} scale` : '';
}

/**
 * An alert's magnitude with its unit. Each rule measures "how bad" its own way (larger is
 * worse): the LTR points under the top for a detractor, the gap or fall in rating points, the
 * points under a perfect score of 100, the score points lost, the account's annual value.
 */
export function magnitudeText(rule: Rule, magnitude: number, scale?: Scale): MagnitudeText {
  switch (rule) {
    case 'detractor':
      return { value: formatNumber(magnitude, 0), unit: 'LTR points under the top' };
    case 'critical_gap':
      return { value: formatNumber(magnitude, 2), unit: `points short${scaleText(scale)}` };
    case 'category_decline':
      return { value: formatNumber(magnitude, 2), unit: `points lost${scaleText(scale)}` };
    case 'hidden_risk':
      return { value: formatNumber(magnitude, 0), unit: 'points under a score of 100' };
    case 'score_drop':
      return { value: formatNumber(magnitude, 0), unit: 'score points lost' };
    case 'unassessed':
      return { value: formatCount(magnitude), unit: 'annual value' };
  }
}

const EVENT_WORDS: Record<string, string> = {
  raised: 'Raised',
  escalated: 'Severity rose',
  deescalated: 'Severity fell',
  reopened: 'Reopened (the finding got worse)',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  cleared: 'Cleared (the rule no longer fires)',
};

/** An event kind in words; an unknown kind is shown as it is. */
export function eventText(kind: string): string {
  return EVENT_WORDS[kind] ?? kind;
}

/** Who made a change: an email, an API token or the command line. */
export function actorText(actor: string): string {
  if (actor === 'cli') return 'the command line (import or evaluation)';
  if (actor.startsWith('token:')) return `API token “${actor.slice('token:'.length)}”`;
  return actor;
}

const UTC = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const UTC_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** The API's times are UTC without an offset ("2026-12-04T20:18:24.17"); read them as UTC. */
export function parseUtc(text: string): Date | null {
  const iso = /(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "4 Dec 2026, 20:18 UTC". */
export function formatUtc(text: string): string {
  const date = parseUtc(text);
  return date ? `${UTC.format(date)} UTC` : text;
}

/** "4 Dec 2026". */
export function formatUtcDate(text: string): string {
  const date = parseUtc(text);
  return date ? UTC_DATE.format(date) : text;
}
