// The retention score taken apart (METHOD section 3): each part normalised to 0-1, its weight
// from the organization's settings, rescaled over the parts with data, and the points it adds
// to the score. The points add up to the score before rounding.
import type { components } from '../../api/schema';
import { formatCount, formatNumber } from '../../charts/format';

type ScoreParts = components['schemas']['ScoreParts'];
type ScoreWeights = components['schemas']['ScoreWeights'];
type RoleResponses = components['schemas']['RoleResponses'];
type RoleWeights = components['schemas']['RoleWeights'];

export type PartKey = 'f' | 'os' | 'edb' | 'ltr';

export const PART_ORDER: readonly PartKey[] = ['f', 'os', 'edb', 'ltr'];

export const PART_LABELS: Record<PartKey, string> = {
  f: 'Fulfilment (F)',
  os: 'Overall satisfaction',
  edb: 'Ease of doing business',
  ltr: 'Likelihood to recommend',
};

/** Colour of each part in the stacked bar (Okabe-Ito), with text readable on it. */
export const PART_COLOURS: Record<PartKey, { fill: string; text: string }> = {
  f: { fill: '#0072B2', text: '#FFFFFF' },
  os: { fill: '#009E73', text: '#FFFFFF' },
  edb: { fill: '#E69F00', text: '#2E1F00' },
  ltr: { fill: '#CC79A7', text: '#2B0A1E' },
};

export interface ScorePartRow {
  key: PartKey;
  label: string;
  /** Normalised to 0-1; `null` when the account has no data for the part. */
  value: number | null;
  /** The weight the organization set, 0-1; `null` when the settings are not known. */
  weight: number | null;
  /** The weight rescaled over the parts with data (what the score used). */
  effectiveWeight: number | null;
  /** Points the part adds to the score: 100 × effective weight × value. */
  points: number | null;
}

export interface ScoreBreakdown {
  rows: ScorePartRow[];
  /** The sum of the points, before rounding; `null` without F or without weights. */
  total: number | null;
}

/** Every part with its value, weight and points; a part without data drops out of the weights. */
export function scoreBreakdown(
  parts: ScoreParts,
  weights: ScoreWeights | undefined,
): ScoreBreakdown {
  const value = (key: PartKey) => parts[key] ?? null;
  const withData = PART_ORDER.filter((k) => value(k) !== null);
  const sum = weights ? withData.reduce((s, k) => s + weights[k], 0) : 0;
  const rows = PART_ORDER.map((key): ScorePartRow => {
    const v = value(key);
    const weight = weights ? weights[key] : null;
    const effectiveWeight = weight !== null && v !== null && sum > 0 ? weight / sum : null;
    return {
      key,
      label: PART_LABELS[key],
      value: v,
      weight,
      effectiveWeight,
      points: effectiveWeight !== null && v !== null ? 100 * effectiveWeight * v : null,
    };
  });
  const scored = value('f') !== null && weights !== undefined && sum > 0;
  return { rows, total: scored ? rows.reduce((s, r) => s + (r.points ?? 0), 0) : null };
}

/** A share as a percentage: 0.155 → "15.5%"; whole numbers without decimals. */
export function share(value: number | null): string {
  if (value === null) return '–';
  const pct = value * 100;
  return `${formatNumber(pct, Math.abs(pct - Math.round(pct)) < 0.05 ? 0 : 1)}%`;
}

// --- Who answered ------------------------------------------------------------------------

const ROLE_ORDER = ['decision_maker', 'influencer', 'user', 'unspecified'];

const ROLE_LABELS: Record<string, string> = {
  decision_maker: 'Decision makers',
  influencer: 'Influencers',
  user: 'Users',
  unspecified: 'Role not given',
};

export interface RoleRow {
  role: string;
  label: string;
  responses: number;
  /** Share of the account's responses, 0-1. */
  share: number;
  /** The role's weight in the account's means; `null` when the settings are not known. */
  weight: number | null;
}

/** The roles that answered, decision makers first, with their weight in the account's means. */
export function roleRows(
  roles: readonly RoleResponses[],
  weights: RoleWeights | undefined,
): RoleRow[] {
  const total = roles.reduce((s, r) => s + r.responses, 0);
  const rank = (role: string) => {
    const i = ROLE_ORDER.indexOf(role);
    return i < 0 ? ROLE_ORDER.length : i;
  };
  return [...roles]
    .filter((r) => r.responses > 0)
    .sort((a, b) => rank(a.role) - rank(b.role) || a.role.localeCompare(b.role))
    .map((r) => ({
      role: r.role,
      label: ROLE_LABELS[r.role] ?? r.role.replace(/_/g, ' '),
      responses: r.responses,
      share: total > 0 ? r.responses / total : 0,
      weight: weights?.[r.role] ?? null,
    }));
}

/** "3 responses from 2 roles" — what the evidence rests on. */
export function answeredSentence(rows: readonly RoleRow[]): string {
  const responses = rows.reduce((s, r) => s + r.responses, 0);
  const named = rows.filter((r) => r.role !== 'unspecified').length;
  const what = `${formatCount(responses)} ${responses === 1 ? 'response' : 'responses'}`;
  if (named === 0) return `${what}; the survey gives no contact roles.`;
  return `${what} from ${named} ${named === 1 ? 'contact role' : 'contact roles'}.`;
}
