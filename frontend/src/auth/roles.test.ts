import { describe, expect, it } from 'vitest';

import { user } from '../test/fixtures';
import { homePath, navFor, safeNext } from './roles';

const labels = (role: Parameters<typeof user>[0], extra = {}) =>
  navFor(user(role, extra)).map((i) => i.label);

describe('navigation by role', () => {
  it('gives admins the team and imports', () => {
    expect(labels('admin')).toEqual(['Team', 'Alerts', 'Categories', 'Risk', 'Import']);
  });

  it('gives supervisors and analysts the team, without imports (the API refuses them)', () => {
    expect(labels('supervisor')).toEqual(['Team', 'Alerts', 'Categories', 'Risk']);
    expect(labels('analyst')).toEqual(['Team', 'Alerts', 'Categories', 'Risk']);
  });

  it('gives an account manager their own scorecard and never the team', () => {
    const nav = navFor(user('account_manager', { account_manager_id: 8 }));
    expect(nav.map((i) => [i.label, i.to])).toEqual([
      ['My scorecard', '/account-managers/8'],
      ['Alerts', '/alerts'],
      ['Categories', '/categories'],
      ['Risk', '/risk'],
    ]);
  });

  it('leaves out the scorecard of an AM user linked to no AM', () => {
    expect(labels('account_manager', { account_manager_id: null })).toEqual([
      'Alerts',
      'Categories',
      'Risk',
    ]);
  });
});

describe('homePath', () => {
  it('sends account managers to their scorecard and everyone else to the team', () => {
    expect(homePath(user('account_manager', { account_manager_id: 8 }))).toBe(
      '/account-managers/8',
    );
    expect(homePath(user('supervisor'))).toBe('/');
  });
});

describe('safeNext', () => {
  it('keeps a path of ours', () => {
    expect(safeNext('/alerts?cycle=2015')).toBe('/alerts?cycle=2015');
  });

  it('refuses other origins and the login page', () => {
    expect(safeNext('//evil.example/x')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext('/login?next=/')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});
