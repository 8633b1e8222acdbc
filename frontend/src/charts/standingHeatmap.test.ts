import { describe, expect, it } from 'vitest';

import { assessment, category, CATEGORY_NAMES, demoTeam, SAN_DIEGO_2015 } from '../test/fixtures';
import { standingHeatmapChart } from './standingHeatmap';

const scale = SAN_DIEGO_2015.performance_scale;

type Cell = { value: [number, number, number | null, number]; label: { color: string } };

function heatmap(assessments = demoTeam()) {
  const model = standingHeatmapChart({ assessments, scale });
  if (!model) throw new Error('expected a chart');
  const option = model.option as unknown as {
    series: { data: Cell[]; label: { formatter: (p: unknown) => string } }[];
    xAxis: { data: string[]; axisLabel: { rotate: number } };
    yAxis: { data: string[]; name: string };
    visualMap: { dimension: number; pieces: { value: number; label: string; color: string }[] };
    tooltip: { formatter: (p: unknown) => string };
  };
  const series = option.series[0];
  if (!series) throw new Error('expected a series');
  return { model, option, series };
}

describe('standingHeatmapChart', () => {
  it('draws nothing without AMs or without categories', () => {
    expect(standingHeatmapChart({ assessments: [], scale })).toBeNull();
    const withheld = [assessment(1, 'District 1', { withheld: true })];
    expect(standingHeatmapChart({ assessments: withheld, scale })).toBeNull();
  });

  it('has a cell per AM and category with an answer', () => {
    const { series, option } = heatmap();
    expect(option.xAxis.data).toEqual(['District 1', 'District 3', 'District 7', 'District 9']);
    expect(series.data).toHaveLength(2 + 3 + 3 + 1);
    const d7code = series.data.find((c) => c.value[0] === 2 && c.value[1] === 0);
    expect(d7code?.value[2]).toBeCloseTo(-0.6, 10);
  });

  it('shortens category names on the axis, keeping them whole in the table', () => {
    const { option, model } = heatmap();
    expect(option.yAxis.data[3]).toBe('Solid waste services');
    expect(option.yAxis.data[4]?.endsWith('…')).toBe(true);
    expect(model.table.rows.map((r) => r[0])).toEqual([...CATEGORY_NAMES]);
  });

  it('labels each cell with the symbol and value, in a readable colour', () => {
    const { series } = heatmap();
    const label = (x: number, y: number) => {
      const cell = series.data.find((c) => c.value[0] === x && c.value[1] === y);
      return [series.label.formatter({ value: cell?.value }), cell?.label.color];
    };
    expect(label(0, 1)).toEqual(['▲ +0.40', '#FFFFFF']);
    expect(label(1, 0)).toEqual(['▲? +0.50', '#10293D']);
    expect(label(2, 0)).toEqual(['▼ −0.60', '#000000']);
    expect(label(3, 0)).toEqual(['– −0.25', '#555555']);
  });

  it('colours by standing, each piece named for the page legend', () => {
    const { option } = heatmap();
    expect(option.visualMap.dimension).toBe(3);
    expect(option.visualMap.pieces.map((p) => p.label)).toEqual([
      '▲ Above peers',
      '▲? Above, possibly chance',
      '● On par',
      '▼? Below, possibly chance',
      '▼ Below peers',
      '– Too few accounts to tell',
    ]);
  });

  it('gives the table a column per AM and says where a book has no answer', () => {
    const { model } = heatmap();
    expect(model.table.columns.map((c) => c.label)).toEqual([
      'Category',
      'District 1',
      'District 3',
      'District 7',
      'District 9',
    ]);
    expect(model.table.rows[2]).toEqual([
      CATEGORY_NAMES[2],
      'no answers',
      'no answers',
      '▼? −0.30',
      'no answers',
    ]);
  });

  it('keeps wide teams readable: symbols only, names turned', () => {
    const team = Array.from({ length: 20 }, (_, i) =>
      assessment(i + 1, `Account manager ${i + 1}`, {
        categories: [
          category(i + 1, 11, 'Police services', {
            standing: 'above',
            interval: { low: 0.1, high: 0.3 },
          }),
        ],
      }),
    );
    const { series, option } = heatmap(team);
    expect(series.label.formatter({ value: series.data[0]?.value })).toBe('▲');
    expect(option.xAxis.axisLabel.rotate).toBeGreaterThan(0);
  });

  it('escapes names in the tooltip', () => {
    const team = demoTeam();
    const first = team[0];
    if (first) first.account_manager.name = '<script>x</script>';
    const { option, series } = heatmap(team);
    const html = option.tooltip.formatter({ value: series.data[0]?.value });
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain(CATEGORY_NAMES[0]);
  });

  it('summarises the cells in words, with the scale', () => {
    const { model } = heatmap();
    expect(model.summary).toBe(
      'Differences to the peer average of 4 account managers on 5 categories: 2 of 9 cells ' +
        'above peers, 2 below, the rest on par or with too few accounts to tell (differences ' +
        'in points on the 1–5 scale).',
    );
  });
});
