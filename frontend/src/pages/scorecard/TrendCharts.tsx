// The two trend charts of a book or an account: whole-book measures, and category means.
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';

import { categoriesQuery } from '../../api/queries/categories';
import type { CycleView } from '../../api/types';
import { Chart } from '../../components/Chart';
import { Empty } from '../../components/Empty';
import { Loading } from '../../components/Loading';
import { QueryError } from '../../components/QueryError';
import { categoryTrendChart, wholeBookTrendChart, type TrendPoint } from './trend';

interface TrendChartsProps {
  points: readonly TrendPoint[];
  /** Category keys and names, in survey order. */
  names: readonly { key: string; name: string }[];
  cycle: CycleView;
  /** Whose trend: "the book", "the account". */
  subject: string;
}

export function TrendCharts({ points, names, cycle, subject }: TrendChartsProps) {
  const scale = cycle.performance_scale;
  const whole = useMemo(
    () => wholeBookTrendChart({ points, current: cycle.key }),
    [points, cycle.key],
  );
  const categories = useMemo(
    () => categoryTrendChart({ points, names, scale, current: cycle.key }),
    [points, names, scale, cycle.key],
  );
  const answered = points.filter((p) => p.responses > 0).length;

  if (!whole && !categories) {
    return (
      <Empty title="No figures across cycles">
        <p>No cycle has answers for {subject} that you may see.</p>
      </Empty>
    );
  }
  if (answered === 1) {
    const only = points.find((p) => p.responses > 0)?.cycle ?? cycle.key;
    return (
      <Empty title="No trend yet">
        <p>
          Only one cycle ({only}) has answers for {subject} so far; its figures are above. The trend
          appears once a second cycle is imported.
        </p>
      </Empty>
    );
  }
  return (
    <>
      {answered < points.length && (
        <p className="muted">
          Cycles without figures (no answers, or withheld under the anonymity threshold) leave gaps
          in the lines.
        </p>
      )}
      <div className="chart-grid chart-grid--even">
        {whole && (
          <Chart
            title="Retention score, fulfilment and NPS by cycle"
            note="Score on its 1–100 scale, F in percent, NPS from −100 to +100. The dashed line marks the cycle shown."
            {...whole}
          />
        )}
        {categories && (
          <Chart
            title={`Mean performance per category by cycle (${scale.min}–${scale.max} scale)`}
            note="Select a category in the legend to hide or show its line."
            {...categories}
          />
        )}
      </div>
    </>
  );
}

interface TrendPanelProps {
  /** The trend of the book or the account. */
  trend: UseQueryResult<TrendPoint[]>;
  /** The categories of the cycle's assessment: their names until the catalog is there. */
  categories: readonly { key: string; name: string }[];
  cycle: CycleView;
  /** Whose trend: "this book", "this account". */
  subject: string;
}

/** The "Across cycles" panel of a detail page: the trend charts, once the trend is loaded. */
export function TrendPanel({ trend, categories, cycle, subject }: TrendPanelProps) {
  const catalog = useQuery(categoriesQuery());
  // The catalog names every category in survey order; the assessment, only those of this cycle.
  const names = useMemo(
    () =>
      catalog.data && catalog.data.length > 0
        ? catalog.data.map((c) => ({ key: c.key, name: c.name }))
        : categories.map((c) => ({ key: c.key, name: c.name })),
    [catalog.data, categories],
  );
  return (
    <section className="panel" aria-labelledby="trend-title">
      <div className="panel__header">
        <h2 id="trend-title">Across cycles</h2>
      </div>
      {trend.isPending ? (
        <Loading label="Loading the trend…" />
      ) : trend.isError ? (
        <QueryError title="The trend could not be loaded" query={trend} finalWhenRefused />
      ) : (
        <TrendCharts points={trend.data} names={names} cycle={cycle} subject={subject} />
      )}
    </section>
  );
}
