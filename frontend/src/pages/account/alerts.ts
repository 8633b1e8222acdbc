// An account's alerts in order of urgency, and in a sentence. Their words, symbols and colours
// are the alerts page's (../alerts/alertText.ts), so both pages show an alert alike.
import type { AlertStatus, AlertView, Severity } from '../alerts/alertText';

export type { AlertView };
type Status = AlertStatus;

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
