// A stand-in for src/charts/echarts.ts in jsdom, which cannot lay out a real chart: it records
// what the Chart component asks of echarts. Use with
// `vi.mock('../charts/echarts', () => import('../test/fakeEcharts'))`.
import { vi } from 'vitest';

export interface FakeChart {
  element: HTMLElement;
  options: unknown[];
  handlers: Map<string, (params: unknown) => void>;
  disposed: boolean;
  resizes: number;
}

export const charts: FakeChart[] = [];

export const init = vi.fn((element: HTMLElement, _theme?: unknown, _opts?: unknown) => {
  const chart: FakeChart = {
    element,
    options: [],
    handlers: new Map(),
    disposed: false,
    resizes: 0,
  };
  charts.push(chart);
  return {
    setOption: (option: unknown) => chart.options.push(option),
    on: (event: string, handler: (params: unknown) => void) => chart.handlers.set(event, handler),
    resize: () => {
      chart.resizes += 1;
    },
    dispose: () => {
      chart.disposed = true;
    },
  };
});
