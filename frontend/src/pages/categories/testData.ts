// API-shaped test data for the categories page, typed with the generated schema so that a
// change of the API breaks these at compile time. Figures follow the demo organizations.
import type { CategoryResultsView, CategoryResultView } from './categoryRows';
import type { DerivedImportanceView } from './derivedChart';

/** The scope of a result: the organization, or one AM's book. */
const scopeOf = (account_manager: number | null): CategoryResultsView['scope'] => ({
  account_manager,
  account: null,
});

function result(
  category: number,
  key: string,
  name: string,
  figures: Partial<CategoryResultView> = {},
): CategoryResultView {
  return {
    category,
    key,
    name,
    n: 180,
    mean_importance: 6.5,
    mean_performance: 7.4,
    top_box_share: 0.25,
    bottom_box_share: 0,
    gap: -0.9,
    priority: 0.46,
    quadrant: 'possible_overkill',
    derived_importance: { category, pair_n: 180, pearson: -0.1 },
    ...figures,
  };
}

/** The acme-synthetic organization in 2026-Q4: five categories, service to act on. */
export function acmeResults(extra: Partial<CategoryResultsView> = {}): CategoryResultsView {
  return {
    cycle: '2026-Q4',
    scope: scopeOf(null),
    respondents: 185,
    cross_hair: { mode: 'data_mean', importance: 6.619, performance: 7.288 },
    nps: { n: 185, promoters: 134, detractors: 0, nps: 72.43, margin_of_error: 6.44 },
    categories: [
      result(16, 'communication', 'Communication', {
        mean_importance: 6.351,
        mean_performance: 7.404,
        top_box_share: 0.219,
        gap: -1.053,
        priority: 0.4643,
      }),
      result(17, 'consultation', 'Consultation', {
        mean_importance: 6.611,
        mean_performance: 7.461,
        top_box_share: 0.25,
        gap: -0.85,
        priority: 0.4676,
      }),
      result(18, 'service', 'Service', {
        mean_importance: 7.092,
        mean_performance: 6.408,
        top_box_share: 0.212,
        bottom_box_share: 0.179,
        gap: 0.684,
        priority: 0.5332,
        quadrant: 'concentrate_here',
      }),
      result(19, 'responsiveness', 'Responsiveness', {
        mean_importance: 6.557,
        mean_performance: 7.578,
        top_box_share: 0.289,
        gap: -1.021,
        priority: 0.4391,
      }),
      result(20, 'product_knowledge', 'Product knowledge', {
        mean_importance: 6.486,
        mean_performance: 7.59,
        top_box_share: 0.279,
        gap: -1.104,
        priority: 0.4397,
      }),
    ],
    withheld: false,
    ...extra,
  };
}

/** A book where one category had no answers at all (every figure null). */
export function resultsWithEmptyCategory(): CategoryResultsView {
  const view = acmeResults();
  view.categories.push(
    result(21, 'onboarding', 'Onboarding (e.g., training, first steps)', {
      n: 0,
      mean_importance: null,
      mean_performance: null,
      top_box_share: null,
      bottom_box_share: null,
      gap: null,
      priority: null,
      quadrant: null,
      derived_importance: null,
    }),
  );
  return view;
}

/** What the API answers an account manager whose book is under the anonymity threshold. */
export function withheldResults(): CategoryResultsView {
  return {
    cycle: '2026-Q4',
    scope: scopeOf(11),
    respondents: 2,
    cross_hair: null,
    nps: null,
    categories: acmeResults().categories.map((c) => ({
      ...c,
      n: 0,
      mean_importance: null,
      mean_performance: null,
      top_box_share: null,
      bottom_box_share: null,
      gap: null,
      priority: null,
      quadrant: null,
      derived_importance: null,
    })),
    withheld: true,
  };
}

export function acmeDerived(extra: Partial<DerivedImportanceView> = {}): DerivedImportanceView {
  return {
    cycle: '2026-Q4',
    complete_cases: 161,
    r_squared: 0.0656,
    derived_from: 'lmg',
    categories: [
      {
        key: 'communication',
        name: 'Communication',
        stated_importance: 6.351,
        stated_rank: 5,
        pearson: -0.07,
        pearson_rank: 1,
        lmg: 0.0016,
        lmg_share: 0.0239,
        lmg_rank: 5,
        hidden_driver: false,
      },
      {
        key: 'consultation',
        name: 'Consultation',
        stated_importance: 6.611,
        stated_rank: 2,
        pearson: -0.1,
        pearson_rank: 3,
        lmg: 0.0037,
        lmg_share: 0.0568,
        lmg_rank: 3,
        hidden_driver: false,
      },
      {
        key: 'service',
        name: 'Service',
        stated_importance: 7.092,
        stated_rank: 1,
        pearson: -0.246,
        pearson_rank: 5,
        lmg: 0.0417,
        lmg_share: 0.6361,
        lmg_rank: 1,
        hidden_driver: false,
      },
      {
        key: 'responsiveness',
        name: 'Responsiveness',
        stated_importance: 6.557,
        stated_rank: 3,
        pearson: -0.094,
        pearson_rank: 2,
        lmg: 0.0028,
        lmg_share: 0.0421,
        lmg_rank: 4,
        hidden_driver: false,
      },
      {
        key: 'product_knowledge',
        name: 'Product knowledge',
        stated_importance: 6.486,
        stated_rank: 4,
        pearson: -0.138,
        pearson_rank: 4,
        lmg: 0.0158,
        lmg_share: 0.2411,
        lmg_rank: 2,
        hidden_driver: true,
      },
    ],
    ...extra,
  };
}

/** A small book: too few complete cases for LMG, so hidden drivers rest on Pearson. */
export function pearsonOnlyDerived(): DerivedImportanceView {
  const view = acmeDerived({ complete_cases: 12, r_squared: null, derived_from: 'pearson' });
  view.categories = view.categories.map((c) => ({
    ...c,
    lmg: null,
    lmg_share: null,
    lmg_rank: null,
  }));
  return view;
}
