import { describe, expect, it } from 'vitest';

import { alertsSentence, sortAlerts } from './alerts';
import { alert } from './fixtures';

describe('sortAlerts', () => {
  it('puts the page cycle first, open before handled, then the most urgent', () => {
    const alerts = [
      alert(1, { cycle: '2026-Q3', severity: 'high' }),
      alert(2, { status: 'resolved' }),
      alert(3, { severity: 'medium', rule: 'category_decline' }),
      alert(4),
    ];
    expect(sortAlerts(alerts, '2026-Q4').map((a) => a.id)).toEqual([4, 3, 2, 1]);
  });
});

describe('alertsSentence', () => {
  it('counts the open alerts of the cycle', () => {
    const alerts = [alert(1), alert(2, { severity: 'medium' }), alert(3, { cycle: '2026-Q3' })];
    expect(alertsSentence(alerts, '2026-Q4')).toBe('2 open alerts in 2026-Q4 (1 high).');
    expect(alertsSentence([], '2015')).toBe('No open alerts in 2015.');
  });
});
