// The rows of the team table: each AM's book from the list endpoint, joined with their
// assessment as it arrives (undefined while it loads).
import type {
  AccountManagerAssessment,
  AccountManagerSummary,
  MeasureAssessment,
} from '../../api/types';
import { measureOf } from '../../charts/measures';
import { standingKey, type StandingKey } from '../../charts/standing';

export interface TeamRow {
  id: number;
  name: string;
  team: string | null;
  accounts: number;
  responses: number;
  meanScore: number | null;
  /** Accounts in the high and extreme risk cohorts. */
  atRisk: number;
  nps: number | null;
  npsMargin: number | null;
  withheld: boolean;
  /** `undefined` while the assessment is loading or when it failed. */
  assessment: AccountManagerAssessment | undefined;
  score: MeasureAssessment | undefined;
  scoreStanding: StandingKey | null;
  /** Categories standing above / below peers, and how many of those may be chance. */
  above: number;
  below: number;
  chance: number;
}

export function teamRows(
  summaries: readonly AccountManagerSummary[],
  assessments: ReadonlyMap<number, AccountManagerAssessment>,
): TeamRow[] {
  return summaries.map((s) => {
    const assessment = assessments.get(s.id);
    const score = assessment && !assessment.withheld ? measureOf(assessment, 'score') : undefined;
    const keys = (assessment?.categories ?? []).map(standingKey);
    const count = (...wanted: StandingKey[]) => keys.filter((k) => wanted.includes(k)).length;
    return {
      id: s.id,
      name: s.name,
      team: s.team ?? null,
      accounts: s.accounts,
      responses: s.responses,
      meanScore: s.mean_score ?? null,
      atRisk: s.cohorts.high + s.cohorts.extreme,
      nps: s.nps?.nps ?? null,
      npsMargin: s.nps?.margin_of_error ?? null,
      withheld: s.withheld,
      assessment,
      score,
      scoreStanding: score ? standingKey(score) : null,
      above: count('above', 'above_chance'),
      below: count('below', 'below_chance'),
      chance: count('above_chance', 'below_chance'),
    };
  });
}

/** Whether any book reports an NPS (surveys without a 0-10 recommend question have none). */
export function hasNps(rows: readonly TeamRow[]): boolean {
  return rows.some((r) => r.nps !== null);
}

/** Whether the AMs belong to more than one team, so a team column says something. */
export function hasTeams(rows: readonly TeamRow[]): boolean {
  return new Set(rows.map((r) => r.team)).size > 1;
}
