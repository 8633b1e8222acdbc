import { describe, expect, it } from 'vitest';

import { parseId } from './DetailPage';

// DetailGate and DeadEnd are exercised through the account and scorecard pages' tests
// (not found, malformed id, not yours, loading).
describe('parseId', () => {
  it('reads a positive integer id', () => {
    expect(parseId('81')).toBe(81);
    expect(parseId('007')).toBe(7);
  });

  it('refuses anything else, so the page asks the API nothing', () => {
    for (const bad of [
      undefined,
      '',
      '0',
      '-3',
      '1.5',
      'abc',
      '12abc',
      '1e3',
      '9999999999999999',
    ]) {
      expect(parseId(bad)).toBeNull();
    }
  });
});
