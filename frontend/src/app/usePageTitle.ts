import { useEffect } from 'react';

/** Sets the document title: "Team overview · Gapscope". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Gapscope` : 'Gapscope';
  }, [title]);
}
