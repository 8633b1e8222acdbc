import { render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { charts, init } from '../test/fakeEcharts';
import { Chart } from './Chart';

vi.mock('../charts/echarts', () => import('../test/fakeEcharts'));

const table = {
  columns: [{ label: 'Account manager' }, { label: 'Difference', numeric: true }],
  rows: [
    ['District 3', '+8.3'],
    ['District 7', '−8.1'],
  ],
};

function renderChart(onItemClick = vi.fn()) {
  const option = { series: [] };
  const view = render(
    <Chart
      title="Retention score against the peer average"
      option={option}
      summary="2 account managers: 1 above, 1 below."
      table={table}
      height={240}
      onItemClick={onItemClick}
    />,
  );
  return { view, option, onItemClick };
}

describe('Chart', () => {
  it('is a figure named by its visible title', () => {
    renderChart();
    const figure = screen.getByRole('figure', { name: 'Retention score against the peer average' });
    expect(figure.querySelector('figcaption')?.textContent).toBe(
      'Retention score against the peer average',
    );
  });

  it('draws into an image whose name is the text alternative', async () => {
    const { option } = renderChart();
    const img = screen.getByRole('img', { name: '2 account managers: 1 above, 1 below.' });
    expect(img.style.height).toBe('240px');
    await waitFor(() => expect(init).toHaveBeenCalledWith(img, undefined, { renderer: 'svg' }));
    await waitFor(() => expect(charts.at(-1)?.options).toEqual([option]));
  });

  it('holds the data in a real table', () => {
    renderChart();
    const data = screen.getByRole('table', { name: 'Retention score against the peer average' });
    expect(
      within(data)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Account manager', 'Difference']);
    expect(
      within(data)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['District 3', 'District 7']);
    expect(within(data).getByRole('cell', { name: '+8.3' }).className).toBe('num');
  });

  it('reports clicks on data items', async () => {
    const { onItemClick } = renderChart();
    await waitFor(() => expect(charts.at(-1)?.handlers.has('click')).toBe(true));
    charts.at(-1)?.handlers.get('click')?.({ seriesType: 'heatmap', dataIndex: 3, value: [1, 2] });
    expect(onItemClick).toHaveBeenCalledWith({
      seriesType: 'heatmap',
      dataIndex: 3,
      value: [1, 2],
    });
  });

  it('lets go of the chart when it leaves the page', async () => {
    const { view } = renderChart();
    await waitFor(() => expect(charts.at(-1)?.options.length).toBe(1));
    const chart = charts.at(-1);
    view.unmount();
    expect(chart?.disposed).toBe(true);
  });
});
