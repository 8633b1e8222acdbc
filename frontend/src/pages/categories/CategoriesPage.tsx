import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';

import { isStatus } from '../../api/client';
import { accountManagersQuery } from '../../api/queries/accountManagers';
import { categoryResultsQuery, derivedImportanceQuery } from '../../api/queries/categoryResults';
import type { AccountManagerSummary, CycleView } from '../../api/types';
import { useCycle, useCycleLink } from '../../app/cycle';
import { useUser } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount, formatNumber, formatSigned, shortLabel } from '../../charts/format';
import { Chart } from '../../components/Chart';
import { DataTable, type Column } from '../../components/DataTable';
import { Empty } from '../../components/Empty';
import { QueryError } from '../../components/QueryError';
import { Loading } from '../../components/Loading';
import {
  categoryRows,
  crossHairMode,
  formatShare,
  importanceInfo,
  performanceUnit,
  QUADRANT_ORDER,
  QUADRANTS,
  type CategoryResultsView,
  type CategoryRow,
  type ImportanceInfo,
  type Quadrant,
} from './categoryRows';
import {
  derivedChart,
  derivedName,
  derivedRows,
  usesLmg,
  type DerivedImportanceView,
  type DerivedRow,
} from './derivedChart';
import { ipaChart } from './ipaChart';
import { priorityChart } from './priorityChart';
import { parseScope, SCOPE_PARAM, scopeParam, type Scope } from './scope';
import './categories.css';

/** `/categories`: the priority ranking and the IPA of the organization or one AM's book. */
export function CategoriesPage() {
  usePageTitle('Categories');
  const cycle = useCycle();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const scope = parseScope(params.get(SCOPE_PARAM), user);
  const summaries = useQuery(accountManagersQuery(cycle.key));
  const results = useQuery(categoryResultsQuery(cycle.key, scope));

  const setScope = (next: Scope) =>
    setParams(
      (prev) => {
        const search = new URLSearchParams(prev);
        search.set(SCOPE_PARAM, scopeParam(next));
        return search;
      },
      { replace: true, preventScrollReset: true },
    );
  const am = scope === null ? undefined : summaries.data?.find((s) => s.id === scope);

  return (
    <section className="page" aria-labelledby="categories-title">
      <header className="page__header">
        <h1 id="categories-title">Categories</h1>
        <Subtitle cycle={cycle} scope={scope} am={am} view={results.data} />
      </header>
      <div className="categories-toolbar">
        <ScopePicker
          scope={scope}
          summaries={summaries.data}
          loading={summaries.isPending}
          onChange={setScope}
        />
      </div>
      {summaries.isError && (
        <QueryError title="The list of account managers could not be loaded" query={summaries} />
      )}
      {results.isPending ? (
        <Loading label="Loading category results…" />
      ) : results.isError ? (
        <QueryError title="The category results could not be loaded" query={results} />
      ) : results.data.withheld ? (
        <Empty title="These figures are withheld">
          <p>
            This book has fewer responses than the organization's anonymity threshold, so its
            category figures are not shown: they could point at one customer's answers. The
            organization's figures are available under “Whole organization”.
          </p>
        </Empty>
      ) : results.data.categories.every((c) => c.n === 0) ? (
        <Empty title={`No category answers in cycle ${cycle.key}`}>
          <p>
            {scope === null
              ? 'No response in this cycle rated a category. Pick another cycle in the header.'
              : 'No response under this account manager in this cycle rated a category. Pick another cycle or scope.'}
          </p>
        </Empty>
      ) : (
        <Results cycle={cycle} view={results.data} scope={scope} />
      )}
    </section>
  );
}

function Subtitle({
  cycle,
  scope,
  am,
  view,
}: {
  cycle: CycleView;
  scope: Scope;
  am: AccountManagerSummary | undefined;
  view: CategoryResultsView | undefined;
}) {
  const link = useCycleLink();
  return (
    <p className="page__subtitle">
      Cycle <strong>{cycle.key}</strong> ·{' '}
      {scope === null ? (
        'whole organization'
      ) : (
        <>
          book of{' '}
          <Link to={link(`/account-managers/${scope}`)}>
            {am?.name ?? `account manager ${scope}`}
          </Link>
        </>
      )}
      {view && !view.withheld && <> · {formatCount(view.respondents)} respondents</>}
      {view?.nps && view.nps.nps != null && !view.withheld && (
        <>
          {' '}
          · NPS {formatSigned(view.nps.nps, 0)} ± {formatNumber(view.nps.margin_of_error, 0)} (n ={' '}
          {formatCount(view.nps.n)})
        </>
      )}
    </p>
  );
}

