import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { CycleView, UserView } from '../../api/types';
import { fakeApi, json, page, type Handler } from '../../test/fakeApi';
import { ACME_Q4, SAN_DIEGO_2015, user } from '../../test/fixtures';
import { renderPage } from '../../test/renderPage';
import { AccountManagerPage } from './AccountManagerPage';
import {
  acmeFunnel,
  blakeAssessment,
  blakeTrend,
  sanDiegoBook,
  withheldAssessment,
} from './fixtures';

vi.mock('../../charts/echarts', () => import('../../test/fakeEcharts'));

const forbidden = () =>
  json(403, { code: 'forbidden', message: 'this account manager is outside your role' });

function server(extra: Record<string, Handler> = {}) {
  return fakeApi({
    'GET /api/v1/account-managers': () => page([]),
    'GET /api/v1/categories': () => page([]),
    'GET /api/v1/account-managers/11/assessment': () => json(200, blakeAssessment()),
    'GET /api/v1/account-managers/11/trend': () => json(200, blakeTrend()),
    'GET /api/v1/accounts': () => page(sanDiegoBook()),
    'GET /api/v1/funnel': () => json(200, acmeFunnel()),
    'GET /api/v1/settings': () =>
      json(200, { cohort_thresholds: { none: 80, low: 70, medium: 60, high: 50 } }),
    'GET /api/v1/training/account-managers/11': () =>
      json(200, {
        cycle: '2026-Q4',
        focus: {
          account_manager: 11,
          categories: [
            {
              category: 18,
              score: 20.7,
              exposure: 3.125,
              difference: -6.62,
              q_value: 0.001,
              mentors: [10],
            },
          ],
        },
        next_cycle: null,
        remeasured: [],
      }),
    ...extra,
  });
}

function renderAt(path: string, who: UserView, cycle: CycleView = ACME_Q4) {
  renderPage(<AccountManagerPage />, { path, route: '/account-managers/:id', user: who, cycle });
}

describe('AccountManagerPage', () => {
  it('shows the scorecard of the AM, asking for the cycle of the page', async () => {
    const api = server();
    renderAt('/account-managers/11?cycle=2026-Q4', user('supervisor'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Blake Marrow' })).toBeTruthy();
    expect(
      await screen.findByRole('heading', { name: 'Strengths and weaknesses against peers' }),
    ).toBeTruthy();
    const assessment = api.requests.find((r) => r.url.includes('/account-managers/11/assessment'));
    expect(new URL(assessment?.url ?? '').searchParams.get('cycle')).toBe('2026-Q4');
    const book = api.requests.find((r) => new URL(r.url).pathname === '/api/v1/accounts');
    expect(new URL(book?.url ?? '').searchParams.get('account_manager')).toBe('11');
  });

  it('lists the book, riskiest first, each account linking to its page', async () => {
    server();
    renderAt('/account-managers/11', user('supervisor'));
    const table = await screen.findByRole('table', { name: /The accounts of the book/ });
    const names = within(table)
      .getAllByRole('rowheader')
      .map((h) => h.textContent);
    expect(names.slice(0, 2)).toEqual(['Account 13', 'Account 22']);
    expect(within(table).getByRole('link', { name: 'Account 13' }).getAttribute('href')).toBe(
      '/accounts/13',
    );
    expect(
      screen.getByRole('figure', { name: /Risk cohorts of the book: 6 accounts/ }),
    ).toBeTruthy();
  });

  it('shows the training focus with its mentors to a supervisor', async () => {
    server();
    renderAt('/account-managers/11', user('supervisor'));
    expect(await screen.findByRole('heading', { name: 'Training focus' })).toBeTruthy();
    expect(await screen.findByRole('columnheader', { name: 'Possible mentors' })).toBeTruthy();
  });

  it('leaves the training focus out when the role may not see it', async () => {
    server({ 'GET /api/v1/training/account-managers/11': forbidden });
    renderAt('/account-managers/11', user('analyst'));
    expect(await screen.findByRole('heading', { name: 'Book of business' })).toBeTruthy();
    await screen.findByRole('table', { name: /The accounts of the book/ });
    expect(screen.queryByRole('heading', { name: 'Training focus' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says in a plain sentence when the figures are withheld', async () => {
    server({
      'GET /api/v1/account-managers/8/assessment': () => json(200, withheldAssessment()),
      'GET /api/v1/account-managers/8/trend': () => json(200, []),
      'GET /api/v1/training/account-managers/8': forbidden,
      'GET /api/v1/funnel': () => json(200, { cycle: '2015', measure: 'score', funnel: null }),
    });
    renderAt(
      '/account-managers/8',
      user('account_manager', { account_manager_id: 8 }),
      SAN_DIEGO_2015,
    );
    expect(await screen.findByText('My scorecard')).toBeTruthy();
    expect(
      screen.getByText(
        /Your book has fewer responses in this cycle than your organization's anonymity threshold/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('figure', { name: /difference to the peer average/ })).toBeNull();
  });

  it('says "not found" in plain words for an unknown AM or a malformed id', async () => {
    server({
      'GET /api/v1/account-managers/99/assessment': () =>
        json(404, { code: 'not_found', message: 'account manager 99 not found' }),
    });
    renderAt('/account-managers/99', user('admin'));
    expect(await screen.findByRole('heading', { name: 'Account manager not found' })).toBeTruthy();
    expect(
      screen.getByText('There is no account manager number 99 in your organization'),
    ).toBeTruthy();
  });

  it('does not ask the API for an id that is not one', async () => {
    const api = server();
    renderAt('/account-managers/abc', user('admin'));
    expect(await screen.findByRole('heading', { name: 'Account manager not found' })).toBeTruthy();
    expect(api.requests).toHaveLength(0);
  });

  it('tells an account manager that another scorecard is not theirs', async () => {
    server({ 'GET /api/v1/account-managers/10/assessment': forbidden });
    renderAt('/account-managers/10', user('account_manager', { account_manager_id: 11 }));
    expect(await screen.findByText('This scorecard is outside what you can see')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to your scorecard' }).getAttribute('href')).toBe(
      '/account-managers/11',
    );
  });
});
