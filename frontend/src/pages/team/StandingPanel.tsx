import { useMemo } from 'react';

import type { CycleView } from '../../api/types';
import { amStandingChart } from '../../charts/amStanding';
import { categoryKey, measureInfo, WHOLE_BOOK, type MeasureKey } from '../../charts/measures';
import { Chart } from '../../components/Chart';
import { Empty } from '../../components/Empty';
import { Loading } from '../../components/Loading';
import { partial } from './TeamProgress';
import type { TeamAssessments } from './useTeamAssessments';

interface StandingPanelProps {
  cycle: CycleView;
  team: TeamAssessments;
  measure: MeasureKey;
  categories: { id: number; name: string }[];
  onMeasure: (key: MeasureKey) => void;
}

/** Every AM's difference to the peer average on one measure, picked here, with intervals. */
export function StandingPanel({ cycle, team, measure, categories, onMeasure }: StandingPanelProps) {
  const scale = cycle.performance_scale;
  const categoryName = categories.find((c) => categoryKey(c.id) === measure)?.name;
  const info = measureInfo(measure, scale, categoryName);
  const model = useMemo(
    () => amStandingChart({ assessments: team.loaded, measure, scale, categoryName }),
    [team.loaded, measure, scale, categoryName],
  );

  return (
    <section id="standing" className="panel" aria-labelledby="standing-title">
      <div className="panel__header">
        <h2 id="standing-title">Against the peer average</h2>
        <div className="field field--inline">
          <label htmlFor="measure">Measure</label>
          <select
            id="measure"
            value={measure}
            onChange={(e) => onMeasure(e.target.value as MeasureKey)}
          >
            <optgroup label="Whole book">
              {WHOLE_BOOK.map((key) => (
                <option key={key} value={key}>
                  {measureInfo(key, scale).label}
                </option>
              ))}
            </optgroup>
            {categories.length > 0 && (
              <optgroup label="Category">
                {categories.map((c) => (
                  <option key={c.id} value={categoryKey(c.id)}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
      </div>
      {model ? (
        <Chart
          title={`${info.label}: difference to the peer average${partial(team)}`}
          note="Each point is an account manager's difference; the line is its 95% interval. Hollow marks may be chance."
          {...model}
        />
      ) : team.pending > 0 ? (
        <Loading label="Loading assessments…" />
      ) : (
        <Empty title="No assessment to show">
          <p>None of the account managers' assessments could be loaded for this cycle.</p>
        </Empty>
      )}
    </section>
  );
}