function ScopePicker({
  scope,
  summaries,
  loading,
  onChange,
}: {
  scope: Scope;
  summaries: AccountManagerSummary[] | undefined;
  loading: boolean;
  onChange: (scope: Scope) => void;
}) {
  const id = useId();
  const user = useUser();
  const list = summaries ?? [];
  const known = scope === null || list.some((s) => s.id === scope);
  const own = user.role === 'account_manager';
  return (
    <div className="field field--inline scope-picker">
      <label htmlFor={id}>Scope</label>
      <select
        id={id}
        value={scopeParam(scope)}
        onChange={(e) => onChange(e.target.value === 'org' ? null : Number(e.target.value))}
      >
        <option value="org">Whole organization</option>
        {!known && (
          <option value={scopeParam(scope)}>
            {loading ? 'Loading…' : `Account manager ${scope}`}
          </option>
        )}
        {list.length > 0 && (
          <optgroup label={own ? 'Your book' : 'Book of one account manager'}>
            {list.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
                {s.team ? ` (${s.team})` : ''} · {formatCount(s.responses)} responses
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}

function Results({
  cycle,
  view,
  scope,
}: {
  cycle: CycleView;
  view: CategoryResultsView;
  scope: Scope;
}) {
  const importance = useMemo(() => importanceInfo(cycle.importance_form), [cycle.importance_form]);
  const rows = useMemo(() => categoryRows(view), [view]);
  const priority = useMemo(() => priorityChart(rows, importance), [rows, importance]);
  const ipa = useMemo(
    () =>
      ipaChart({
        rows,
        crossHair: view.cross_hair,
        importance,
        performanceScale: cycle.performance_scale,
      }),
    [rows, view.cross_hair, importance, cycle.performance_scale],
  );

  return (
    <>
      <HowToRead importance={importance} />
      <div className="chart-grid categories-grid">
        <section className="panel" aria-labelledby="priority-title">
          <div className="panel__header">
            <h2 id="priority-title">Where to act first</h2>
          </div>
          {priority ? (
            <Chart
              title="Categories ranked by priority"
              note="Priority weighs how important a category is by the share of answers short of the top two points of the scale. Bars are coloured by IPA quadrant."
              {...priority}
            />
          ) : (
            <Empty title="No priority to rank">
              <p>No category has both an importance and a performance in this scope.</p>
            </Empty>
          )}
        </section>
        <section className="panel" aria-labelledby="ipa-title">
          <div className="panel__header">
            <h2 id="ipa-title">Importance against performance</h2>
          </div>
          {ipa ? (
            <Chart
              title="Importance-performance analysis (IPA)"
              note={
                <>
                  Each numbered point is a category (its number is its priority rank). Dashed lines:
                  the cross-hairs
                  {view.cross_hair ? (
                    <>
                      {' '}
                      at the {crossHairMode(view.cross_hair.mode)}, importance{' '}
                      {importance.format(view.cross_hair.importance)} and performance{' '}
                      {formatNumber(view.cross_hair.performance, 2)}
                    </>
                  ) : null}
                  . Hover a point for its figures.
                </>
              }
              {...ipa}
            />
          ) : (
            <Empty title="No category to place">
              <p>No category has both a mean importance and a mean performance in this scope.</p>
            </Empty>
          )}
        </section>
      </div>
      <CategoryTable
        rows={rows}
        importance={importance}
        performanceScale={cycle.performance_scale}
      />
      <DerivedSection cycle={cycle} scope={scope} importance={importance} />
    </>
  );
}

function HowToRead({ importance }: { importance: ImportanceInfo }) {
  return (
    <div className="how-to-read">
      <p>
        <strong>Importance</strong> is {importance.help}. <strong>Priority</strong> (0 to 1) is that
        importance, normalised to 0–1, times the share of performance answers outside the top two
        points of the scale: a category many call important but few rate highly ranks first. The{' '}
        <strong>gap</strong> is the expected level minus the mean performance, in points of the
        performance scale; above zero, customers get less than they expect.
      </p>
      <ul className="legend-list" aria-label="IPA quadrants">
        {QUADRANT_ORDER.map((q) => (
          <li key={q}>
            <QuadrantTag quadrant={q} />
            <span className="legend-list__text">{QUADRANTS[q].help}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function QuadrantTag({ quadrant }: { quadrant: Quadrant | null }) {
  if (!quadrant) return <span className="muted">–</span>;
  const style = QUADRANTS[quadrant];
  return (
    <span className="quadrant-tag">
      <span
        className="quadrant-tag__swatch"
        style={{ background: style.color }}
        aria-hidden="true"
      />
      {style.label}
    </span>
  );
}

/** A category's name without its "(e.g., …)" aside, which the title keeps. */
function CategoryName({ name }: { name: string }) {
  const short = shortLabel(name, 64);
  return short === name ? <>{name}</> : <span title={name}>{short}</span>;
}

function CategoryTable({
  rows,
  importance,
  performanceScale,
}: {
  rows: CategoryRow[];
  importance: ImportanceInfo;
  performanceScale: CycleView['performance_scale'];
}) {
  const scale = performanceUnit(performanceScale);
  const columns: Column<CategoryRow>[] = [
    {
      key: 'name',
      header: 'Category',
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => <CategoryName name={r.name} />,
    },
    {
      key: 'rank',
      header: 'Rank',
      numeric: true,
      description: 'Rank by priority: 1 is where to act first',
      sortValue: (r) => r.rank,
      cell: (r) => (r.rank === null ? '–' : r.rank),
    },
    {
      key: 'priority',
      header: 'Priority',
      numeric: true,
      description: 'Normalised importance × (1 − top-box share), 0 to 1',
      sortValue: (r) => r.priority,
      cell: (r) => formatNumber(r.priority, 3),
    },
    {
      key: 'quadrant',
      header: 'Quadrant',
      description: 'IPA quadrant against the cross-hairs',
      sortValue: (r) => (r.quadrant ? QUADRANT_ORDER.indexOf(r.quadrant) : null),
      cell: (r) => <QuadrantTag quadrant={r.quadrant} />,
    },
    {
      key: 'importance',
      header: importance.heading,
      numeric: true,
      description: `${importance.label}: ${importance.help}`,
      sortValue: (r) => r.importance,
      cell: (r) => importance.format(r.importance),
    },
    {
      key: 'performance',
      header: `Performance (${performanceScale.min}–${performanceScale.max})`,
      description: `Mean performance on the ${scale}`,
      numeric: true,
      sortValue: (r) => r.performance,
      cell: (r) => formatNumber(r.performance, 2),
    },
    {
      key: 'gap',
      header: 'Gap (pts)',
      numeric: true,
      description: `Expected level minus mean performance, in points of the ${scale}; above zero, customers get less than they expect`,
      sortValue: (r) => r.gap,
      cell: (r) => formatSigned(r.gap, 2),
    },
    {
      key: 'top',
      header: 'Top box',
      numeric: true,
      description: 'Share of performance answers in the top two points of the scale',
      sortValue: (r) => r.topBox,
      cell: (r) => formatShare(r.topBox),
    },
    {
      key: 'bottom',
      header: 'Bottom box',
      numeric: true,
      description: 'Share of performance answers in the bottom two points of the scale',
      sortValue: (r) => r.bottomBox,
      cell: (r) => formatShare(r.bottomBox),
    },
    {
      key: 'n',
      header: 'Answers',
      numeric: true,
      description: 'Performance answers (no answer and “not applicable” excluded)',
      sortValue: (r) => r.n,
      cell: (r) => formatCount(r.n),
    },
  ];
  return (
    <section className="panel categories-table" aria-labelledby="category-table-title">
      <div className="panel__header">
        <h2 id="category-table-title">Every figure</h2>
      </div>
      <DataTable
        caption="Each category's results in this scope; select a column heading to sort."
        columns={columns}
        rows={rows}
        rowKey={(r) => r.id}
        initialSort={{ key: 'rank', direction: 'ascending' }}
      />
    </section>
  );
}

function DerivedSection({
  cycle,
  scope,
  importance,
}: {
  cycle: CycleView;
  scope: Scope;
  importance: ImportanceInfo;
}) {
  const derived = useQuery(derivedImportanceQuery(cycle.key, scope));
  // Roles the API does not show derived importance to get no section at all.
  if (derived.isError && isStatus(derived.error, 403)) return null;
  return (
    <section className="panel categories-table" aria-labelledby="derived-title">
      <div className="panel__header">
        <h2 id="derived-title">Stated against derived importance</h2>
      </div>
      {derived.isPending ? (
        <Loading label="Loading derived importance…" />
      ) : derived.isError ? (
        <QueryError title="Derived importance could not be loaded" query={derived} />
      ) : (
        <Derived view={derived.data} importance={importance} />
      )}
    </section>
  );
}

function Derived({
  view,
  importance,
}: {
  view: DerivedImportanceView;
  importance: ImportanceInfo;
}) {
  const model = useMemo(() => derivedChart(view, importance), [view, importance]);
  const rows = useMemo(() => derivedRows(view), [view]);
  const name = derivedName(view);
  const hidden = rows.filter((r) => r.hiddenDriver);
  const columns: Column<DerivedRow>[] = [
    {
      key: 'name',
      header: 'Category',
      rowHeader: true,
      sortValue: (r) => r.name,
      cell: (r) => <CategoryName name={r.name} />,
    },
    {
      key: 'stated',
      header: `Stated (${importance.unitShort})`,
      numeric: true,
      description: `Stated importance: ${importance.help}`,
      sortValue: (r) => r.stated,
      cell: (r) => importance.format(r.stated),
    },
    {
      key: 'statedRank',
      header: 'Stated rank',
      numeric: true,
      sortValue: (r) => r.statedRank,
      cell: (r) => r.statedRank ?? '–',
    },
    {
      key: 'pearson',
      header: 'Pearson r',
      numeric: true,
      description:
        'Correlation of the category’s performance with the outcome indicator, −1 to 1 (none under 10 pairs)',
      sortValue: (r) => r.pearson,
      cell: (r) => formatSigned(r.pearson, 2),
    },
    {
      key: 'pearsonRank',
      header: 'Pearson rank',
      numeric: true,
      sortValue: (r) => r.pearsonRank,
      cell: (r) => r.pearsonRank ?? '–',
    },
    {
      key: 'lmg',
      header: 'LMG (% of R²)',
      numeric: true,
      description: 'The category’s Shapley share of the R² of the outcome on all categories',
      sortValue: (r) => r.lmgShare,
      cell: (r) => (r.lmgShare === null ? '–' : `${formatNumber(r.lmgShare * 100, 1)}%`),
    },
    {
      key: 'lmgRank',
      header: 'LMG rank',
      numeric: true,
      sortValue: (r) => r.lmgRank,
      cell: (r) => r.lmgRank ?? '–',
    },
    {
      key: 'hidden',
      header: 'Hidden driver',
      description: `Stated rank in the bottom half, ${name} rank in the top half`,
      sortValue: (r) => (r.hiddenDriver ? 0 : 1),
      cell: (r) =>
        r.hiddenDriver ? (
          <span className="hidden-driver">◆ Hidden driver</span>
        ) : (
          <span className="muted">no</span>
        ),
    },
  ];

  return (
    <>
      <p className="derived-note">
        What customers <em>say</em> matters (stated rank) against what <em>moves</em> their outcome
        (derived rank).{' '}
        {usesLmg(view) ? (
          <>
            Hidden drivers rest on LMG over {formatCount(view.complete_cases)} complete responses
            {view.r_squared != null && (
              <>
                {' '}
                (the categories together explain R² = {formatNumber(view.r_squared, 2)} of the
                outcome)
              </>
            )}
            .
          </>
        ) : (
          <>
            Hidden drivers rest on Pearson correlations: LMG needs at least 30 complete responses
            and at most 15 categories ({formatCount(view.complete_cases)} complete here).
          </>
        )}{' '}
        {hidden.length > 0 ? (
          <strong>
            {hidden.length === 1 ? '1 hidden driver' : `${hidden.length} hidden drivers`}:{' '}
            {hidden.map((r) => r.name).join(', ')}.
          </strong>
        ) : (
          'No hidden driver in this scope.'
        )}
      </p>
      {model ? (
        <Chart
          title={`Stated rank against ${name} rank`}
          note="Ring: stated rank; dot: derived rank (a ring around a dot: both agree); a vermillion diamond (◆) marks a hidden driver. The longer the line, the more the two disagree."
          {...model}
        />
      ) : (
        <Empty title="No derived importance in this scope">
          <p>
            Derived importance needs at least 10 responses with both the category and the outcome
            indicator.
          </p>
        </Empty>
      )}
      <DataTable
        caption="Stated and derived importance of each category; select a column heading to sort."
        columns={columns}
        rows={rows}
        rowKey={(r) => r.key}
        initialSort={{ key: 'statedRank', direction: 'ascending' }}
      />
    </>
  );
}
