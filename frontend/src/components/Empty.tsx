import type { ReactNode } from 'react';

interface EmptyProps {
  /** What is missing: "No account managers in this cycle". */
  title: string;
  /** A helpful sentence: why it is empty, and what would fill it. */
  children: ReactNode;
}

/** Says that there is nothing to show, and what would change that. */
export function Empty({ title, children }: EmptyProps) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      <div className="state__body">{children}</div>
    </div>
  );
}
