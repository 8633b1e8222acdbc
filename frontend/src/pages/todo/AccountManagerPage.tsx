// TODO(page-account-manager): PLACEHOLDER, to be replaced by the real page. It exists so that the
// route, the navigation and the cycle scope work end to end before the page does.
// The real page: one AM's scorecard: standing per category and whole-book measures, trend,
// accounts, training focus (GET /account-managers/{id}/assessment, /trend, /accounts,
// /training/account-managers/{id}).
import { usePageTitle } from '../../app/usePageTitle';

export function AccountManagerPage() {
  usePageTitle('Account manager scorecard');
  return (
    <section className="page">
      <h1>Account manager scorecard</h1>
      <p className="placeholder">This page is coming.</p>
    </section>
  );
}
