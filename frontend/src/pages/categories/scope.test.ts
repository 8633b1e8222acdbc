import { describe, expect, it } from 'vitest';

import { parseScope, scopeParam } from './scope';

describe('scope', () => {
  const admin = { role: 'admin' as const, account_manager_id: null };
  const am = { role: 'account_manager' as const, account_manager_id: 11 };

  it('reads the organization or one book from the URL', () => {
    expect(parseScope('org', admin)).toBeNull();
    expect(parseScope('12', admin)).toBe(12);
    expect(parseScope('org', am)).toBeNull();
  });

  it('defaults an account manager to their own book, everyone else to the organization', () => {
    expect(parseScope(null, am)).toBe(11);
    expect(parseScope(null, admin)).toBeNull();
    expect(parseScope('nonsense', admin)).toBeNull();
  });

  it('writes the parameter back', () => {
    expect(scopeParam(null)).toBe('org');
    expect(scopeParam(12)).toBe('12');
  });
});
