// TODO(page-alerts): PLACEHOLDER, to be replaced by the real page. It exists so that the route,
// the navigation and the cycle scope work end to end before the page does.
// The real page: the alerts list: filters by rule, severity and status; acknowledge and resolve
// with a note (GET/PATCH /alerts, GET /alerts/overview).
import { usePageTitle } from '../../app/usePageTitle';

export function AlertsPage() {
  usePageTitle('Alerts');
  return (
    <section className="page">
      <h1>Alerts</h1>
      <p className="placeholder">This page is coming.</p>
    </section>
  );
}
