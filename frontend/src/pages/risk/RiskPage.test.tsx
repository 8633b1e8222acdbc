import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { CycleView, UserView } from '../../api/types';
import { fakeApi, json, page, type Handler } from '../../test/fakeApi';
import { ACME_Q4, SAN_DIEGO_2015, summary, user } from '../../test/fixtures';
import { renderPage } from '../../test/renderPage';
import { acmeResults } from '../categories/testData';
import { RiskPage } from './RiskPage';
import {
  ACME_BACKTEST,
  acmeAccounts,
  acmeHiddenRisk,
  acmeMigration,
  noLtrAccount,
  sanDiegoAccounts,
  sanDiegoMigration,
  withheldAccount,
} from './testData';

vi.mock('../../charts/echarts', () => import('../../test/fakeEcharts'));

/** The requests for one account's assessment: the risk page needs none. */
const assessmentRequests = (api: { requests: Request[] }) =>
  api.requests.filter((r) => /\/assessment$/.test(new URL(r.url).pathname));

function acme(extra: Record<string, Handler> = {}) {
  return fakeApi({
    'GET /api/v1/accounts': () => page(acmeAccounts()),
    'GET /api/v1/account-managers': () =>
      page([summary(12, 'Casey Thorne'), summary(13, 'Devon Ashby')]),
    'GET /api/v1/settings': () =>
      json(200, {
        cohort_thresholds: { none: 80, low: 70, medium: 60, high: 50 },
        alerts: { hidden_risk_min_ltr: 7 },
      }),
    'GET /api/v1/hidden-risk': () => json(200, acmeHiddenRisk()),
    'GET /api/v1/cohort-migration': () => json(200, acmeMigration()),
    'GET /api/v1/category-results': () => json(200, acmeResults()),
    'GET /api/v1/backtest': () => json(200, ACME_BACKTEST),
    ...extra,
  });
}

function sanDiego(extra: Record<string, Handler> = {}) {
  return acme({
    'GET /api/v1/accounts': () => page(sanDiegoAccounts()),
    'GET /api/v1/hidden-risk': () =>
      json(200, { cycle: '2015', accounts: [], account_managers: [] }),
    'GET /api/v1/cohort-migration': () => json(200, sanDiegoMigration()),
    'GET /api/v1/category-results': () => json(200, acmeResults({ nps: null, cycle: '2015' })),
    'GET /api/v1/backtest': () => json(200, { score: null, nps: null }),
    ...extra,
  });
}

function renderAt(path: string, who: UserView = user('admin'), cycle: CycleView = ACME_Q4) {
  renderPage(<RiskPage />, { path, route: '/risk', user: who, cycle });
}

