import { useMemo } from 'react';

import type { CycleView } from '../../api/types';
import type { CategoryName } from '../../charts/measures';
import { standingHeatmapChart } from '../../charts/standingHeatmap';
import { Chart, type ChartClick } from '../../components/Chart';
import { Empty } from '../../components/Empty';
import { Loading } from '../../components/Loading';
import { StandingLegend } from '../../components/StandingLegend';
import { partial } from './TeamProgress';
import type { TeamAssessments } from './useTeamAssessments';

interface HeatmapPanelProps {
  cycle: CycleView;
  team: TeamAssessments;
  categoryOrder: readonly { id: number }[];
  /** The heatmap's rows: the categories of the loaded assessments in `categoryOrder`. */
  categories: readonly CategoryName[];
  onCategory: (id: number) => void;
}

/** Every AM by every category; selecting a cell picks that category in the standing panel. */
export function HeatmapPanel({
  cycle,
  team,
  categoryOrder,
  categories,
  onCategory,
}: HeatmapPanelProps) {
  const scale = cycle.performance_scale;
  const model = useMemo(
    () => standingHeatmapChart({ assessments: team.loaded, scale, categoryOrder }),
    [team.loaded, scale, categoryOrder],
  );
  const onItemClick = (item: ChartClick) => {
    const value = item.value;
    if (!Array.isArray(value)) return;
    const category = categories[Number(value[1])];
    if (category) onCategory(category.id);
  };

  return (
    <section className="panel" aria-labelledby="heatmap-title">
      <div className="panel__header">
        <h2 id="heatmap-title">By category</h2>
      </div>
      {model ? (
        <Chart
          title={`Difference to the peer average by category, in points on the ${scale.min}–${scale.max} scale${partial(team)}`}
          note={
            <>
              Select a cell to show that category's intervals in “Against the peer average”.
              <StandingLegend />
            </>
          }
          onItemClick={onItemClick}
          {...model}
        />
      ) : team.pending > 0 ? (
        <Loading label="Loading assessments…" />
      ) : (
        <Empty title="No category results">
          <p>No account manager's book has category answers in this cycle.</p>
        </Empty>
      )}
    </section>
  );
}
