// TODO(page-risk): PLACEHOLDER, to be replaced by the real page. It exists so that the route, the
// navigation and the cycle scope work end to end before the page does.
// The real page: retention risk: cohorts and their migration, hidden risk, funnel (GET /hidden-
// risk, /cohort-migration, /funnel).
import { usePageTitle } from '../../app/usePageTitle';

export function RiskPage() {
  usePageTitle('Risk');
  return (
    <section className="page">
      <h1>Risk</h1>
      <p className="placeholder">This page is coming.</p>
    </section>
  );
}
