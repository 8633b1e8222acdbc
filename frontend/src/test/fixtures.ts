// Builders of API-shaped test data. Every value is typed with the generated schema, so a change
// of the API breaks these fixtures at compile time instead of letting tests pass on stale shapes.
// Defaults follow the San Diego demo: nine districts, 1-5 performance scale.
import type {
  AccountManagerAssessment,
  AccountManagerSummary,
  CategoryAssessment,
  CycleView,
  MeasureAssessment,
  UserView,
} from '../api/types';

type Figures = Partial<
  Pick<
    MeasureAssessment,
    | 'mean'
    | 'peer_mean'
    | 'difference'
    | 'interval'
    | 'n'
    | 'peer_n'
    | 'p_value'
    | 'q_value'
    | 'standing'
    | 'possibly_chance'
    | 'shrunk_mean'
    | 'strength'
    | 'grand_mean'
    | 'df'
  >
>;

function figures(account_manager: number, f: Figures) {
  const mean = f.mean ?? 3.4;
  const peer_mean = f.peer_mean === undefined ? 3.3 : f.peer_mean;
  return {
    account_manager,
    mean,
    peer_mean,
    difference:
      f.difference === undefined ? (peer_mean === null ? null : mean - peer_mean) : f.difference,
    interval: f.interval === undefined ? { low: -0.15, high: 0.35 } : f.interval,
    n: f.n ?? 8,
    peer_n: f.peer_n ?? 62,
    df: f.df ?? 12.4,
    p_value: f.p_value === undefined ? 0.42 : f.p_value,
    q_value: f.q_value === undefined ? 0.61 : f.q_value,
    standing: f.standing ?? 'on_par',
    possibly_chance: f.possibly_chance ?? false,
    shrunk_mean: f.shrunk_mean ?? mean,
    strength: f.strength ?? 0.1,
    grand_mean: f.grand_mean === undefined ? 3.31 : f.grand_mean,
  };
}

export function wholeBook(
  am: number,
  measure: 'score' | 'f' | 'iwp',
  f: Figures = {},
): MeasureAssessment {
  return { measure, ...figures(am, f) };
}

export function category(
  am: number,
  id: number,
  name: string,
  f: Figures = {},
): CategoryAssessment {
  return {
    measure: 'category',
    category: id,
    key: name.toLowerCase().replace(/[^a-z]+/g, '_'),
    name,
    ...figures(am, f),
  };
}

export const CATEGORY_NAMES = [
  'Code enforcement',
  'Communication with the public',
  'Police services',
  'Solid waste services (e.g., residential trash and recycling services)',
  'Sustainability efforts by the City to help preserve and protect the environment (e.g., recycling, saving energy, protecting water/air quality, promoting walking/biking/public transit)',
] as const;

export function assessment(
  id: number,
  name: string,
  parts: {
    categories?: CategoryAssessment[];
    wholeBook?: MeasureAssessment[];
    withheld?: boolean;
    accounts?: number;
  } = {},
): AccountManagerAssessment {
  return {
    account_manager: { id, external_id: String(id), name, team: id <= 4 ? 'north' : 'south' },
    cycle: '2015',
    accounts: parts.accounts ?? 8,
    categories: parts.categories ?? [],
    whole_book: parts.wholeBook ?? [],
    withheld: parts.withheld ?? false,
  };
}

export function summary(
  id: number,
  name: string,
  extra: Partial<AccountManagerSummary> = {},
): AccountManagerSummary {
  return {
    id,
    external_id: String(id),
    name,
    team: id <= 4 ? 'north' : 'south',
    accounts: 8,
    responses: 270,
    mean_score: 71.4,
    nps: null,
    cohorts: { none: 2, low: 3, medium: 2, high: 1, extreme: 0, unscored: 0 },
    withheld: false,
    ...extra,
  };
}

/** The synthetic organization's latest cycle: a 1–10 performance scale, importance rated 1–10. */
export const ACME_Q4: CycleView = {
  id: 5,
  key: '2026-Q4',
  performance_scale: { min: 1, max: 10 },
  importance_form: { form: 'rating', scale: { min: 1, max: 10 }, k: null },
  responses: 185,
  closed_at: '2026-12-04T20:18:09',
};

