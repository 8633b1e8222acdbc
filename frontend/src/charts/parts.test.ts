import { describe, expect, it } from 'vitest';

import { CHART_TEXT } from './model';
import {
  axisName,
  axisNameText,
  axisTooltip,
  chartBase,
  dataIndexOf,
  firstDataIndex,
  itemTooltip,
  mutedLabels,
  plotGrid,
  referenceLine,
  topLegend,
  valueIndex,
  withoutSymbol,
} from './parts';

describe('option parts', () => {
  it('set the text of the stylesheet and no animation', () => {
    expect(chartBase()).toEqual({
      textStyle: { fontFamily: CHART_TEXT.fontFamily, color: CHART_TEXT.color },
      animation: false,
    });
  });

  it('return a fresh object every time, so a chart can change its own', () => {
    const a = chartBase();
    (a.textStyle as { color: string }).color = '#000000';
    expect(chartBase().textStyle.color).toBe(CHART_TEXT.color);
  });

  it('put the legend top left, with its data only when given', () => {
    expect(topLegend(['A', 'B'])).toEqual({
      top: 0,
      left: 0,
      itemGap: 18,
      textStyle: { fontSize: 13 },
      data: ['A', 'B'],
    });
    expect(topLegend(['A'], { itemGap: 14, fontSize: 12 })).toMatchObject({
      itemGap: 14,
      textStyle: { fontSize: 12 },
    });
    // No data key at all: echarts then lists every series.
    expect('data' in topLegend()).toBe(false);
  });

  it('drops the standing symbol from a legend name', () => {
    expect(withoutSymbol('▲ Above peers')).toBe('Above peers');
    expect(withoutSymbol('? May be chance')).toBe('May be chance');
  });

  it('keep the axis labels inside the chart, or everything', () => {
    expect(plotGrid({ top: 48, left: 8, right: 24, bottom: 44 })).toEqual({
      top: 48,
      left: 8,
      right: 24,
      bottom: 44,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    });
    expect(plotGrid({ top: 1, left: 2, right: 3, bottom: 4 }, 'all').outerBoundsContain).toBe(
      'all',
    );
  });

  it('name an axis in small muted text, centred or aligned at its end', () => {
    expect(axisName('Cycle', 28)).toEqual({
      name: 'Cycle',
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { color: CHART_TEXT.muted, fontSize: 12 },
    });
    expect(axisNameText('left')).toEqual({ color: CHART_TEXT.muted, fontSize: 12, align: 'left' });
  });

  it('add a label formatter only when there is one', () => {
    const format = (v: number) => `${v}%`;
    expect(mutedLabels()).toEqual({ color: CHART_TEXT.muted });
    expect('formatter' in mutedLabels()).toBe(false);
    expect(mutedLabels(format)).toEqual({ color: CHART_TEXT.muted, formatter: format });
  });

  it('confine tooltips; an axis tooltip shades the category', () => {
    const format = () => 'x';
    expect(itemTooltip(format)).toEqual({ trigger: 'item', confine: true, formatter: format });
    expect(axisTooltip(format)).toEqual({
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: format,
    });
  });

  it('draw a dashed reference line labelled at its top', () => {
    expect(referenceLine('Coin toss', 0.5)).toMatchObject({
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed' },
      label: { formatter: 'Coin toss', position: 'start' },
      data: [{ xAxis: 0.5 }],
    });
  });
});

describe('tooltip parameters', () => {
  it('read the data index of an item, or -1', () => {
    expect(dataIndexOf({ dataIndex: 3 })).toBe(3);
    expect(dataIndexOf({})).toBe(-1);
    expect(dataIndexOf(null)).toBe(-1);
  });

  it('read the data index of the first series of an axis tooltip, or -1', () => {
    expect(firstDataIndex([{ dataIndex: 2 }, { dataIndex: 5 }])).toBe(2);
    expect(firstDataIndex([])).toBe(-1);
    expect(firstDataIndex({ dataIndex: 2 })).toBe(-1);
  });

  it('read the row index an item carries in its value, last place by default', () => {
    expect(valueIndex({ value: [4.2, 1.1, 7] })).toBe(7);
    expect(valueIndex({ value: [4.2, 1, 7] }, 1)).toBe(1);
    expect(valueIndex({ value: 4.2 })).toBe(-1);
    expect(valueIndex({})).toBe(-1);
  });
});
