// TODO(page-account): PLACEHOLDER, to be replaced by the real page. It exists so that the route,
// the navigation and the cycle scope work end to end before the page does.
// The real page: one account: category gaps and weights, indicators, score parts, trend, who
// answered (GET /accounts/{id}/assessment, /accounts/{id}/trend).
import { usePageTitle } from '../../app/usePageTitle';

export function AccountPage() {
  usePageTitle('Account');
  return (
    <section className="page">
      <h1>Account</h1>
      <p className="placeholder">This page is coming.</p>
    </section>
  );
}
