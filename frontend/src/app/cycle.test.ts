import { describe, expect, it } from 'vitest';

import { SAN_DIEGO_2015 } from '../test/fixtures';
import { cycleSearch, latestCycle, resolveCycle } from './cycle';

const cycles = ['2026-Q1', '2026-Q3', '2026-Q2'].map((key, i) => ({
  ...SAN_DIEGO_2015,
  id: i + 1,
  key,
}));

describe('the page cycle', () => {
  it('is the greatest key without a parameter', () => {
    expect(latestCycle(cycles)?.key).toBe('2026-Q3');
    expect(resolveCycle(cycles, null)).toMatchObject({ kind: 'found', cycle: { key: '2026-Q3' } });
  });

  it('is the one the URL names', () => {
    expect(resolveCycle(cycles, '2026-Q1')).toMatchObject({
      kind: 'found',
      cycle: { key: '2026-Q1' },
    });
  });

  it('says when the URL names no cycle we have', () => {
    expect(resolveCycle(cycles, '1999')).toMatchObject({
      kind: 'unknown',
      key: '1999',
      latest: { key: '2026-Q3' },
    });
  });

  it('says when there is no cycle at all', () => {
    expect(resolveCycle([], '2015')).toEqual({ kind: 'none' });
  });

  it('keeps only the cycle when building links', () => {
    expect(cycleSearch('?cycle=2026-Q1&measure=score')).toBe('?cycle=2026-Q1');
    expect(cycleSearch('?measure=score')).toBe('');
    expect(cycleSearch('?cycle=a%26b')).toBe('?cycle=a%26b');
  });
});
