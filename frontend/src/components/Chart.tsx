// An echarts chart as an accessible figure: a visible title, the drawing as one image whose
// name summarises it, and the same data as a real table for screen readers and keyboard users.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

import type { ChartOption } from '../charts/echarts';
import type { TextTable } from '../charts/model';

type EchartsModule = typeof import('../charts/echarts');
type EchartsInstance = ReturnType<EchartsModule['init']>;

/** Loads echarts once, on first use (a chunk of its own). */
let loading: Promise<EchartsModule> | null = null;
function loadEcharts(): Promise<EchartsModule> {
  loading ??= import('../charts/echarts').catch((error: unknown) => {
    loading = null; // let a later chart try again
    throw error;
  });
  return loading;
}

export interface ChartClick {
  seriesType?: string;
  dataIndex: number;
  value: unknown;
}

export interface ChartProps {
  /** Shown above the chart and naming the figure. */
  title: string;
  option: ChartOption;
  /** The text alternative: what the chart shows, in a sentence or two. */
  summary: string;
  /** The chart's data as a table. */
  table: TextTable;
  /** Height in pixels; the width follows the container. */
  height?: number;
  /** A line under the title: how to read the chart. */
  note?: ReactNode;
  /** Called when a data item is clicked. */
  onItemClick?: (item: ChartClick) => void;
}

export function Chart({
  title,
  option,
  summary,
  table,
  height = 360,
  note,
  onItemClick,
}: ChartProps) {
  const titleId = useId();
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<EchartsInstance | null>(null);
  const latest = useRef({ option, onItemClick });
  latest.current = { option, onItemClick };
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);

  // Create the chart once; dispose of it when the figure goes.
  useEffect(() => {
    let gone = false;
    let frame = 0;
    let observer: ResizeObserver | null = null;
    const resize = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => chart.current?.resize());
    };
    loadEcharts()
      .then(({ init }) => {
        if (gone || !host.current) return;
        const instance = init(host.current, undefined, { renderer: 'svg' });
        instance.on('click', (params) => {
          latest.current.onItemClick?.({
            seriesType: params.seriesType,
            dataIndex: params.dataIndex,
            value: params.value,
          });
        });
        chart.current = instance;
        if (typeof ResizeObserver === 'undefined') {
          window.addEventListener('resize', resize);
        } else {
          observer = new ResizeObserver(resize);
          observer.observe(host.current);
        }
        setReady(true);
      })
      .catch(() => {
        if (!gone) setFailed(true);
      });
    return () => {
      gone = true;
      cancelAnimationFrame(frame);
      observer?.disconnect();
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, { notMerge: true });
  }, [ready, option]);

  useEffect(() => {
    if (ready) chart.current?.resize();
  }, [ready, height]);

  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart__title">
        {title}
      </figcaption>
      {note && <div className="chart__note">{note}</div>}
      {failed ? (
        <p className="chart__failed" role="alert">
          The chart could not be drawn; its data is in the table below.
        </p>
      ) : (
        <div
          ref={host}
          className="chart__canvas"
          role="img"
          aria-label={summary}
          style={{ height }}
        />
      )}
      <details className="chart__data" open={failed || undefined}>
        <summary>Show the data as a table</summary>
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c, i) => (
                  <th key={i} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i} className={table.columns[i]?.numeric ? 'num' : undefined}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
