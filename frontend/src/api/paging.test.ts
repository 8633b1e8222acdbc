import { describe, expect, it, vi } from 'vitest';

import { allPages, type PageOf } from './paging';

function pagedList(total: number) {
  const all = Array.from({ length: total }, (_, i) => i);
  return vi.fn(
    async ({ limit, offset }: { limit: number; offset: number }): Promise<PageOf<number>> => ({
      items: all.slice(offset, offset + limit),
      total,
      limit,
      offset,
    }),
  );
}

describe('allPages', () => {
  it('reads one page when everything fits', async () => {
    const fetch = pagedList(9);
    expect(await allPages(fetch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith({ limit: 1000, offset: 0 });
  });

  it('follows the pages to the total', async () => {
    const fetch = pagedList(5);
    expect(await allPages(fetch, 2)).toEqual([0, 1, 2, 3, 4]);
    expect(fetch.mock.calls.map(([w]) => w.offset)).toEqual([0, 2, 4]);
  });

  it('reads an empty list with one request', async () => {
    const fetch = pagedList(0);
    expect(await allPages(fetch)).toEqual([]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('stops when a page comes back empty before the total (the list shrank)', async () => {
    const fetch = vi.fn(async () => ({ items: [], total: 10, limit: 2, offset: 0 }));
    expect(await allPages(fetch, 2)).toEqual([]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
