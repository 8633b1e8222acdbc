// The colour scale of standings against peers: colour-blind safe (Okabe-Ito blue and
// vermillion around a neutral grey) and never colour alone: every standing also has a symbol
// and words. A standing that may be chance (q > 0.10) keeps its symbol with a "?" and a pale
// fill, or a hollow marker in charts.
import type { Standing } from '../api/types';

export type StandingKey =
  'above' | 'above_chance' | 'on_par' | 'below_chance' | 'below' | 'insufficient';

export interface StandingStyle {
  key: StandingKey;
  /** The symbol shown beside every value: ▲ above, ● on par, ▼ below. */
  symbol: string;
  /** Words for a legend or a table cell. */
  label: string;
  /** Background of a cell or badge. */
  fill: string;
  /** Text on that background (contrast at least 4.5:1). */
  text: string;
  /** Colour of a marker or line on white (contrast at least 3:1). */
  stroke: string;
  /** Whether markers are drawn hollow (the standing may be chance). */
  hollow: boolean;
}

/** Draw order: from best to worst, as legends list them. */
export const STANDING_ORDER: readonly StandingKey[] = [
  'above',
  'above_chance',
  'on_par',
  'below_chance',
  'below',
  'insufficient',
];

export const STANDING_STYLES: Record<StandingKey, StandingStyle> = {
  above: {
    key: 'above',
    symbol: '▲',
    label: 'Above peers',
    fill: '#0072B2',
    text: '#FFFFFF',
    stroke: '#0072B2',
    hollow: false,
  },
  above_chance: {
    key: 'above_chance',
    symbol: '▲?',
    label: 'Above, possibly chance',
    fill: '#9CC9E8',
    text: '#10293D',
    stroke: '#0072B2',
    hollow: true,
  },
  on_par: {
    key: 'on_par',
    symbol: '●',
    label: 'On par',
    fill: '#E4E4E4',
    text: '#1F1F1F',
    stroke: '#6B6B6B',
    hollow: false,
  },
  below_chance: {
    key: 'below_chance',
    symbol: '▼?',
    label: 'Below, possibly chance',
    fill: '#F5C98A',
    text: '#3B2600',
    stroke: '#C45500',
    hollow: true,
  },
  below: {
    key: 'below',
    symbol: '▼',
    label: 'Below peers',
    fill: '#D55E00',
    text: '#000000',
    stroke: '#C45500',
    hollow: false,
  },
  insufficient: {
    key: 'insufficient',
    symbol: '–',
    label: 'Too few accounts to tell',
    fill: '#FFFFFF',
    text: '#555555',
    stroke: '#8A8A8A',
    hollow: true,
  },
};

/** The standing of a measure, split by whether it may be chance. */
export function standingKey(measure: {
  standing: Standing;
  possibly_chance: boolean;
}): StandingKey {
  switch (measure.standing) {
    case 'above':
      return measure.possibly_chance ? 'above_chance' : 'above';
    case 'below':
      return measure.possibly_chance ? 'below_chance' : 'below';
    case 'on_par':
      return 'on_par';
    case 'insufficient':
      return 'insufficient';
  }
}

/** A one-line description for screen readers and tables: "▲ Above peers". */
export function standingText(key: StandingKey): string {
  const style = STANDING_STYLES[key];
  return `${style.symbol} ${style.label}`;
}
