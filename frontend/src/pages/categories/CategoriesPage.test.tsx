import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';

import type { CycleView, UserView } from '../../api/types';
import { fakeApi, json, page, type Handler } from '../../test/fakeApi';
import { ACME_Q4, summary, user } from '../../test/fixtures';
import { renderPage } from '../../test/renderPage';
import { CategoriesPage } from './CategoriesPage';
import { acmeDerived, acmeResults, withheldResults } from './testData';

vi.mock('../../charts/echarts', () => import('../../test/fakeEcharts'));

function server(extra: Record<string, Handler> = {}) {
  return fakeApi({
    'GET /api/v1/account-managers': () =>
      page([
        summary(10, 'Avery Quillon', { responses: 33 }),
        summary(11, 'Blake Marrow', { responses: 32 }),
      ]),
    'GET /api/v1/category-results': () => json(200, acmeResults()),
    'GET /api/v1/derived-importance': () => json(200, acmeDerived()),
    ...extra,
  });
}

let search = '';
function Search() {
  search = useLocation().search;
  return null;
}

function renderAt(path: string, who: UserView = user('admin'), cycle: CycleView = ACME_Q4) {
  renderPage(
    <>
      <CategoriesPage />
      <Search />
    </>,
    { path, route: '/categories', user: who, cycle },
  );
}

const queryOf = (requests: Request[], path: string) =>
  requests.filter((r) => new URL(r.url).pathname === path).map((r) => new URL(r.url).searchParams);

describe('CategoriesPage', () => {
  it('shows the ranking, the IPA, every figure and stated against derived importance', async () => {
    const api = server();
    renderAt('/categories');
    expect(
      await screen.findByRole('figure', { name: 'Categories ranked by priority' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('figure', { name: 'Importance-performance analysis (IPA)' }),
    ).toBeTruthy();
    const table = screen.getByRole('table', { name: /Each category's results/ });
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Service', 'Consultation', 'Communication', 'Product knowledge', 'Responsiveness']);
    expect(
      await screen.findByRole('figure', { name: 'Stated rank against LMG rank' }),
    ).toBeTruthy();
    expect(screen.getByText(/1 hidden driver: Product knowledge/)).toBeTruthy();
    expect(screen.getByText(/NPS \+72 ± 6/)).toBeTruthy();
    expect(queryOf(api.requests, '/api/v1/category-results')[0]?.has('account_manager')).toBe(
      false,
    );
  });

  it('switches to one account manager’s book and keeps it in the URL', async () => {
    const api = server();
    renderAt('/categories?cycle=2026-Q4');
    const picker = await screen.findByLabelText('Scope');
    await screen.findByRole('option', { name: /Blake Marrow/ });
    fireEvent.change(picker, { target: { value: '11' } });
    await waitFor(() =>
      expect(
        queryOf(api.requests, '/api/v1/category-results').map((q) => q.get('account_manager')),
      ).toContain('11'),
    );
    expect(new URLSearchParams(search).get('scope')).toBe('11');
    expect(new URLSearchParams(search).get('cycle')).toBe('2026-Q4');
    expect(await screen.findByRole('link', { name: 'Blake Marrow' })).toBeTruthy();
  });

  it('opens an account manager on their own book', async () => {
    const api = server();
    renderAt('/categories', user('account_manager', { account_manager_id: 11 }));
    await screen.findByRole('figure', { name: 'Categories ranked by priority' });
    expect(queryOf(api.requests, '/api/v1/category-results')[0]?.get('account_manager')).toBe('11');
    expect(queryOf(api.requests, '/api/v1/derived-importance')[0]?.get('account_manager')).toBe(
      '11',
    );
  });

  it('leaves derived importance out for a role the API refuses it to', async () => {
    server({
      'GET /api/v1/derived-importance': () =>
        json(403, { code: 'forbidden', message: 'outside your role' }),
    });
    renderAt('/categories');
    await screen.findByRole('figure', { name: 'Categories ranked by priority' });
    await waitFor(() => expect(screen.queryByText('Loading derived importance…')).toBeNull());
    expect(screen.queryByRole('heading', { name: 'Stated against derived importance' })).toBeNull();
  });

  it('says plainly when a book is withheld', async () => {
    server({ 'GET /api/v1/category-results': () => json(200, withheldResults()) });
    renderAt('/categories?scope=11');
    expect(await screen.findByText('These figures are withheld')).toBeTruthy();
    expect(screen.queryByRole('figure')).toBeNull();
  });

  it('shows a failure in words, with a retry', async () => {
    server({
      'GET /api/v1/category-results': () =>
        json(404, { code: 'not_found', message: 'unknown account manager 77' }),
    });
    renderAt('/categories?scope=77');
    expect(await screen.findByText('The category results could not be loaded')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
