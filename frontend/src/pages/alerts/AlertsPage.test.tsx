import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';

import { CSRF_HEADER } from '../../api/client';
import type { UserView } from '../../api/types';
import { fakeApi, json, type Handler } from '../../test/fakeApi';
import { charts } from '../../test/fakeEcharts';
import { ACME_Q4, user } from '../../test/fixtures';
import { renderPage } from '../../test/renderPage';
import { acmeOverview, alert, detail } from './alertFixtures';
import { AlertsPage } from './AlertsPage';
import type { AlertView } from './alertText';

vi.mock('../../charts/echarts', () => import('../../test/fakeEcharts'));

function Location() {
  const { search } = useLocation();
  return <output data-testid="search">{search}</output>;
}

const ALERTS: AlertView[] = [
  alert(292),
  alert(293, {
    rule: 'hidden_risk',
    category: null,
    magnitude: 44,
    detail:
      'Likelihood to recommend averages 9.5 (at least 7), yet the retention score is 56: high or extreme risk.',
  }),
  alert(294, {
    account: 111,
    account_name: 'Pinecrest Synthetic Ltd 2',
    account_external_id: 'acc-0501',
    account_manager: 14,
    rule: 'unassessed',
    category: null,
    severity: 'low',
    magnitude: 2_400_000,
    detail: 'No response this cycle from an account worth 2400000 a year (watched from 0).',
  }),
];

/** A server with the synthetic org's overview and three alerts; `extra` overrides routes. */
function server(extra: Record<string, Handler> = {}, alerts = ALERTS.map((a) => ({ ...a }))) {
  return fakeApi({
    'GET /api/v1/alerts/overview': () => json(200, acmeOverview()),
    'GET /api/v1/alerts': (request) => {
      const q = new URL(request.url).searchParams;
      const wanted = (key: string, value: string | number) =>
        !q.get(key) || String(value) === q.get(key);
      const items = alerts.filter(
        (a) =>
          wanted('severity', a.severity) &&
          wanted('status', a.status) &&
          wanted('account_manager', a.account_manager),
      );
      const limit = Number(q.get('limit') ?? 100);
      const offset = Number(q.get('offset') ?? 0);
      return json(200, {
        items: items.slice(offset, offset + limit),
        total: items.length,
        limit,
        offset,
      });
    },
    ...Object.fromEntries(
      alerts.map((a) => [`GET /api/v1/alerts/${a.id}`, () => json(200, detail(a))]),
    ),
    'PATCH /api/v1/alerts/292': async (request) => {
      const body = (await request.json()) as { status: AlertView['status'] };
      const target = alerts[0];
      if (!target) throw new Error('no alert');
      target.status = body.status;
      target.updated_at = '2026-12-05T09:00:00';
      return json(200, target);
    },
    ...extra,
  });
}

function openAlerts(who: UserView, path = '/alerts?cycle=2026-Q4') {
  return renderPage(
    <>
      <AlertsPage />
      <Location />
    </>,
    { path, route: '/alerts', user: who, cycle: ACME_Q4 },
  );
}

const search = () => new URLSearchParams(screen.getByTestId('search').textContent ?? '');
const listRequests = (api: ReturnType<typeof server>) =>
  api.requests.filter((r) => r.method === 'GET' && new URL(r.url).pathname === '/api/v1/alerts');
const table = () => screen.getByRole('table', { name: /^Alerts, one per row/ });

