// The API's answer to an import of e2e/fixtures/import-good.csv (three rows of a new cycle),
// typed with the generated schema so that an API change breaks it at compile time.
import type { ImportSummary } from '../../api/queries/imports';

/** A dry run's summary by default; `extra` turns it into a commit or changes the counts. */
export function importSummary(extra: Partial<ImportSummary> = {}): ImportSummary {
  return {
    import_id: null,
    dry_run: true,
    rows: 3,
    responses_inserted: 3,
    responses_updated: 0,
    responses_unchanged: 0,
    cycles_created: 1,
    categories_created: 2,
    indicators_created: 0,
    account_managers_created: 2,
    accounts_created: 3,
    contacts_created: 3,
    assignments_changed: 3,
    ...extra,
  };
}
