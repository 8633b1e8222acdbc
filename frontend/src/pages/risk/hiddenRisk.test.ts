import { describe, expect, it } from 'vitest';

import { amNames, hiddenRiskRows, npsClassOf } from './hiddenRisk';
import { acmeAccounts, acmeHiddenRisk } from './testData';

describe('hiddenRiskRows', () => {
  it('joins each finding with its account and account managers', () => {
    const view = acmeHiddenRisk();
    const rows = hiddenRiskRows(
      view,
      acmeAccounts(),
      amNames(view, [{ id: 10, name: 'Avery Quillon' }]),
    );
    expect(rows).toEqual([
      {
        id: 91,
        name: 'Umberfield Synthetic Ltd',
        externalId: 'acc-91',
        score: 56,
        cohort: 'high',
        ltr: 9.5,
        npsClass: 'promoter',
        annualValue: 850000,
        accountManagers: [{ id: 12, name: 'Casey Thorne' }],
      },
    ]);
  });

  it('still lists an account missing from the account list, by id', () => {
    const view = acmeHiddenRisk();
    view.accounts[0]!.account_managers = [12, 44];
    const [row] = hiddenRiskRows(view, [], amNames(view));
    expect(row?.name).toBe('Account 91');
    expect(row?.annualValue).toBeNull();
    expect(row?.accountManagers.map((a) => a.name)).toEqual(['Casey Thorne', 'Account manager 44']);
  });

  it('lists lowest scores first', () => {
    const view = acmeHiddenRisk();
    view.accounts.push({ ...view.accounts[0]!, account: 93, score: 41, cohort: 'extreme' });
    expect(hiddenRiskRows(view, acmeAccounts(), amNames(view)).map((r) => r.score)).toEqual([
      41, 56,
    ]);
  });

  it('is empty when there is none', () => {
    expect(
      hiddenRiskRows(
        { cycle: '2015', accounts: [], account_managers: [] },
        acmeAccounts(),
        new Map(),
      ),
    ).toEqual([]);
  });
});

describe('npsClassOf', () => {
  it('closes each class at its lower bound, as the API does', () => {
    expect(npsClassOf(9)).toBe('promoter');
    expect(npsClassOf(8.999)).toBe('passive');
    expect(npsClassOf(7)).toBe('passive');
    expect(npsClassOf(6.99)).toBe('detractor');
  });
});
