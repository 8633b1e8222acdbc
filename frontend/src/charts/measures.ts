// What an assessment chart can show: a whole-book measure (retention score, fulfilment, IWP) or
// one category's mean performance, each with the unit and precision its numbers need.
import type { AccountManagerAssessment, CycleView, MeasureAssessment } from '../api/types';

export type MeasureKey = 'score' | 'f' | 'iwp' | `category:${number}`;

export interface MeasureInfo {
  key: MeasureKey;
  /** Name for a picker, a title or a table. */
  label: string;
  /** Unit of a difference, for an axis name: "score points". */
  unit: string;
  /** Decimals shown. */
  digits: number;
  /** Factor from API values to shown values (fulfilment is shown in percent). */
  factor: number;
}

type Scale = CycleView['performance_scale'];

const scaleText = (scale: Scale) => `points on the ${scale.min}–${scale.max} scale`;

export const WHOLE_BOOK: readonly MeasureKey[] = ['score', 'f', 'iwp'];

export function categoryKey(id: number): MeasureKey {
  return `category:${id}`;
}

/** Reads a measure key from a URL parameter; `null` for anything else. */
export function parseMeasureKey(text: string | null | undefined): MeasureKey | null {
  if (text === 'score' || text === 'f' || text === 'iwp') return text;
  const match = /^category:(\d+)$/.exec(text ?? '');
  return match ? categoryKey(Number(match[1])) : null;
}

/** How to name and show a measure. `categoryName` is needed for a category key. */
export function measureInfo(key: MeasureKey, scale: Scale, categoryName?: string): MeasureInfo {
  switch (key) {
    case 'score':
      return { key, label: 'Retention score', unit: 'score points', digits: 1, factor: 1 };
    case 'f':
      return { key, label: 'Fulfilment (F)', unit: 'percentage points', digits: 1, factor: 100 };
    case 'iwp':
      return {
        key,
        label: 'Importance-weighted performance (IWP)',
        unit: scaleText(scale),
        digits: 2,
        factor: 1,
      };
    default:
      return {
        key,
        label: categoryName ?? 'Category',
        unit: scaleText(scale),
        digits: 2,
        factor: 1,
      };
  }
}

/** The assessment of one measure, or `undefined` when the AM's book has no value for it. */
export function measureOf(
  assessment: AccountManagerAssessment,
  key: MeasureKey,
): MeasureAssessment | undefined {
  if (key.startsWith('category:')) {
    const id = Number(key.slice('category:'.length));
    return assessment.categories.find((c) => c.measure === 'category' && c.category === id);
  }
  return assessment.whole_book.find((m) => m.measure === key);
}

export interface CategoryName {
  id: number;
  key: string;
  name: string;
}

/**
 * Every category any of the assessments covers, in survey order: the order of `order` (the
 * catalog, GET /categories). Assessments alone cannot settle it (each skips the categories its
 * book did not answer), so without a catalog, or for a category missing from it, storage ids
 * decide: they follow the order in which imports created the categories.
 */
export function categoriesOf(
  assessments: readonly AccountManagerAssessment[],
  order: readonly { id: number }[] = [],
): CategoryName[] {
  const found = new Map<number, CategoryName>();
  for (const assessment of assessments) {
    for (const c of assessment.categories) {
      if (c.measure === 'category' && !found.has(c.category)) {
        found.set(c.category, { id: c.category, key: c.key, name: c.name });
      }
    }
  }
  const position = new Map(order.map((c, i) => [c.id, i]));
  const rank = (c: CategoryName) => position.get(c.id) ?? Number.MAX_SAFE_INTEGER;
  return [...found.values()].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}
