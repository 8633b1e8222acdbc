import { isStatus } from '../api/client';
import { ErrorState } from './ErrorState';

/** What of a react-query result a failure needs. */
export interface RetryableQuery {
  error: unknown;
  refetch: () => unknown;
  isFetching: boolean;
}

interface QueryErrorProps {
  /** What failed, in a few words: "The trend could not be loaded". */
  title: string;
  /** The failed query: its error in plain words, and a retry that fetches it again. */
  query: RetryableQuery;
  /**
   * No retry when the API refused (403) or found nothing (404): asking again cannot help.
   * Sections of a detail page use this; elsewhere every failure may be retried.
   */
  finalWhenRefused?: boolean;
}

/** A query that failed, as an `ErrorState` whose "Try again" refetches it. */
export function QueryError({ title, query, finalWhenRefused = false }: QueryErrorProps) {
  const final = finalWhenRefused && (isStatus(query.error, 403) || isStatus(query.error, 404));
  return (
    <ErrorState
      title={title}
      error={query.error}
      onRetry={final ? undefined : () => void query.refetch()}
      retrying={query.isFetching}
    />
  );
}
