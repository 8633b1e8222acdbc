import { describe, expect, it } from 'vitest';

import { assessment, demoTeam, summary } from '../../test/fixtures';
import { hasNps, hasTeams, teamRows } from './teamRows';

const byId = (list = demoTeam()) => new Map(list.map((a) => [a.account_manager.id, a]));

describe('teamRows', () => {
  it('joins each book with its assessment', () => {
    const rows = teamRows([summary(3, 'District 3'), summary(7, 'District 7')], byId());
    expect(rows.map((r) => [r.name, r.scoreStanding, r.above, r.below, r.chance])).toEqual([
      ['District 3', 'above', 1, 0, 1],
      ['District 7', 'below', 0, 2, 1],
    ]);
  });

  it('counts high and extreme accounts as at risk', () => {
    const [row] = teamRows(
      [
        summary(1, 'District 1', {
          cohorts: { none: 1, low: 0, medium: 3, high: 1, extreme: 1, unscored: 0 },
        }),
      ],
      byId(),
    );
    expect(row?.atRisk).toBe(2);
  });

  it('keeps a book whose assessment has not arrived', () => {
    const [row] = teamRows([summary(4, 'District 4')], byId());
    expect(row).toMatchObject({
      name: 'District 4',
      assessment: undefined,
      score: undefined,
      scoreStanding: null,
      above: 0,
    });
  });

  it('shows nothing of a withheld book', () => {
    const withheld = assessment(2, 'District 2', { withheld: true });
    const [row] = teamRows(
      [summary(2, 'District 2', { withheld: true, mean_score: null, responses: 2 })],
      byId([withheld]),
    );
    expect(row).toMatchObject({
      withheld: true,
      meanScore: null,
      score: undefined,
      scoreStanding: null,
    });
  });

  it('reads NPS when the survey has one', () => {
    const rows = teamRows(
      [
        summary(1, 'District 1', {
          nps: { n: 40, promoters: 20, detractors: 8, nps: 30, margin_of_error: 21.3 },
        }),
      ],
      byId(),
    );
    expect(rows[0]).toMatchObject({ nps: 30, npsMargin: 21.3 });
    expect(hasNps(rows)).toBe(true);
    expect(hasNps(teamRows([summary(1, 'District 1')], byId()))).toBe(false);
  });

  it('knows when there is more than one team', () => {
    expect(hasTeams(teamRows([summary(1, 'a'), summary(7, 'b')], byId()))).toBe(true);
    expect(hasTeams(teamRows([summary(1, 'a'), summary(2, 'b')], byId()))).toBe(false);
  });
});
