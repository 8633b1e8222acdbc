// Small pieces both detail pages (an AM's scorecard, an account) share: the cohort badge and
// the figures of a page header. Their loading and failure states are components/DetailPage.
import type { ReactNode } from 'react';

import { COHORT_STYLES, type CohortKey } from './book';

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
export function Fact({
  label,
  children,
  note,
}: {
  label: string;
  children: ReactNode;
  note?: ReactNode;
}) {
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
