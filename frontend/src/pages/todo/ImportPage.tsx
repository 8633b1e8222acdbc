// TODO(page-import): PLACEHOLDER, to be replaced by the real page. It exists so that the route,
// the navigation and the cycle scope work end to end before the page does.
// The real page: survey import: mapping + CSV upload, dry run first, every error listed (POST
// /imports?dry_run=).
import { usePageTitle } from '../../app/usePageTitle';

export function ImportPage() {
  usePageTitle('Import');
  return (
    <section className="page">
      <h1>Import</h1>
      <p className="placeholder">This page is coming.</p>
    </section>
  );
}
