import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { CSRF_HEADER } from '../api/client';
import { charts } from '../test/fakeEcharts';
import type { UserView } from '../api/types';
import { assessment, demoTeam, SAN_DIEGO_2015, summary, user } from '../test/fixtures';
import { fakeApi, json, page, type Handler } from '../test/fakeApi';
import { App } from './App';
import { createQueryClient } from './queryClient';

vi.mock('../charts/echarts', () => import('../test/fakeEcharts'));

const unauthorized = () =>
  json(401, {
    code: 'unauthorized',
    message: 'authentication required: send a valid bearer token',
  });

/** A server where `who` is signed in (or nobody), with the demo team's data. */
function server(who: UserView | null, extra: Record<string, Handler> = {}) {
  let current = who;
  const team = demoTeam();
  return fakeApi({
    'GET /api/v1/auth/me': () => (current ? json(200, current) : unauthorized()),
    'POST /api/v1/auth/login': async (request) => {
      const body = (await request.json()) as { email: string; password: string };
      if (body.password !== 'right-password') {
        return json(401, {
          code: 'invalid_credentials',
          message: 'the email or password is wrong',
        });
      }
      current = user(body.email.split('@')[0] as UserView['role'], { email: body.email });
      return json(200, { token_type: 'Bearer', expires_in: 3600, user: current });
    },
    'POST /api/v1/auth/logout': () => {
      current = null;
      return new Response(null, { status: 204 });
    },
    'GET /api/v1/cycles': () => page([SAN_DIEGO_2015]),
    'GET /api/v1/categories': () => page([]),
    'GET /api/v1/account-managers': () =>
      page(team.map((a) => summary(a.account_manager.id, a.account_manager.name))),
    ...Object.fromEntries(
      team.map((a) => [
        `GET /api/v1/account-managers/${a.account_manager.id}/assessment`,
        () => json(200, a),
      ]),
    ),
    ...extra,
  });
}

function renderAt(path: string) {
  window.history.pushState({}, '', path);
  return render(<App queryClient={createQueryClient({ retryDelayMs: 1 })} />);
}

