import { describe, expect, it } from 'vitest';

import {
  isFiltered,
  listParams,
  pageInfo,
  parseAlertFilters,
  withAlert,
  withFilters,
  withOffset,
} from './alertFilters';

const parse = (query: string) => parseAlertFilters(new URLSearchParams(query));

describe('parseAlertFilters', () => {
  it('reads every filter from the URL', () => {
    expect(
      parse(
        'am=11&rule=critical_gap&severity=high&status=open&cycles=all&order=newest&limit=100&offset=200&alert=292',
      ),
    ).toEqual({
      accountManager: 11,
      rule: 'critical_gap',
      severity: 'high',
      status: 'open',
      allCycles: true,
      order: 'newest',
      limit: 100,
      offset: 200,
      alert: 292,
    });
  });

  it('falls back to defaults on anything malformed', () => {
    expect(
      parse(
        'am=x&rule=nope&severity=HIGH&status=closed&cycles=yes&order=toString&limit=7&offset=-5&alert=0',
      ),
    ).toEqual({
      accountManager: null,
      rule: null,
      severity: null,
      status: null,
      allCycles: false,
      order: 'severity',
      limit: 50,
      offset: 0,
      alert: null,
    });
  });
});

describe('listParams', () => {
  it('asks for the page cycle by default, most severe first', () => {
    expect(listParams(parse(''), '2026-Q4')).toEqual({
      cycle: '2026-Q4',
      limit: 50,
      offset: 0,
      sort: '-severity,rule,-magnitude,-id',
    });
  });

  it('passes the filters, and no cycle for every cycle', () => {
    expect(
      listParams(
        parse('am=11&rule=hidden_risk&severity=low&status=resolved&cycles=all&offset=50'),
        '2026-Q4',
      ),
    ).toEqual({
      account_manager: 11,
      rule: 'hidden_risk',
      severity: 'low',
      status: 'resolved',
      limit: 50,
      offset: 50,
      sort: '-severity,rule,-magnitude,-id',
    });
  });
});

describe('URL changes', () => {
  const start = new URLSearchParams('cycle=2026-Q3&am=11&offset=50&alert=292');

  it('changing a filter goes back to the first page and closes the detail, keeping the cycle', () => {
    expect(withFilters(start, { rule: 'detractor' }).toString()).toBe(
      'cycle=2026-Q3&am=11&rule=detractor',
    );
    expect(withFilters(start, { accountManager: null }).toString()).toBe('cycle=2026-Q3');
    expect(withFilters(start, { order: 'severity', limit: 50, allCycles: false }).toString()).toBe(
      'cycle=2026-Q3&am=11',
    );
    expect(withFilters(start, { order: 'open', limit: 200, allCycles: true }).toString()).toBe(
      'cycle=2026-Q3&am=11&cycles=all&order=open&limit=200',
    );
  });

  it('paging keeps the filters', () => {
    expect(withOffset(start, 100).toString()).toBe('cycle=2026-Q3&am=11&offset=100');
    expect(withOffset(start, 0).toString()).toBe('cycle=2026-Q3&am=11');
  });

  it('opens and closes a detail', () => {
    expect(withAlert(start, 7).get('alert')).toBe('7');
    expect(withAlert(start, null).has('alert')).toBe(false);
  });

  it('knows whether the list is narrowed', () => {
    expect(isFiltered(parse('cycles=all&order=newest&limit=25'))).toBe(false);
    expect(isFiltered(parse('status=open'))).toBe(true);
  });
});

describe('pageInfo', () => {
  it('places a page in the list', () => {
    expect(pageInfo(93, 50, 50, 43)).toEqual({
      first: 51,
      last: 93,
      page: 2,
      pages: 2,
      previous: 0,
      next: null,
    });
    expect(pageInfo(93, 0, 50, 50)).toEqual({
      first: 1,
      last: 50,
      page: 1,
      pages: 2,
      previous: null,
      next: 50,
    });
    expect(pageInfo(0, 0, 50, 0)).toEqual({
      first: 0,
      last: 0,
      page: 1,
      pages: 1,
      previous: null,
      next: null,
    });
    // An offset past the end (the list shrank): nothing shown, a way back.
    expect(pageInfo(10, 50, 50, 0)).toMatchObject({ first: 0, previous: 0, next: null });
  });
});
