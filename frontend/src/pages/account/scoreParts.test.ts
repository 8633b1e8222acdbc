import { describe, expect, it } from 'vitest';

import { answeredSentence, roleRows, scoreBreakdown, share } from './scoreParts';

const WEIGHTS = { f: 0.55, os: 0.15, edb: 0.15, ltr: 0.15 };

describe('scoreBreakdown', () => {
  it('adds the parts up to the score before rounding', () => {
    const { rows, total } = scoreBreakdown(
      { f: 0.6875, os: 0.6667, edb: 0.6667, ltr: 0.9333 },
      WEIGHTS,
    );
    expect(rows.map((r) => r.key)).toEqual(['f', 'os', 'edb', 'ltr']);
    expect(rows[0]).toMatchObject({ weight: 0.55, effectiveWeight: 0.55 });
    expect(rows[0]?.points).toBeCloseTo(37.81, 2);
    expect(total).toBeCloseTo(71.81, 2);
  });

  it('rescales the weights over the parts with data (San Diego: no LTR, no ease)', () => {
    const { rows, total } = scoreBreakdown({ f: 0.69979, os: 0.75, edb: null, ltr: null }, WEIGHTS);
    expect(rows[0]?.effectiveWeight).toBeCloseTo(0.7857, 4);
    expect(rows[1]?.effectiveWeight).toBeCloseTo(0.2143, 4);
    expect(rows[2]).toMatchObject({ value: null, effectiveWeight: null, points: null });
    expect(Math.round(total ?? 0)).toBe(71);
  });

  it('has no score without F, and no points without weights', () => {
    expect(scoreBreakdown({ f: null, os: 0.5, edb: null, ltr: null }, WEIGHTS).total).toBeNull();
    const unknown = scoreBreakdown({ f: 0.5, os: 0.5 }, undefined);
    expect(unknown.total).toBeNull();
    expect(unknown.rows[0]).toMatchObject({ value: 0.5, weight: null, points: null });
  });
});

describe('share', () => {
  it('drops decimals for whole percentages', () => {
    expect(share(0.55)).toBe('55%');
    expect(share(0.7857)).toBe('78.6%');
    expect(share(null)).toBe('–');
  });
});

describe('roleRows', () => {
  it('lists decision makers first, with shares and role weights', () => {
    const rows = roleRows(
      [
        { role: 'influencer', responses: 2 },
        { role: 'decision_maker', responses: 1 },
        { role: 'user', responses: 0 },
      ],
      { decision_maker: 2, influencer: 1, user: 1, unspecified: 1 },
    );
    expect(rows.map((r) => [r.label, r.responses, r.weight])).toEqual([
      ['Decision makers', 1, 2],
      ['Influencers', 2, 1],
    ]);
    expect(rows[1]?.share).toBeCloseTo(2 / 3);
    expect(answeredSentence(rows)).toBe('3 responses from 2 contact roles.');
  });

  it('says when the survey gives no roles', () => {
    const rows = roleRows([{ role: 'unspecified', responses: 19 }], undefined);
    expect(rows[0]).toMatchObject({ label: 'Role not given', weight: null });
    expect(answeredSentence(rows)).toBe('19 responses; the survey gives no contact roles.');
  });
});
