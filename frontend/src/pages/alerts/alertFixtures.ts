// Alert data shaped like the API's, typed with the generated schema, for the alert tests.
// Values follow the acme-synthetic demo (1-10 scale, 2026 cycles).
import type { AlertDetail, AlertOverviewRow, AlertView } from './alertText';

type Counts = AlertOverviewRow['high'];

const zero: Counts = { open: 0, acknowledged: 0, resolved: 0 };

export function overviewRow(
  id: number,
  name: string,
  counts: Partial<Record<'high' | 'medium' | 'low', Partial<Counts>>> = {},
  team: string | null = 'north',
): AlertOverviewRow {
  return {
    account_manager: { id, external_id: `am-${String(id).padStart(2, '0')}`, name, team },
    high: { ...zero, ...counts.high },
    medium: { ...zero, ...counts.medium },
    low: { ...zero, ...counts.low },
  };
}

/** Six AMs as the synthetic demo has them in 2026-Q4. */
export function acmeOverview(): AlertOverviewRow[] {
  return [
    overviewRow(10, 'Avery Quillon'),
    overviewRow(11, 'Blake Marrow', {
      medium: { open: 10 },
      high: { open: 8, acknowledged: 1, resolved: 1 },
    }),
    overviewRow(12, 'Casey Thorne', { high: { open: 4 } }),
    overviewRow(13, 'Devon Ashby', { high: { open: 4 } }, 'south'),
    overviewRow(14, 'Emery Vance', { low: { open: 1 } }, 'south'),
    overviewRow(15, 'Finley Rook', {}, 'south'),
  ];
}

export function alert(id: number, extra: Partial<AlertView> = {}): AlertView {
  return {
    id,
    cycle: '2026-Q4',
    account: 101,
    account_external_id: 'acc-0401',
    account_name: 'Fernhollow Synthetic Ltd 2',
    account_manager: 13,
    rule: 'critical_gap',
    category: { id: 20, key: 'product_knowledge', name: 'Product knowledge' },
    severity: 'high',
    magnitude: 5,
    detail:
      'A top-3 category performs 5.00 against an expected 10.00: a gap of 5.00 points (alert from 2.00).',
    evidence: null,
    status: 'open',
    created_at: '2026-12-04T20:18:24.084837',
    updated_at: '2026-12-04T20:18:24.084837',
    ...extra,
  };
}

export function detail(view: AlertView, events: AlertDetail['events'] = []): AlertDetail {
  return {
    ...view,
    events:
      events.length > 0
        ? events
        : [
            {
              at: view.created_at,
              actor: 'cli',
              kind: 'raised',
              severity: view.severity,
              note: null,
            },
          ],
  };
}
