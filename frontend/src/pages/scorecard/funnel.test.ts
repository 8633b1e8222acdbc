import { describe, expect, it } from 'vitest';

import { acmeFunnel } from './fixtures';
import { funnelChart, funnelPosition, funnelPositionText } from './funnel';

const names = new Map([
  [10, 'Avery Quillon'],
  [11, 'Blake Marrow'],
  [14, 'Emery Vance'],
]);

type AnySeries = {
  type: string;
  name: string;
  data: unknown[];
  symbol?: string;
  label?: { formatter: string };
};

describe('funnelPosition', () => {
  it('reads outside the 99.8% limits as a clear standing and outside only the 95% as maybe', () => {
    const [avery, blake, emery] = acmeFunnel().funnel!.points;
    expect(funnelPosition(avery!, 86.17)).toBe('on_par');
    expect(funnelPosition(blake!, 86.17)).toBe('below');
    expect(funnelPosition(emery!, 86.17)).toBe('above_chance');
    expect(funnelPositionText(blake!, 86.17)).toBe('Outside the 99.8% limits, below the average');
    expect(funnelPositionText(emery!, 86.17)).toBe(
      'Outside the 95% limits (not the 99.8%), above the average',
    );
  });
});

describe('funnelChart', () => {
  it('draws nothing without a funnel or without this AM on it', () => {
    expect(
      funnelChart({
        view: { cycle: '2015', measure: 'score', funnel: null },
        accountManager: 11,
        names,
      }),
    ).toBeNull();
    expect(funnelChart({ view: acmeFunnel(), accountManager: 99, names })).toBeNull();
  });

  it('highlights this AM, greys the others and draws both pairs of limits', () => {
    const model = funnelChart({ view: acmeFunnel(), accountManager: 11, names });
    const option = model?.option as unknown as {
      series: AnySeries[];
      legend: { data: (string | { name: string })[] };
      yAxis: { min: number; max: number };
    };
    expect(option.legend.data.map((d) => (typeof d === 'string' ? d : d.name))).toEqual([
      'Blake Marrow',
      'Other account managers',
      '95% limits',
      '99.8% limits',
    ]);
    const own = option.series.find((s) => s.name === 'Blake Marrow');
    expect(own?.data).toEqual([[10, 72]]);
    expect(own?.label?.formatter).toBe('Blake Marrow ▼ 72.0');
    expect(option.series.find((s) => s.name === 'Other account managers')?.data).toEqual([
      [10, 90.2],
      [9, 92.5],
    ]);
    expect(option.series.filter((s) => s.name.endsWith('limits'))).toHaveLength(4);
    // The axis holds every point and stays inside 0-100.
    expect(option.yAxis.min).toBeLessThanOrEqual(72);
    expect(option.yAxis.max).toBeLessThanOrEqual(100);
    expect(model?.summary).toBe(
      'Blake Marrow: mean retention score (1–100) 72.0 over 10 accounts; outside the 99.8% limits, below the average of 86.2 (95% limits 80.5–91.9, 99.8% limits 77.2–95.1). 1 of 2 other account managers lie outside the 95% limits.',
    );
    expect(model?.table.rows[0]?.[0]).toBe('Blake Marrow (this scorecard)');
  });

  it('shows only the own point when the API sends only that (an account manager)', () => {
    const view = acmeFunnel();
    view.funnel!.points = view.funnel!.points.filter((p) => p.account_manager === 11);
    const model = funnelChart({ view, accountManager: 11, names: new Map() });
    const option = model?.option as unknown as {
      series: AnySeries[];
      legend: { data: (string | { name: string })[] };
    };
    expect(option.legend.data.map((d) => (typeof d === 'string' ? d : d.name))).toEqual([
      'Account manager 11',
      '95% limits',
      '99.8% limits',
    ]);
    expect(model?.table.rows).toHaveLength(1);
  });
});
