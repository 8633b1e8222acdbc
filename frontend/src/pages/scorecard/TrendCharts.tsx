// The two trend charts of a book or an account: whole-book measures, and category means.
import { useMemo } from 'react';

import type { CycleView } from '../../api/types';
import { Chart } from '../../components/Chart';
import { Empty } from '../../components/Empty';
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
  const whole = useMemo(() => wholeBookTrendChart({ points, current: cycle.key }), [points, cycle.key]);
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
