// The cycle every page shows, chosen in the header and kept in the URL (`?cycle=2015`) so that
// a page is linkable. Without the parameter, pages show the latest cycle.
import { createContext, useContext } from 'react';
import { useLocation } from 'react-router';

import type { CycleView } from '../api/types';

export const CYCLE_PARAM = 'cycle';

/** The latest cycle: the greatest key (keys sort chronologically). */
export function latestCycle(cycles: readonly CycleView[]): CycleView | undefined {
  return cycles.reduce<CycleView | undefined>(
    (latest, c) => (!latest || c.key > latest.key ? c : latest),
    undefined,
  );
}

export type ResolvedCycle =
  | { kind: 'none' }
  | { kind: 'unknown'; key: string; latest: CycleView }
  | { kind: 'found'; cycle: CycleView; latest: CycleView };

/** The cycle a URL parameter names, the latest without one. */
export function resolveCycle(cycles: readonly CycleView[], param: string | null): ResolvedCycle {
  const latest = latestCycle(cycles);
  if (!latest) return { kind: 'none' };
  if (!param) return { kind: 'found', cycle: latest, latest };
  const cycle = cycles.find((c) => c.key === param);
  return cycle ? { kind: 'found', cycle, latest } : { kind: 'unknown', key: param, latest };
}

export const CycleContext = createContext<CycleView | null>(null);

/** The cycle of the page; only inside the cycle scope of the routes. */
export function useCycle(): CycleView {
  const cycle = useContext(CycleContext);
  if (!cycle) throw new Error('useCycle is only for pages inside the cycle scope');
  return cycle;
}

/** `?cycle=KEY` when the URL names a cycle, '' otherwise: for links that keep the cycle. */
export function cycleSearch(search: string): string {
  const key = new URLSearchParams(search).get(CYCLE_PARAM);
  return key ? `?${new URLSearchParams({ [CYCLE_PARAM]: key }).toString()}` : '';
}

/** A link target that keeps the page's cycle. */
export function useCycleLink(): (pathname: string) => { pathname: string; search: string } {
  const { search } = useLocation();
  const keep = cycleSearch(search);
  return (pathname) => ({ pathname, search: keep });
}