/** San Diego's only cycle: a 1–5 performance scale, the four most important categories picked. */
export const SAN_DIEGO_2015: CycleView = {
  id: 1,
  key: '2015',
  performance_scale: { min: 1, max: 5 },
  importance_form: { form: 'pick', k: 4, scale: null },
  responses: 2477,
  closed_at: null,
};

export function user(role: UserView['role'], extra: Partial<UserView> = {}): UserView {
  return {
    id: 7,
    email: `${role}@demo.test`,
    role,
    disabled: false,
    created_at: '2026-01-01T00:00:00Z',
    account_manager_id: role === 'account_manager' ? 1 : null,
    team: role === 'supervisor' ? 'north' : null,
    ...extra,
  };
}

/** A typical team: district 3 above on the score, district 7 below, district 9 too small. */
export function demoTeam(): AccountManagerAssessment[] {
  return [
    assessment(1, 'District 1', {
      wholeBook: [
        wholeBook(1, 'score', { mean: 72.1, peer_mean: 70.9, interval: { low: -2.1, high: 4.5 } }),
      ],
      categories: [
        category(1, 11, CATEGORY_NAMES[0], {
          mean: 3.1,
          peer_mean: 3.0,
          interval: { low: -0.2, high: 0.4 },
        }),
        category(1, 12, CATEGORY_NAMES[1], {
          mean: 3.6,
          peer_mean: 3.2,
          interval: { low: 0.1, high: 0.7 },
          standing: 'above',
          q_value: 0.04,
        }),
      ],
    }),
    assessment(3, 'District 3', {
      wholeBook: [
        wholeBook(3, 'score', {
          mean: 78.4,
          peer_mean: 70.1,
          interval: { low: 3.2, high: 13.4 },
          standing: 'above',
          q_value: 0.02,
        }),
        wholeBook(3, 'f', {
          mean: 0.84,
          peer_mean: 0.79,
          interval: { low: 0.01, high: 0.09 },
          standing: 'above',
          q_value: 0.2,
          possibly_chance: true,
        }),
      ],
      categories: [
        category(3, 11, CATEGORY_NAMES[0], {
          mean: 3.5,
          peer_mean: 3.0,
          interval: { low: 0.05, high: 0.95 },
          standing: 'above',
          q_value: 0.3,
          possibly_chance: true,
        }),
        category(3, 12, CATEGORY_NAMES[1], {
          mean: 3.0,
          peer_mean: 3.3,
          interval: { low: -0.6, high: 0.0 },
        }),
        category(3, 14, CATEGORY_NAMES[3], {
          mean: 4.1,
          peer_mean: 4.0,
          interval: { low: -0.1, high: 0.3 },
        }),
      ],
    }),
    assessment(7, 'District 7', {
      wholeBook: [
        wholeBook(7, 'score', {
          mean: 63.5,
          peer_mean: 71.6,
          interval: { low: -12.9, high: -3.3 },
          standing: 'below',
          q_value: 0.03,
        }),
      ],
      categories: [
        category(7, 11, CATEGORY_NAMES[0], {
          mean: 2.5,
          peer_mean: 3.1,
          interval: { low: -0.9, high: -0.3 },
          standing: 'below',
          q_value: 0.05,
        }),
        category(7, 13, CATEGORY_NAMES[2], {
          mean: 3.2,
          peer_mean: 3.5,
          interval: { low: -0.7, high: -0.02 },
          standing: 'below',
          q_value: 0.18,
          possibly_chance: true,
        }),
        category(7, 15, CATEGORY_NAMES[4], {
          mean: 2.9,
          peer_mean: 3.0,
          interval: { low: -0.4, high: 0.2 },
        }),
      ],
    }),
    assessment(9, 'District 9', {
      accounts: 1,
      wholeBook: [
        wholeBook(9, 'score', {
          mean: 66,
          peer_mean: 71.2,
          difference: -5.2,
          interval: null,
          n: 1,
          p_value: null,
          q_value: null,
          standing: 'insufficient',
        }),
      ],
      categories: [
        category(9, 11, CATEGORY_NAMES[0], {
          mean: 2.8,
          peer_mean: 3.05,
          interval: null,
          n: 1,
          p_value: null,
          q_value: null,
          standing: 'insufficient',
        }),
      ],
    }),
  ];
}