describe('AlertsPage', () => {
  it('shows the overview per AM and the alerts of the cycle, most severe first', async () => {
    const api = server();
    openAlerts(user('supervisor'));
    expect(await screen.findByText('Showing 1–3 of 3 alerts')).toBeTruthy();
    expect(
      screen.getByRole('figure', {
        name: /Alerts per account manager and severity, cycle 2026-Q4/,
      }),
    ).toBeTruthy();
    const rows = within(table()).getAllByRole('row');
    expect(rows).toHaveLength(4);
    const first = rows[1];
    if (!first) throw new Error('no row');
    expect(
      within(first).getByRole('link', { name: 'Fernhollow Synthetic Ltd 2' }).getAttribute('href'),
    ).toBe('/accounts/101?cycle=2026-Q4');
    expect(within(first).getByRole('link', { name: 'Devon Ashby' }).getAttribute('href')).toBe(
      '/account-managers/13?cycle=2026-Q4',
    );
    expect(within(first).getByText('points short, 1–10 scale')).toBeTruthy();
    expect(within(table()).getByText('annual value')).toBeTruthy();

    const query = new URL(listRequests(api)[0]?.url ?? '').searchParams;
    expect(Object.fromEntries(query)).toEqual({
      cycle: '2026-Q4',
      limit: '50',
      offset: '0',
      sort: '-severity,rule,-magnitude,-id',
    });
  });

  it('keeps the filters in the URL and asks the API for them', async () => {
    const api = server();
    openAlerts(user('admin'));
    await screen.findByText('Showing 1–3 of 3 alerts');
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'low' } });
    expect(await screen.findByText('Showing 1–1 of 1 alerts')).toBeTruthy();
    expect(search().get('severity')).toBe('low');
    expect(new URL(listRequests(api).at(-1)?.url ?? '').searchParams.get('severity')).toBe('low');

    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0] as HTMLElement);
    expect(await screen.findByText('Showing 1–3 of 3 alerts')).toBeTruthy();
    expect(search().has('severity')).toBe(false);
  });

  it('filters the list to an AM from the chart and from the table', async () => {
    const api = server();
    openAlerts(user('admin'));
    await screen.findByText('Showing 1–3 of 3 alerts');
    await waitFor(() => expect(charts.at(-1)?.handlers.has('click')).toBe(true));
    // The bars are ordered most urgent first: Blake Marrow, Casey Thorne, Devon Ashby, ...
    charts.at(-1)?.handlers.get('click')?.({ seriesType: 'bar', dataIndex: 2, value: 4 });
    await waitFor(() => expect(search().get('am')).toBe('13'));
    await waitFor(() =>
      expect(new URL(listRequests(api).at(-1)?.url ?? '').searchParams.get('account_manager')).toBe(
        '13',
      ),
    );

    const show = screen.getByRole('button', { name: 'Show Emery Vance’s alerts in the list' });
    fireEvent.click(show);
    await waitFor(() => expect(search().get('am')).toBe('14'));
    expect(show.getAttribute('aria-pressed')).toBe('true');
  });

  it('pages through a long list, keeping the filters and moving focus to the list', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      alert(1000 + i, { account_name: `Account ${i + 1}` }),
    );
    const api = server({}, many);
    openAlerts(user('admin'), '/alerts?cycle=2026-Q4&severity=high');
    expect(await screen.findByText('Showing 1–50 of 60 alerts')).toBeTruthy();
    expect(screen.getByText('Page 1 of 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next →' }));
    expect(await screen.findByText('Showing 51–60 of 60 alerts')).toBeTruthy();
    expect(search().get('offset')).toBe('50');
    expect(search().get('severity')).toBe('high');
    expect(new URL(listRequests(api).at(-1)?.url ?? '').searchParams.get('offset')).toBe('50');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Alert list' }));
    expect((screen.getByRole('button', { name: 'Next →' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    fireEvent.change(screen.getByLabelText('Alerts per page'), { target: { value: '100' } });
    expect(await screen.findByText('Showing 1–60 of 60 alerts')).toBeTruthy();
    expect(search().has('offset')).toBe(false);
  });

  it('opens an alert with its history, acknowledges it with a note and refreshes the views', async () => {
    const api = server();
    openAlerts(user('supervisor'));
    await screen.findByText('Showing 1–3 of 3 alerts');
    const toggle = screen.getByRole('button', {
      name: 'Details of the critical gap alert of Fernhollow Synthetic Ltd 2',
    });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(search().get('alert')).toBe('292');
    expect(await screen.findByText('Raised')).toBeTruthy();

    const before = {
      list: listRequests(api).length,
      overview: api.requests.filter((r) => r.url.includes('/overview')).length,
    };
    fireEvent.change(screen.getByLabelText('Note (optional)'), {
      target: { value: '  Training booked.  ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge this alert' }));

    const outcome = await screen.findByText(
      'Acknowledged, with your note. The alert is now acknowledged.',
    );
    await waitFor(() => expect(document.activeElement).toBe(outcome));
    const patch = api.requests.find((r) => r.method === 'PATCH');
    expect(patch?.headers.get(CSRF_HEADER)).toBe('1');
    expect(await patch?.json()).toEqual({ status: 'acknowledged', note: 'Training booked.' });
    await waitFor(() => expect(listRequests(api).length).toBeGreaterThan(before.list));
    expect(api.requests.filter((r) => r.url.includes('/overview')).length).toBeGreaterThan(
      before.overview,
    );
    // Only resolving is left.
    expect(screen.queryByRole('button', { name: 'Acknowledge this alert' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Resolve this alert' })).toBeTruthy();
  });

  it('says in plain words when the alert has moved on meanwhile', async () => {
    server({
      'PATCH /api/v1/alerts/292': () =>
        json(409, {
          code: 'conflict',
          field: 'status',
          message: 'status: the alert is already resolved',
        }),
    });
    openAlerts(user('admin'), '/alerts?cycle=2026-Q4&alert=292');
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve this alert' }));
    const error = await screen.findByRole('alert');
    expect(error.textContent).toBe(
      'The alert could not be resolved: the alert is already resolved. Someone may have changed it meanwhile; it now shows its current status.',
    );
    await waitFor(() => expect(document.activeElement).toBe(error));
  });

  it('moves focus to a message when the changed alert leaves a filtered list', async () => {
    server();
    openAlerts(user('admin'), '/alerts?cycle=2026-Q4&status=open&alert=292');
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve this alert' }));
    const message = await screen.findByText(
      /is now resolved, so it has left this list of open alerts\.$/,
    );
    await waitFor(() => expect(document.activeElement).toBe(message));
    // The router commits navigations in a transition: the URL follows shortly.
    await waitFor(() => expect(search().has('alert')).toBe(false));
  });

  it('offers no actions to analysts', async () => {
    server();
    openAlerts(user('analyst'), '/alerts?cycle=2026-Q4&alert=292');
    expect(await screen.findByText('Analysts can read alerts but not change them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /this alert$/ })).toBeNull();
    expect(screen.getByText(/Analysts can read alerts and their history/)).toBeTruthy();
  });

  it('lets an account manager act on their own alerts only', async () => {
    server();
    openAlerts(
      user('account_manager', { account_manager_id: 14 }),
      '/alerts?cycle=2026-Q4&alert=292',
    );
    expect(
      await screen.findByText(
        /Only the alert’s account manager, their supervisor or an administrator/,
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: /this alert$/ })).toBeNull();
  });

  it('says when the cycle has no alerts, and offers every cycle', async () => {
    server({
      'GET /api/v1/alerts/overview': () =>
        json(
          200,
          acmeOverview().map((r) => ({
            ...r,
            high: { open: 0, acknowledged: 0, resolved: 0 },
            medium: { open: 0, acknowledged: 0, resolved: 0 },
            low: { open: 0, acknowledged: 0, resolved: 0 },
          })),
        ),
      'GET /api/v1/alerts': () => json(200, { items: [], total: 0, limit: 50, offset: 0 }),
    });
    openAlerts(user('admin'));
    expect(
      await screen.findByText('No alerts in cycle 2026-Q4', { selector: '.state__title' }),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show every cycle' }));
    await waitFor(() => expect(search().get('cycles')).toBe('all'));
  });

  it('shows a failed list in plain words, with a way to retry', async () => {
    server({
      'GET /api/v1/alerts': () =>
        json(503, { code: 'unavailable', message: 'database unavailable' }),
    });
    openAlerts(user('admin'));
    const error = await screen.findByText('The alerts could not be loaded');
    expect(error.closest('[role="alert"]')?.textContent).toContain(
      'The server could not reach its database',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
