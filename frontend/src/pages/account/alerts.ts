// An account's alerts in words (METHOD section 7): what each rule means, how urgent it is, and
// where it is in its lifecycle, never by colour alone.
import type { components } from '../../api/schema';

export type AlertView = components['schemas']['AlertView'];
type Rule = components['schemas']['Rule'];
type Severity = components['schemas']['Severity'];
type Status = components['schemas']['StatusView'];

export const RULE_LABELS: Record<Rule, string> = {
  detractor: 'Detractor',
  critical_gap: 'Critical gap',
  hidden_risk: 'Hidden risk',
  score_drop: 'Score drop',
  category_decline: 'Category decline',
  unassessed: 'Not assessed',
};

export const SEVERITY_STYLES: Record<Severity, { label: string; symbol: string; fill: string; text: string }> = {
  high: { label: 'High', symbol: '▲▲', fill: '#D55E00', text: '#000000' },
  medium: { label: 'Medium', symbol: '▲', fill: '#F5C98A', text: '#3B2600' },
  low: { label: 'Low', symbol: '△', fill: '#E4E7EB', text: '#1F2933' },
};

export const STATUS_LABELS: Record<Status, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const STATUS_RANK: Record<Status, number> = { open: 0, acknowledged: 1, resolved: 2 };

/**
 * The alerts to read first first: the page's cycle before others, then open before handled,
 * then the most urgent; otherwise the API's order (newest first).
 */
export function sortAlerts(alerts: readonly AlertView[], cycle: string): AlertView[] {
  return alerts
    .map((alert, index) => ({ alert, index }))
    .sort(
      (a, b) =>
        Number(b.alert.cycle === cycle) - Number(a.alert.cycle === cycle) ||
        STATUS_RANK[a.alert.status] - STATUS_RANK[b.alert.status] ||
        SEVERITY_RANK[a.alert.severity] - SEVERITY_RANK[b.alert.severity] ||
        a.index - b.index,
    )
    .map(({ alert }) => alert);
}

/** "2 open alerts in 2026-Q4 (1 high)" — or that there are none. */
export function alertsSentence(alerts: readonly AlertView[], cycle: string): string {
  const open = alerts.filter((a) => a.cycle === cycle && a.status === 'open');
  const high = open.filter((a) => a.severity === 'high').length;
  if (open.length === 0) return `No open alerts in ${cycle}.`;
  const what = open.length === 1 ? '1 open alert' : `${open.length} open alerts`;
  return `${what} in ${cycle}${high > 0 ? ` (${high} high)` : ''}.`;
}
