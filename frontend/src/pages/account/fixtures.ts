// Test data shaped like the API's answers for one account: "Kestrel Synthetic Ltd" of the
// synthetic organization (rating form, 1-10) and a San Diego ZIP (pick form, 1-5, no LTR).
import type { AlertView } from './alerts';
import type { AccountAssessment } from './gaps';
import type { CategoryResultsView } from './ipa';

export function kestrel(): AccountAssessment {
  const cat = (
    category: number,
    name: string,
    importance: number,
    performance: number,
    weight: number,
  ) => ({
    key: name.toLowerCase().replace(/ /g, '_'),
    name,
    category,
    mean_importance: importance,
    expected: importance,
    mean_performance: performance,
    gap: importance - performance,
    weight,
  });
  return {
    account: {
      id: 81,
      external_id: 'acc-0201',
      name: 'Kestrel Synthetic Ltd',
      annual_value: 227000,
      current_account_manager: 11,
    },
    cycle: '2026-Q4',
    account_managers: [11],
    responses: 3,
    categories: [
      cat(16, 'Communication', 6, 6.333, 0.1875),
      cat(17, 'Consultation', 5, 5.667, 0.15625),
      cat(18, 'Service', 10, 1, 0.3125),
      cat(19, 'Responsiveness', 6, 6.667, 0.1875),
      cat(20, 'Product knowledge', 5, 5.667, 0.15625),
    ],
    indicators: [],
    iwp: 4.52,
    iws: 2.8125,
    f: 0.6875,
    score_parts: { f: 0.6875, os: 0.6667, edb: 0.6667, ltr: 0.9333 },
    score: 72,
    cohort: 'low',
    nps: { n: 3, promoters: 3, detractors: 0, nps: 100, margin_of_error: 0 },
    withheld: false,
    roles: [
      { role: 'influencer', responses: 2 },
      { role: 'decision_maker', responses: 1 },
    ],
    single_threaded: false,
  };
}

export function kestrelResults(): CategoryResultsView {
  const cat = (
    category: number,
    name: string,
    importance: number,
    performance: number,
    quadrant: CategoryResultsView['categories'][number]['quadrant'],
  ) => ({
    key: name.toLowerCase().replace(/ /g, '_'),
    name,
    category,
    n: 3,
    mean_importance: importance,
    mean_performance: performance,
    top_box_share: 0,
    bottom_box_share: 0,
    gap: importance - performance,
    priority: 0.5,
    quadrant,
    derived_importance: { category, pair_n: 3, pearson: null },
  });
  return {
    cycle: '2026-Q4',
    scope: { account_manager: null, account: 81 },
    respondents: 3,
    cross_hair: { mode: 'data_mean', importance: 6.4, performance: 5.067 },
    nps: null,
    categories: [
      cat(16, 'Communication', 6, 6.333, 'possible_overkill'),
      cat(17, 'Consultation', 5, 5.667, 'possible_overkill'),
      cat(18, 'Service', 10, 1, 'concentrate_here'),
      cat(19, 'Responsiveness', 6, 6.667, 'possible_overkill'),
      cat(20, 'Product knowledge', 5, 5.667, 'possible_overkill'),
    ],
    withheld: false,
  };
}

/** A San Diego account as an account manager sees it under the anonymity threshold. */
export function withheldAccount(): AccountAssessment {
  return {
    account: {
      id: 64,
      external_id: '1/92093',
      name: 'District 1, ZIP 92093',
      annual_value: null,
      current_account_manager: 8,
    },
    cycle: '2015',
    account_managers: [8],
    responses: 2,
    categories: [],
    indicators: [],
    iwp: null,
    iws: null,
    f: null,
    score_parts: { f: null, os: null, edb: null, ltr: null },
    score: null,
    cohort: null,
    nps: null,
    withheld: true,
    roles: [{ role: 'unspecified', responses: 2 }],
    single_threaded: false,
  };
}

export function alert(id: number, extra: Partial<AlertView> = {}): AlertView {
  return {
    id,
    cycle: '2026-Q4',
    account: 81,
    account_external_id: 'acc-0201',
    account_name: 'Kestrel Synthetic Ltd',
    account_manager: 11,
    rule: 'critical_gap',
    category: { id: 18, key: 'service', name: 'Service' },
    severity: 'high',
    magnitude: 9,
    detail:
      'A top-3 category performs 1.00 against an expected 10.00: a gap of 9.00 points (alert from 2.00).',
    evidence: null,
    status: 'open',
    created_at: '2026-12-04T20:18:08Z',
    updated_at: '2026-12-04T20:18:08Z',
    ...extra,
  };
}