describe('RiskPage', () => {
  it('shows cohorts, their moves, hidden risk with links, NPS against the score and the back-test', async () => {
    const api = acme();
    renderAt('/risk?cycle=2026-Q4');
    expect(
      await screen.findByRole('figure', { name: 'Accounts per risk cohort in cycle 2026-Q4' }),
    ).toBeTruthy();
    expect(
      await screen.findByRole('figure', { name: 'Share of accounts per cohort, by cycle' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('figure', { name: 'Cohort moves from 2026-Q3 to 2026-Q4' }),
    ).toBeTruthy();

    const hidden = await screen.findByRole('table', { name: /Hidden-risk accounts/ });
    const account = within(hidden).getByRole('link', { name: 'Umberfield Synthetic Ltd' });
    expect(account.getAttribute('href')).toBe('/accounts/91?cycle=2026-Q4');
    expect(within(hidden).getByRole('link', { name: 'Casey Thorne' }).getAttribute('href')).toBe(
      '/account-managers/12?cycle=2026-Q4',
    );

    const scatter = await screen.findByRole('figure', {
      name: 'Likelihood to recommend against retention score, cycle 2026-Q4',
    });
    // The likelihood to recommend comes with the accounts: not one request per account.
    expect(assessmentRequests(api)).toEqual([]);
    expect(within(scatter).getByText(/Each point is an account \(5\)/)).toBeTruthy();
    expect(within(scatter).queryByText(/Not drawn/)).toBeNull();

    const atRisk = screen.getByRole('table', { name: /Accounts scoring below 60/ });
    expect(
      within(atRisk)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Quarry Synthetic', 'Umberfield Synthetic Ltd']);
    expect(
      within(atRisk).getByRole('columnheader', { name: /LTR \(0\u2060–\u206010\)/ }),
    ).toBeTruthy();
    expect(within(atRisk).getByText('3.0')).toBeTruthy();
    expect(within(atRisk).getByText('9.5')).toBeTruthy();
    expect(await screen.findByText(/AUC 0.21 over 60 accounts/)).toBeTruthy();
  });

  it('says once, plainly, that a survey without NPS has no hidden risk and no scatter', async () => {
    const api = sanDiego();
    renderAt('/risk', user('admin'), SAN_DIEGO_2015);
    expect(await screen.findByText('This survey has no NPS question')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Hidden risk' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'NPS next to the retention score' })).toBeNull();
    expect(await screen.findByText(/Moves between cohorts need two cycles/)).toBeTruthy();
    expect(await screen.findByText('No renewal outcomes yet')).toBeTruthy();
    expect(assessmentRequests(api)).toEqual([]);
    // No likelihood to recommend anywhere: the at-risk table has no LTR column.
    const atRisk = await screen.findByRole('table', { name: /Accounts scoring below 60/ });
    expect(within(atRisk).queryByRole('columnheader', { name: /LTR/ })).toBeNull();
    expect(within(atRisk).queryByRole('columnheader', { name: /Hidden risk/ })).toBeNull();
    // Nor does the subtitle count "0 hidden risk".
    expect(document.querySelector('.page__subtitle')?.textContent).toMatch(
      /3 accounts · 2 at high or extreme risk$/,
    );
  });

  it('says which accounts the scatter leaves out', async () => {
    acme({
      'GET /api/v1/accounts': () => page([...acmeAccounts(), noLtrAccount(), withheldAccount()]),
    });
    renderAt('/risk');
    const scatter = await screen.findByRole('figure', {
      name: 'Likelihood to recommend against retention score, cycle 2026-Q4',
    });
    expect(
      within(scatter).getByText(
        /Not drawn: 1 scored account has no likelihood-to-recommend answer; 1 account is withheld/,
      ),
    ).toBeTruthy();
    const atRisk = screen.getByRole('table', { name: /Accounts scoring below 60/ });
    const quiet = within(atRisk).getByRole('row', { name: /Quiet Synthetic/ });
    expect(
      within(quiet)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toContain('–');
  });

  it('says when no scored account answered the likelihood-to-recommend question', async () => {
    acme({
      'GET /api/v1/accounts': () => page(acmeAccounts().map((a) => ({ ...a, ltr_mean: null }))),
    });
    renderAt('/risk');
    expect(await screen.findByText('No account has both values')).toBeTruthy();
  });

  it('leaves the back-test out for a role the API refuses it to', async () => {
    acme({
      'GET /api/v1/backtest': () =>
        json(403, { code: 'forbidden', message: 'the back-test covers the whole organization' }),
    });
    renderAt('/risk', user('supervisor'));
    await screen.findByRole('figure', { name: 'Accounts per risk cohort in cycle 2026-Q4' });
    await waitFor(() => expect(screen.queryByText('Loading the back-test…')).toBeNull());
    expect(screen.queryByRole('heading', { name: 'Back-test against renewals' })).toBeNull();
  });

  it('says when nobody is at hidden risk', async () => {
    acme({
      'GET /api/v1/hidden-risk': () =>
        json(200, { cycle: '2026-Q4', accounts: [], account_managers: [] }),
    });
    renderAt('/risk');
    expect(await screen.findByText('No hidden risk in cycle 2026-Q4')).toBeTruthy();
  });

  it('shows a failure of the accounts in words, with a retry', async () => {
    acme({ 'GET /api/v1/accounts': () => json(500, { code: 'internal', message: 'boom' }) });
    renderAt('/risk');
    expect(await screen.findByText('The accounts could not be loaded')).toBeTruthy();
  });
});
