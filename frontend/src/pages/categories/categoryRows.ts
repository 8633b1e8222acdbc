// The categories of one scope (the organization or one AM's book) as rows: the API's figures
// (METHOD section 5) with the priority rank, and how to name and show importance, whose unit
// depends on how the cycle asked for it.
import type { components } from '../../api/schema';
import type { CycleView } from '../../api/types';
import { formatNumber } from '../../charts/format';

type Schemas = components['schemas'];
export type CategoryResultsView = Schemas['CategoryResultsView'];
export type CategoryResultView = Schemas['CategoryResultView'];
export type Quadrant = Schemas['Quadrant'];
export type CrossHair = Schemas['CrossHair'];

export interface CategoryRow {
  id: number;
  key: string;
  name: string;
  /** Performance answers. */
  n: number;
  importance: number | null;
  performance: number | null;
  /** Shares 0-1. */
  topBox: number | null;
  bottomBox: number | null;
  /** Expected level minus mean performance, in points of the performance scale. */
  gap: number | null;
  /** importance_norm * (1 - top-box share), 0-1. */
  priority: number | null;
  quadrant: Quadrant | null;
  /** 1 = act here first; `null` without a priority. */
  rank: number | null;
}

/**
 * The rows in survey order, each with its priority rank: highest priority first, ties by the
 * larger gap, then by name, so the order is stable.
 */
export function categoryRows(view: Pick<CategoryResultsView, 'categories'>): CategoryRow[] {
  const rows: CategoryRow[] = view.categories.map((c) => ({
    id: c.category,
    key: c.key,
    name: c.name,
    n: c.n,
    importance: c.mean_importance ?? null,
    performance: c.mean_performance ?? null,
    topBox: c.top_box_share ?? null,
    bottomBox: c.bottom_box_share ?? null,
    gap: c.gap ?? null,
    priority: c.priority ?? null,
    quadrant: c.quadrant ?? null,
    rank: null,
  }));
  byPriority(rows).forEach((row, i) => {
    row.rank = i + 1;
  });
  return rows;
}

/** The rows that have a priority, highest first (the bar chart's order). */
export function byPriority(rows: readonly CategoryRow[]): CategoryRow[] {
  return rows
    .filter((r) => r.priority !== null)
    .sort(
      (a, b) =>
        (b.priority ?? 0) - (a.priority ?? 0) ||
        (b.gap ?? -Infinity) - (a.gap ?? -Infinity) ||
        a.name.localeCompare(b.name),
    );
}

// --- Quadrants ---------------------------------------------------------------------------

export interface QuadrantStyle {
  label: string;
  /** A few words for a bar label. */
  short: string;
  /** What it means, for the legend. */
  help: string;
  /** Fill of a marker or bar (Okabe-Ito, colour-blind safe). */
  color: string;
  /** Text on that fill (contrast at least 4.5:1). */
  text: string;
}

/** Legend order: where to act first, then what to keep, then what may need less. */
export const QUADRANT_ORDER: readonly Quadrant[] = [
  'concentrate_here',
  'keep_up_the_good_work',
  'possible_overkill',
  'low_priority',
];

export const QUADRANTS: Record<Quadrant, QuadrantStyle> = {
  concentrate_here: {
    label: 'Concentrate here',
    short: 'Concentrate here',
    help: 'important, and performing below the cross-hair: act here first',
    color: '#D55E00',
    text: '#000000',
  },
  keep_up_the_good_work: {
    label: 'Keep up the good work',
    short: 'Keep up',
    help: 'important, and performing at or above the cross-hair',
    color: '#0072B2',
    text: '#FFFFFF',
  },
  possible_overkill: {
    label: 'Possible overkill',
    short: 'Possible overkill',
    help: 'less important, yet performing at or above the cross-hair: effort may be better spent elsewhere',
    color: '#CC79A7',
    text: '#000000',
  },
  low_priority: {
    label: 'Low priority',
    short: 'Low priority',
    help: 'less important, and performing below the cross-hair',
    color: '#B8B8B8',
    text: '#000000',
  },
};

// --- Units --------------------------------------------------------------------------------

export interface ImportanceInfo {
  /** Column and axis name: "Mean importance". */
  label: string;
  /** A table heading with its unit, short: "Importance (1–10)". */
  heading: string;
  /** The unit, shortest: "1–10", "%", "0–1". */
  unitShort: string;
  /** Unit for an axis or a column: "1–10 scale". */
  unit: string;
  /** One value as shown, unit included where it is a percent. */
  format: (value: number | null | undefined) => string;
  /** An axis tick. */
  axis: (value: number) => string;
  /** The lowest and highest value importance can take, when known. */
  bounds: [number, number] | null;
  /** One sentence on what the number is. */
  help: string;
}

type Scale = CycleView['performance_scale'];

function percent(value: number | null | undefined, digits = 0): string {
  return value === null || value === undefined ? '–' : `${formatNumber(value * 100, digits)}%`;
}

/** How the cycle's importance reads: a rating, a share of respondents, or a derived weight. */
export function importanceInfo(form: CycleView['importance_form']): ImportanceInfo {
  switch (form.form) {
    case 'pick':
      return {
        label: 'Picked as important',
        heading: 'Picked (%)',
        unitShort: '%',
        unit: '% of respondents',
        format: (v) => percent(v, 1),
        axis: (v) => percent(v, 0),
        bounds: [0, 1],
        help: `the share of respondents who picked the category among their ${form.k ?? 'few'} most important`,
      };
    case 'none':
      return {
        label: 'Derived weight',
        heading: 'Weight (0–1)',
        unitShort: '0–1',
        unit: 'weight, 0–1',
        format: (v) => formatNumber(v, 3),
        axis: (v) => formatNumber(v, 2),
        bounds: [0, 1],
        help: 'the survey did not ask for importance; the weight is derived from what moves the outcome',
      };
    default: {
      const scale = form.scale;
      return {
        label: 'Mean importance',
        heading: scale ? `Importance (${scale.min}–${scale.max})` : 'Importance',
        unitShort: scale ? `${scale.min}–${scale.max}` : 'rating',
        unit: scale ? `${scale.min}–${scale.max} scale` : 'importance scale',
        format: (v) => formatNumber(v, 2),
        axis: (v) => formatNumber(v, 1),
        bounds: scale ? [scale.min, scale.max] : null,
        help: scale
          ? `the mean importance rating on the ${scale.min}–${scale.max} scale`
          : 'the mean importance rating',
      };
    }
  }
}

export function performanceUnit(scale: Scale): string {
  return `${scale.min}–${scale.max} scale`;
}

export function formatShare(value: number | null | undefined): string {
  return percent(value, 0);
}

/** The cross-hairs' placement in words. */
export function crossHairMode(mode: CrossHair['mode']): string {
  return mode === 'scale_midpoint' ? 'scale midpoint' : 'mean of the categories';
}
