import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { CycleView, UserView } from '../../api/types';
import { fakeApi, json, page, type Handler } from '../../test/fakeApi';
import { ACME_Q4, SAN_DIEGO_2015, user } from '../../test/fixtures';
import { renderPage } from '../../test/renderPage';
import { blakeTrend } from '../scorecard/fixtures';
import { AccountPage } from './AccountPage';
import { alert, kestrel, kestrelResults, withheldAccount } from './fixtures';

vi.mock('../../charts/echarts', () => import('../../test/fakeEcharts'));

function server(extra: Record<string, Handler> = {}) {
  return fakeApi({
    'GET /api/v1/account-managers': () => page([]),
    'GET /api/v1/categories': () => page([]),
    'GET /api/v1/accounts/81/assessment': () => json(200, kestrel()),
    'GET /api/v1/accounts/81/trend': () => json(200, blakeTrend()),
    'GET /api/v1/category-results': () => json(200, kestrelResults()),
    'GET /api/v1/alerts': () => page([alert(266), alert(239, { cycle: '2026-Q3' })]),
    'GET /api/v1/settings': () =>
      json(200, {
        score_weights: { f: 0.55, os: 0.15, edb: 0.15, ltr: 0.15 },
        role_weights: { decision_maker: 1, influencer: 1, user: 1, unspecified: 1 },
        cohort_thresholds: { none: 80, low: 70, medium: 60, high: 50 },
      }),
    ...extra,
  });
}

function renderAt(path: string, who: UserView = user('supervisor'), cycle: CycleView = ACME_Q4) {
  renderPage(<AccountPage />, { path, route: '/accounts/:id', user: who, cycle });
}

describe('AccountPage', () => {
  it('shows the account with its gaps, quadrants, score parts and respondents', async () => {
    const api = server();
    renderAt('/accounts/81?cycle=2026-Q4');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Kestrel Synthetic Ltd' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('figure', { name: /Importance and performance per category/ }),
    ).toBeTruthy();
    expect(
      await screen.findByRole('figure', { name: 'Categories by importance and performance' }),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'How the score is made' })).toBeTruthy();
    const roles = screen.getByRole('table', { name: 'Responses per contact role' });
    expect(
      within(roles)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Decision makers', 'Influencers']);
    const results = api.requests.find(
      (r) => new URL(r.url).pathname === '/api/v1/category-results',
    );
    expect(new URL(results?.url ?? '').searchParams.get('account')).toBe('81');
  });

  it("lists the account's alerts, this cycle first, with a link to the alerts page", async () => {
    server();
    renderAt('/accounts/81');
    const table = await screen.findByRole('table', { name: /alerts/ });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.firstElementChild?.textContent),
    ).toEqual(['2026-Q4', '2026-Q3']);
    expect(screen.getByRole('link', { name: 'Open the alerts page' }).getAttribute('href')).toBe(
      '/alerts?cycle=2026-Q4&account=81',
    );
    expect(screen.getByText(/1 open alert in 2026-Q4 \(1 high\)/)).toBeTruthy();
  });

  it('says in a plain sentence when the figures are withheld', async () => {
    server({
      'GET /api/v1/accounts/64/assessment': () => json(200, withheldAccount()),
      'GET /api/v1/accounts/64/trend': () => json(200, []),
      'GET /api/v1/alerts': () => page([]),
    });
    renderAt('/accounts/64', user('account_manager', { account_manager_id: 8 }), SAN_DIEGO_2015);
    expect(await screen.findByText('Figures withheld')).toBeTruthy();
    expect(screen.getByText(/fewer than your organization's anonymity threshold/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'How the score is made' })).toBeNull();
  });

  it('says "not found" in plain words', async () => {
    server({
      'GET /api/v1/accounts/9999/assessment': () =>
        json(404, { code: 'not_found', message: 'account 9999 not found' }),
    });
    renderAt('/accounts/9999');
    expect(await screen.findByRole('heading', { name: 'Account not found' })).toBeTruthy();
  });

  it('says when an account is outside the role', async () => {
    server({
      'GET /api/v1/accounts/71/assessment': () =>
        json(403, { code: 'forbidden', message: 'this account is outside your role' }),
    });
    renderAt('/accounts/71', user('account_manager', { account_manager_id: 11 }));
    expect(await screen.findByText('This account is outside what you can see')).toBeTruthy();
  });
});
