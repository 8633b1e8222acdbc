// The API's list convention: one page `{items, total, limit, offset}` per request. A view that
// needs every item (every AM of a team, every cycle) reads page after page with this helper.
import type { components } from './schema';

/** A page of any list, shaped as the spec's pages are (every `Page_*` schema is alike). */
export type PageOf<T> = Omit<components['schemas']['Page_CycleView'], 'items'> & { items: T[] };

/** The largest page the API serves; fewer round trips for the lists a view needs whole. */
export const MAX_PAGE = 1000;

/**
 * Every item of a paged list, fetching pages one after the other until `total` is reached. Stops
 * on an empty page too, so a list that shrinks while it is read cannot loop forever.
 */
export async function allPages<T>(
  fetchPage: (window: { limit: number; offset: number }) => Promise<PageOf<T>>,
  limit = MAX_PAGE,
): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await fetchPage({ limit, offset: items.length });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}