async function signIn(email: string, password = 'right-password') {
  fireEvent.change(await screen.findByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const navLabels = () =>
  within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((l) => l.textContent);

describe('signing in', () => {
  it('sends nobody to the login page, then back where they were going', async () => {
    const api = server(null);
    renderAt('/alerts?cycle=2015');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(window.location.pathname).toBe('/login');

    await signIn('supervisor@demo.test');
    expect(await screen.findByRole('heading', { name: 'Alerts' })).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/alerts?cycle=2015');

    const login = api.requests.find((r) => r.url.endsWith('/auth/login'));
    expect(await login?.json()).toEqual({
      email: 'supervisor@demo.test',
      password: 'right-password',
      session: 'cookie',
    });
    expect(login?.headers.get(CSRF_HEADER)).toBe('1');
  });

  it('says so in plain words when the password is wrong', async () => {
    server(null);
    renderAt('/');
    await signIn('supervisor@demo.test', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('The email or password is wrong.');
  });

  it('takes an account manager to their own scorecard, never the team', async () => {
    server(null);
    renderAt('/');
    await signIn('account_manager@demo.test');
    expect(await screen.findByRole('heading', { name: 'Account manager scorecard' })).toBeTruthy();
    expect(window.location.pathname).toBe('/account-managers/1');
    expect(navLabels()).toEqual(['My scorecard', 'Alerts', 'Categories', 'Risk']);
  });

  it('signs out, and the next visit asks again', async () => {
    const api = server(user('analyst'));
    renderAt('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('You have signed out.');
    expect(window.location.search).toBe('');
    const logout = api.requests.find((r) => r.url.endsWith('/auth/logout'));
    expect([logout?.method, logout?.headers.get(CSRF_HEADER)]).toEqual(['POST', '1']);
  });

  it('stays signed in, and says so, when signing out fails', async () => {
    server(user('analyst'), {
      'POST /api/v1/auth/logout': () =>
        json(503, { code: 'unavailable', message: 'the database is unavailable' }),
    });
    renderAt('/');
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Signing out failed, so you are still signed in. The server could not reach its database; try again shortly.',
    );
    expect(screen.getByRole('heading', { name: 'Team overview' })).toBeTruthy();
  });

  it('returns to the login page when the session ends mid-visit', async () => {
    server(user('supervisor'), { 'GET /api/v1/account-managers': unauthorized });
    renderAt('/');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Your session has ended. Please sign in again.',
    );
  });

  it('says when the server cannot be reached, with a retry', async () => {
    fakeApi({
      'GET /api/v1/auth/me': () => json(500, { code: 'internal', message: 'internal error' }),
    });
    renderAt('/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong on the server');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('navigation by role', () => {
  it('offers imports to admins only', async () => {
    server(user('admin'));
    renderAt('/');
    await screen.findByRole('heading', { name: 'Team overview' });
    expect(navLabels()).toEqual(['Team', 'Alerts', 'Categories', 'Risk', 'Import']);
  });

  it('explains a page the role may not use', async () => {
    server(user('analyst'));
    renderAt('/import');
    expect(await screen.findByRole('heading', { name: 'Not available to your role' })).toBeTruthy();
    expect(screen.getByText(/Only admins can import surveys/)).toBeTruthy();
  });

  it('has a page for unknown addresses', async () => {
    server(user('analyst'));
    renderAt('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });

  it('keeps the cycle in links', async () => {
    server(user('analyst'));
    renderAt('/?cycle=2015');
    await screen.findByRole('heading', { name: 'Team overview' });
    const alerts = within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', {
      name: 'Alerts',
    });
    expect(alerts.getAttribute('href')).toBe('/alerts?cycle=2015');
  });

  it('says when the link names a cycle that does not exist', async () => {
    server(user('analyst'));
    renderAt('/?cycle=1999');
    expect(await screen.findByText('There is no cycle “1999”')).toBeTruthy();
  });
});

describe('the team overview', () => {
  it('lists every account manager with a link to their scorecard', async () => {
    server(user('supervisor'));
    renderAt('/?cycle=2015');
    const table = await screen.findByRole('table', { name: /Every account manager's book/ });
    const links = within(table).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['District 1', '/account-managers/1?cycle=2015'],
      ['District 3', '/account-managers/3?cycle=2015'],
      ['District 7', '/account-managers/7?cycle=2015'],
      ['District 9', '/account-managers/9?cycle=2015'],
    ]);
    await waitFor(() => expect(within(table).queryByText('loading…')).toBeNull());
    expect(
      screen.getByRole('figure', { name: /Retention score: difference to the peer average/ }),
    ).toBeTruthy();
    expect(screen.getByRole('figure', { name: /by category/ })).toBeTruthy();
  });

  it('shows the assessments that arrived and names the one that failed', async () => {
    server(user('supervisor'), {
      'GET /api/v1/account-managers/7/assessment': () =>
        json(404, { code: 'not_found', message: 'account manager 7 not found' }),
    });
    renderAt('/');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'District 7: Gapscope could not find what you asked for: account manager 7 not found.',
    );
    expect(
      await screen.findByRole('figure', {
        name: /Retention score: difference to the peer average \(3 of 4 so far\)/,
      }),
    ).toBeTruthy();
  });

  it('shows a category picked in the heatmap against the peer average, in the URL too', async () => {
    server(user('supervisor'));
    renderAt('/?cycle=2015');
    const heatmap = await screen.findByRole('figure', { name: /by category/ });
    await waitFor(() =>
      expect(charts.some((c) => heatmap.contains(c.element) && c.handlers.has('click'))).toBe(true),
    );
    const chart = charts.find((c) => heatmap.contains(c.element));
    // The second row of the heatmap: category 12, "Communication with the public".
    act(() =>
      chart?.handlers.get('click')?.({
        seriesType: 'heatmap',
        dataIndex: 0,
        value: [0, 1, 0.4, 0],
      }),
    );
    expect(
      await screen.findByRole('figure', {
        name: 'Communication with the public: difference to the peer average',
      }),
    ).toBeTruthy();
    expect(new URLSearchParams(window.location.search).get('measure')).toBe('category:12');
    expect((screen.getByLabelText('Measure') as HTMLSelectElement).value).toBe('category:12');
  });

  it('says when nobody is in the cycle', async () => {
    server(user('supervisor'), { 'GET /api/v1/account-managers': () => page([]) });
    renderAt('/');
    expect(await screen.findByText('No account managers in cycle 2015')).toBeTruthy();
  });

  it('says when no survey has been imported, and where to import one', async () => {
    server(user('admin'), { 'GET /api/v1/cycles': () => page([]) });
    renderAt('/');
    expect(await screen.findByText('No survey has been imported yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Import one' }).getAttribute('href')).toBe('/import');
  });

  it('keeps a withheld book without figures', async () => {
    server(user('supervisor'), {
      'GET /api/v1/account-managers': () =>
        page([summary(2, 'District 2', { withheld: true, mean_score: null })]),
      'GET /api/v1/account-managers/2/assessment': () =>
        json(200, assessment(2, 'District 2', { withheld: true })),
    });
    renderAt('/');
    const table = await screen.findByRole('table', { name: /Every account manager's book/ });
    await waitFor(() => expect(within(table).getAllByText('withheld').length).toBeGreaterThan(0));
  });
});
