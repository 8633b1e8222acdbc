import { describe, expect, it } from 'vitest';

import { acmeOverview, overviewRow } from './alertFixtures';
import { alertOverviewChart, countedText, overviewRows, overviewTotals } from './alertOverview';

type Bar = { name: string; stack: string; data: { value: number; label: { show: boolean } }[] };

function chart(
  rows = overviewRows(acmeOverview(), null),
  status: Parameters<typeof alertOverviewChart>[1] = null,
) {
  const model = alertOverviewChart(rows, status);
  if (!model) throw new Error('expected a chart');
  const option = model.option as unknown as {
    series: Bar[];
    yAxis: { data: string[]; inverse: boolean; axisLabel: { formatter: (n: string) => string } };
    xAxis: { name: string; minInterval: number };
    legend: { data: string[] };
    tooltip: { formatter: (p: unknown) => string };
  };
  return { model, option };
}

describe('overviewRows', () => {
  it('puts the most urgent AM first: high, then medium, then low, then by name', () => {
    const rows = overviewRows(acmeOverview(), null);
    expect(rows.map((r) => r.name)).toEqual([
      'Blake Marrow',
      'Casey Thorne',
      'Devon Ashby',
      'Emery Vance',
      'Avery Quillon',
      'Finley Rook',
    ]);
    expect(rows[0]).toMatchObject({
      high: 10,
      medium: 10,
      low: 0,
      total: 20,
      open: 18,
      acknowledged: 1,
      resolved: 1,
    });
  });

  it('counts only the status the list is filtered to, keeping the status columns whole', () => {
    const [blake] = overviewRows(acmeOverview(), 'acknowledged');
    expect(blake).toMatchObject({
      name: 'Blake Marrow',
      high: 1,
      medium: 0,
      total: 1,
      open: 18,
      resolved: 1,
    });
  });

  it('keeps AMs without alerts, with zeros', () => {
    const rows = overviewRows([overviewRow(1, 'District 1')], null);
    expect(rows).toEqual([
      {
        id: 1,
        name: 'District 1',
        team: 'north',
        high: 0,
        medium: 0,
        low: 0,
        total: 0,
        open: 0,
        acknowledged: 0,
        resolved: 0,
      },
    ]);
  });

  it('orders names as people read numbers in them', () => {
    const rows = overviewRows([overviewRow(10, 'District 10'), overviewRow(2, 'District 2')], null);
    expect(rows.map((r) => r.name)).toEqual(['District 2', 'District 10']);
  });
});

describe('overviewTotals', () => {
  it('sums severities and counts the AMs with alerts', () => {
    expect(overviewTotals(overviewRows(acmeOverview(), null))).toEqual({
      high: 18,
      medium: 10,
      low: 1,
      total: 29,
      withAlerts: 4,
    });
    expect(overviewTotals([])).toEqual({ high: 0, medium: 0, low: 0, total: 0, withAlerts: 0 });
  });
});

describe('alertOverviewChart', () => {
  it('draws nothing without AMs', () => {
    expect(alertOverviewChart([], null)).toBeNull();
  });

  it('stacks one bar per AM, high first, most urgent at the top', () => {
    const { option } = chart();
    expect(option.series.map((s) => [s.name, s.stack])).toEqual([
      ['High severity', 'alerts'],
      ['Medium severity', 'alerts'],
      ['Low severity', 'alerts'],
      ['none', 'alerts'],
    ]);
    expect(option.legend.data).toEqual(['High severity', 'Medium severity', 'Low severity']);
    expect(option.yAxis.data[0]).toBe('Blake Marrow');
    expect(option.yAxis.inverse).toBe(true);
    expect(option.series[0]?.data.map((d) => d.value)).toEqual([10, 4, 4, 0, 0, 0]);
  });

  it('says "no alerts" beside an AM without any, rather than a blank', () => {
    const none = chart().option.series[3];
    expect(none?.data.map((d) => d.label.show)).toEqual([false, false, false, false, true, true]);
    expect(none?.data.every((d) => d.value === 0)).toBe(true);
  });

  it('marks the AM the list is filtered to', () => {
    const model = alertOverviewChart(overviewRows(acmeOverview(), null), null, 12);
    const axis = (
      model?.option as unknown as {
        yAxis: { axisLabel: { formatter: (n: string, i: number) => string } };
      }
    ).yAxis;
    expect(axis.axisLabel.formatter('Casey Thorne', 1)).toBe('{selected|▸ Casey Thorne}');
    expect(axis.axisLabel.formatter('Blake Marrow', 0)).toBe('Blake Marrow');
  });

  it('names the axis with what it counts, in whole alerts', () => {
    expect(chart().option.xAxis).toMatchObject({ name: 'Number of alerts', minInterval: 1 });
    const open = chart(overviewRows(acmeOverview(), 'open'), 'open');
    expect(open.option.xAxis.name).toBe('Number of open alerts');
  });

  it('labels a segment only when it is wide enough for its number', () => {
    const rows = overviewRows(
      [
        overviewRow(1, 'A', { high: { open: 40 } }),
        overviewRow(2, 'B', { high: { open: 1 }, low: { open: 3 } }),
      ],
      null,
    );
    const { option } = chart(rows);
    expect(option.series[0]?.data.map((d) => d.label.show)).toEqual([true, false]);
    expect(option.series[2]?.data.map((d) => d.label.show)).toEqual([false, true]);
  });

  it('says what it shows in a sentence, and holds the numbers in a table', () => {
    const { model } = chart();
    expect(model.summary).toBe(
      '29 alerts (18 high, 10 medium, 1 low) across 4 account managers. Most urgent: Blake Marrow (10 high, 10 medium, 0 low). 2 account managers have none.',
    );
    expect(model.table.columns.map((c) => c.label)).toEqual([
      'Account manager',
      'High (count)',
      'Medium (count)',
      'Low (count)',
      'Total (count)',
    ]);
    expect(model.table.rows[0]).toEqual(['Blake Marrow', '10', '10', '0', '20']);
  });

  it('says so when nothing is counted', () => {
    const rows = overviewRows([overviewRow(1, 'District 1')], 'resolved');
    expect(chart(rows, 'resolved').model.summary).toBe('No resolved alerts for 1 account manager.');
  });

  it('grows with the number of AMs', () => {
    const few = chart(overviewRows(acmeOverview().slice(0, 2), null)).model.height;
    const many = chart().model.height;
    expect(many).toBeGreaterThan(few);
  });

  it('escapes names in the tooltip and gives every severity with its symbol', () => {
    const rows = overviewRows(
      [overviewRow(1, '<b>Evil</b>', { high: { open: 2 }, low: { resolved: 1 } })],
      null,
    );
    const html = chart(rows).option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).toContain('&lt;b&gt;Evil&lt;/b&gt;');
    expect(html).toContain('●●● High: 2');
    expect(html).toContain('●○○ Low: 1');
    expect(html).toContain('open 2, acknowledged 0, resolved 1');
  });
});

describe('countedText', () => {
  it('names the statuses counted', () => {
    expect(countedText(null)).toBe('alerts');
    expect(countedText('acknowledged')).toBe('acknowledged alerts');
  });
});
