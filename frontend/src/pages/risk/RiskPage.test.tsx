import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { CycleView, UserView } from '../../api/types';
import { CycleContext } from '../../app/cycle';
import { createQueryClient } from '../../app/queryClient';
import { UserContext } from '../../app/session';
import { fakeApi, json, page, type Handler } from '../../test/fakeApi';
import { summary, user } from '../../test/fixtures';
import { acmeResults, PICK_CYCLE, RATING_CYCLE } from '../categories/testData';
import { RiskPage } from './RiskPage';
import {
  ACME_BACKTEST,
  acmeAccounts,
  acmeHiddenRisk,
  acmeMigration,
  assessmentWithLtr,
  sanDiegoMigration,
} from './testData';

vi.mock('../../charts/echarts', () => import('../../test/fakeEcharts'));

afterEach(() => {
  vi.unstubAllGlobals();
});

const LTR: Record<number, number> = { 71: 8.5, 96: 9.75, 80: 9.25, 91: 9.5, 93: 3 };

function acme(extra: Record<string, Handler> = {}) {
  return fakeApi({
    'GET /api/v1/accounts': () => page(acmeAccounts()),
    'GET /api/v1/account-managers': () => page([summary(12, 'Casey Thorne'), summary(13, 'Devon Ashby')]),
    'GET /api/v1/settings': () =>
      json(200, {
        cohort_thresholds: { none: 80, low: 70, medium: 60, high: 50 },
        alerts: { hidden_risk_min_ltr: 7 },
      }),
    'GET /api/v1/hidden-risk': () => json(200, acmeHiddenRisk()),
    'GET /api/v1/cohort-migration': () => json(200, acmeMigration()),
    'GET /api/v1/category-results': () => json(200, acmeResults()),
    'GET /api/v1/backtest': () => json(200, ACME_BACKTEST),
    ...Object.fromEntries(
      Object.entries(LTR).map(([id, ltr]) => [
        `GET /api/v1/accounts/${id}/assessment`,
        () => json(200, { ...assessmentWithLtr(ltr), account: { id: Number(id), external_id: id, name: id } }),
      ]),
    ),
    ...extra,
  });
}

function sanDiego(extra: Record<string, Handler> = {}) {
  return acme({
    'GET /api/v1/hidden-risk': () => json(200, { cycle: '2015', accounts: [], account_managers: [] }),
    'GET /api/v1/cohort-migration': () => json(200, sanDiegoMigration()),
    'GET /api/v1/category-results': () => json(200, acmeResults({ nps: null, cycle: '2015' })),
    'GET /api/v1/backtest': () => json(200, { score: null, nps: null }),
    ...extra,
  });
}

function renderAt(path: string, who: UserView = user('admin'), cycle: CycleView = RATING_CYCLE) {
  render(
    <QueryClientProvider client={createQueryClient({ retryDelayMs: 1 })}>
      <UserContext.Provider value={who}>
        <CycleContext.Provider value={cycle}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/risk" element={<RiskPage />} />
            </Routes>
          </MemoryRouter>
        </CycleContext.Provider>
      </UserContext.Provider>
    </QueryClientProvider>,
  );
}

describe('RiskPage', () => {
  it('shows cohorts, their moves, hidden risk with links, NPS against the score and the back-test', async () => {
    const api = acme();
    renderAt('/risk?cycle=2026-Q4');
    expect(await screen.findByRole('figure', { name: 'Accounts per risk cohort in cycle 2026-Q4' })).toBeTruthy();
    expect(await screen.findByRole('figure', { name: 'Share of accounts per cohort, by cycle' })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Cohort moves from 2026-Q3 to 2026-Q4' })).toBeTruthy();

    const hidden = await screen.findByRole('table', { name: /Hidden-risk accounts/ });
    const account = within(hidden).getByRole('link', { name: 'Umberfield Synthetic Ltd' });
    expect(account.getAttribute('href')).toBe('/accounts/91?cycle=2026-Q4');
    expect(within(hidden).getByRole('link', { name: 'Casey Thorne' }).getAttribute('href')).toBe(
      '/account-managers/12?cycle=2026-Q4',
    );

    expect(
      await screen.findByRole('figure', { name: 'Likelihood to recommend against retention score, cycle 2026-Q4' }),
    ).toBeTruthy();
    const assessments = api.requests.filter((r) => /\/accounts\/\d+\/assessment$/.test(new URL(r.url).pathname));
    expect(assessments).toHaveLength(5);

    const atRisk = screen.getByRole('table', { name: /Accounts scoring below 60/ });
    expect(within(atRisk).getAllByRole('rowheader').map((h) => h.textContent)).toEqual([
      'Quarry Synthetic',
      'Umberfield Synthetic Ltd',
    ]);
    expect(await screen.findByText(/AUC 0.21 over 60 accounts/)).toBeTruthy();
  });

  it('says once, plainly, that a survey without NPS has no hidden risk and no scatter', async () => {
    const api = sanDiego();
    renderAt('/risk', user('admin'), PICK_CYCLE);
    expect(await screen.findByText('This survey has no NPS question')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Hidden risk' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'NPS next to the retention score' })).toBeNull();
    expect(await screen.findByText(/Moves between cohorts need two cycles/)).toBeTruthy();
    expect(await screen.findByText('No renewal outcomes yet')).toBeTruthy();
    expect(api.requests.some((r) => /\/assessment$/.test(new URL(r.url).pathname))).toBe(false);
  });

  it('leaves the back-test out for a role the API refuses it to', async () => {
    acme({ 'GET /api/v1/backtest': () => json(403, { code: 'forbidden', message: 'the back-test covers the whole organization' }) });
    renderAt('/risk', user('supervisor'));
    await screen.findByRole('figure', { name: 'Accounts per risk cohort in cycle 2026-Q4' });
    await waitFor(() => expect(screen.queryByText('Loading the back-test…')).toBeNull());
    expect(screen.queryByRole('heading', { name: 'Back-test against renewals' })).toBeNull();
  });

  it('says when nobody is at hidden risk', async () => {
    acme({ 'GET /api/v1/hidden-risk': () => json(200, { cycle: '2026-Q4', accounts: [], account_managers: [] }) });
    renderAt('/risk');
    expect(await screen.findByText('No hidden risk in cycle 2026-Q4')).toBeTruthy();
  });

  it('shows a failure of the accounts in words, with a retry', async () => {
    acme({ 'GET /api/v1/accounts': () => json(500, { code: 'internal', message: 'boom' }) });
    renderAt('/risk');
    expect(await screen.findByText('The accounts could not be loaded')).toBeTruthy();
  });
});
