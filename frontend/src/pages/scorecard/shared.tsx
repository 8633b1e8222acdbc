// Small pieces both detail pages (an AM's scorecard, an account) share: reading the id of the
// route, telling "not found" and "not yours" apart from other failures, and the cohort badge.
import type { ReactNode } from 'react';

import { ApiError } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { COHORT_STYLES, type CohortKey } from './book';

/** The storage id of the route (`/accounts/:id`), or `null` when it is not a positive integer. */
export function parseId(param: string | undefined): number | null {
  if (!param || !/^\d{1,15}$/.test(param)) return null;
  const id = Number(param);
  return id > 0 ? id : null;
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

interface SectionErrorProps {
  what: string;
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}

/** A failed section: in plain words, with a retry unless retrying cannot help (403, 404). */
export function SectionError({ what, error, onRetry, retrying }: SectionErrorProps) {
  const final = isStatus(error, 403) || isStatus(error, 404);
  return (
    <ErrorState
      title={`${what} could not be loaded`}
      error={error}
      onRetry={final ? undefined : onRetry}
      retrying={retrying}
    />
  );
}

/** A cohort as a badge: colour and words together. */
export function CohortBadge({ cohort, children }: { cohort: CohortKey; children?: ReactNode }) {
  const style = COHORT_STYLES[cohort];
  return (
    <span
      className="badge cohort-badge"
      style={{ background: style.fill, color: style.text, borderColor: style.border }}
    >
      {children ?? style.label}
    </span>
  );
}

/** A labelled figure of a page header: "Score 72 of 100". */
export function Fact({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  return (
    <div className="fact">
      <dt className="fact__label">{label}</dt>
      <dd className="fact__value">
        {children}
        {note && <span className="fact__note">{note}</span>}
      </dd>
    </div>
  );
}
