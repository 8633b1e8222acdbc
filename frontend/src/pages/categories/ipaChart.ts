// Importance-performance analysis (METHOD section 5): each category a point (importance,
// performance), dashed cross-hairs splitting the plane into four quadrants, each named by its
// corner, outside the plot. Markers carry the category's priority rank (the ranking beside it
// is the key); full names are drawn only where they fit without touching another label or
// marker, and every name is in the tooltip and the table.
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatNumber, shortLabel } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  chartBase,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  TOOLTIP_DIVIDER,
  topLegend,
  valueIndex,
} from '../../charts/parts';
import {
  crossHairMode,
  QUADRANT_ORDER,
  QUADRANTS,
  type CategoryRow,
  type CrossHair,
  type ImportanceInfo,
  type Quadrant,
} from './categoryRows';

export const IPA_HEIGHT = 500;
/** Pixels the grid, legend and axes take from the height (an estimate; the plot is below). */
const CHROME_Y = 160;
/** The narrowest plot the page lays out (a panel at 1280 px, or half of one at 1760 px). */
export const ASSUMED_PLOT_WIDTH = 560;
const MARKER = 22;
const NAME_CHARS = 22;

// --- Axis extents ---------------------------------------------------------------------------

export interface Extent {
  min: number;
  max: number;
}

/** A "nice" step (1, 2 or 5 times a power of ten) near `span / 5`. */
export function niceStep(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * An axis extent around `values` with `pad` of their span (as a fraction) on each side, kept
 * inside `bounds`, and rounded outward to a nice step. A single value gets a small span of its own.
 */
export function paddedExtent(
  values: readonly number[],
  pad: number,
  bounds: [number, number] | null,
): Extent {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return bounds ? { min: bounds[0], max: bounds[1] } : { min: 0, max: 1 };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  let span = hi - lo;
  if (span === 0) span = bounds ? (bounds[1] - bounds[0]) / 10 : Math.abs(hi) / 10 || 1;
  lo -= span * pad;
  hi += span * pad;
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step + 1e-9) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  if (bounds) {
    lo = Math.max(lo, bounds[0]);
    hi = Math.min(hi, bounds[1]);
  }
  // Undo the float noise of the rounding (0.30000000000000004).
  return { min: Number(lo.toPrecision(12)), max: Number(hi.toPrecision(12)) };
}

// --- Name labels -----------------------------------------------------------------------------

export type LabelSide = 'right' | 'left';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export interface LabelFrame {
  x: Extent;
  y: Extent;
  /** Plot size in pixels (the width assumed: the narrowest the layout gives). */
  width: number;
  height: number;
}

export interface LabelPoint {
  x: number;
  y: number;
  text: string;
}

const CHAR_WIDTH = 7;
const LINE_HEIGHT = 16;
const GAP = 4;

/**
 * Which points get their name drawn, and on which side: greedily in the order given (the most
 * urgent first), right of the marker if that box is free, else left, else none. A box is free
 * when it stays inside the plot and touches no marker, no name already placed, and no `blocked`
 * box (the quadrant names).
 */
export function placeNameLabels(
  points: readonly LabelPoint[],
  frame: LabelFrame,
  blocked: readonly Box[] = [],
  marker = MARKER,
): (LabelSide | null)[] {
  const px = (p: LabelPoint) => ({
    X: ((p.x - frame.x.min) / (frame.x.max - frame.x.min || 1)) * frame.width,
    Y: ((frame.y.max - p.y) / (frame.y.max - frame.y.min || 1)) * frame.height,
  });
  const r = marker / 2;
  const markers: Box[] = points.map((p) => {
    const { X, Y } = px(p);
    return { x0: X - r, y0: Y - r, x1: X + r, y1: Y + r };
  });
  const taken: Box[] = [...blocked];
  return points.map((p, i) => {
    const { X, Y } = px(p);
    const w = p.text.length * CHAR_WIDTH;
    const candidates: [LabelSide, Box][] = [
      [
        'right',
        { x0: X + r + GAP, y0: Y - LINE_HEIGHT / 2, x1: X + r + GAP + w, y1: Y + LINE_HEIGHT / 2 },
      ],
      [
        'left',
        { x0: X - r - GAP - w, y0: Y - LINE_HEIGHT / 2, x1: X - r - GAP, y1: Y + LINE_HEIGHT / 2 },
      ],
    ];
    for (const [side, box] of candidates) {
      const inside = box.x0 >= 0 && box.x1 <= frame.width && box.y0 >= 0 && box.y1 <= frame.height;
      if (!inside) continue;
      if (markers.some((m, j) => j !== i && overlaps(m, box))) continue;
      if (taken.some((t) => overlaps(t, box))) continue;
      taken.push(box);
      return side;
    }
    return null;
  });
}

/**
 * Groups of points whose markers would mostly cover each other (centres closer than `radius`
 * pixels, chained): each group is a list of indices in the order given. Lone points are groups of one.
 */
export function clusters(
  points: readonly { x: number; y: number }[],
  frame: LabelFrame,
  radius = MARKER / 2,
): number[][] {
  const px = points.map((p) => ({
    X: ((p.x - frame.x.min) / (frame.x.max - frame.x.min || 1)) * frame.width,
    Y: ((frame.y.max - p.y) / (frame.y.max - frame.y.min || 1)) * frame.height,
  }));
  const parent = points.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    return root;
  };
  for (let i = 0; i < px.length; i++) {
    for (let j = i + 1; j < px.length; j++) {
      const a = px[i];
      const b = px[j];
      if (a && b && Math.hypot(a.X - b.X, a.Y - b.Y) < radius) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
    }
  }
  const groups = new Map<number, number[]>();
  points.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()];
}

// --- The chart -------------------------------------------------------------------------------

export interface IpaInput {
  rows: readonly CategoryRow[];
  crossHair: CrossHair | null | undefined;
  importance: ImportanceInfo;
  performanceScale: { min: number; max: number };
}

/** A point: [importance, performance, index into the plotted rows]. */
type Point = [number, number, number];

function tooltipHtml(row: CategoryRow, input: IpaInput): string {
  return [
    `<strong>${row.rank ?? '–'}. ${escapeHtml(row.name)}</strong>`,
    row.quadrant ? escapeHtml(QUADRANTS[row.quadrant].label) : 'No quadrant',
    `${escapeHtml(input.importance.label)} ${escapeHtml(input.importance.format(row.importance))}`,
    `Mean performance ${formatNumber(row.performance, 2)} (${input.performanceScale.min}–${input.performanceScale.max} scale)`,
    `Priority ${formatNumber(row.priority, 2)} · ${row.n} answers`,
  ].join('<br>');
}

function summaryOf(plotted: readonly CategoryRow[], input: IpaInput): string {
  const groups = QUADRANT_ORDER.map((q) => {
    const names = plotted.filter((r) => r.quadrant === q).map((r) => r.name);
    return names.length > 0 ? `${QUADRANTS[q].label}: ${names.join(', ')}` : null;
  }).filter((g): g is string => g !== null);
  const cross = input.crossHair
    ? ` Cross-hairs at the ${crossHairMode(input.crossHair.mode)}: importance ${input.importance.format(input.crossHair.importance)}, performance ${formatNumber(input.crossHair.performance, 2)}.`
    : '';
  return `Importance against performance for ${plotted.length} categories.${cross} ${groups.join('. ')}.`;
}

/** The IPA scatter; `null` when no category has both means. */
export function ipaChart(input: IpaInput): ChartModel | null {
  const plotted = input.rows
    .filter((r) => r.importance !== null && r.performance !== null)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  if (plotted.length === 0) return null;
  const cross = input.crossHair ?? null;
  const x = paddedExtent(
    [...plotted.map((r) => r.importance ?? NaN), ...(cross ? [cross.importance] : [])],
    0.12,
    input.importance.bounds,
  );
  const y = paddedExtent(
    [...plotted.map((r) => r.performance ?? NaN), ...(cross ? [cross.performance] : [])],
    0.12,
    [input.performanceScale.min, input.performanceScale.max],
  );
  const frame: LabelFrame = { x, y, width: ASSUMED_PLOT_WIDTH, height: IPA_HEIGHT - CHROME_Y };

  // The quadrant names sit outside the plot, by its corners (top-left, top-right, bottom-left,
  // bottom-right), where no point can cover them.
  const corners: [number, number, Quadrant, string][] = [
    [x.min, y.max, 'possible_overkill', '↖ '],
    [x.max, y.max, 'keep_up_the_good_work', ' ↗'],
    [x.min, y.min, 'low_priority', '↙ '],
    [x.max, y.min, 'concentrate_here', ' ↘'],
  ];
  // Points that would sit on each other are named together by their ranks ("2, 3, 4, 5"), their
  // markers left without a number, and share one tooltip.
  const groupsOf = clusters(
    plotted.map((r) => ({ x: r.importance ?? 0, y: r.performance ?? 0 })),
    frame,
  );
  const clusterOf = new Map<number, number[]>();
  for (const g of groupsOf) for (const i of g) clusterOf.set(i, g);
  const crowded = (i: number) => (clusterOf.get(i)?.length ?? 1) > 1;
  const labelText = (i: number): string => {
    const group = clusterOf.get(i) ?? [i];
    if (group.length === 1) return shortLabel(plotted[i]?.name ?? '', NAME_CHARS);
    return group.map((j) => plotted[j]?.rank ?? '–').join(', ');
  };
  // One name label per group, at its first (most urgent) point.
  const heads = groupsOf.map((g) => g[0] ?? 0);
  const headSides = placeNameLabels(
    heads.map((i) => ({
      x: plotted[i]?.importance ?? 0,
      y: plotted[i]?.performance ?? 0,
      text: labelText(i),
    })),
    frame,
  );
  const sides = new Map(heads.map((i, k) => [i, headSides[k] ?? null]));

  const points: Point[] = plotted.map((r, i) => [r.importance ?? 0, r.performance ?? 0, i]);
  const groups: (Quadrant | null)[] = QUADRANT_ORDER.filter((q) =>
    plotted.some((r) => r.quadrant === q),
  );
  if (plotted.some((r) => r.quadrant === null)) groups.push(null);
  const rowOf = (p: unknown): CategoryRow | undefined => {
    return plotted[valueIndex(p, 2)];
  };

  const option: ChartOption = {
    ...chartBase(),
    legend: {
      ...topLegend(groups.map((q) => (q ? QUADRANTS[q].label : 'No quadrant'))),
      // The names beside the markers are a series of their own: hiding a quadrant would leave
      // them floating, so the legend only explains.
      selectedMode: false,
    },
    grid: plotGrid({ top: 66, left: 34, right: 24, bottom: 54 }),
    tooltip: itemTooltip((p) => {
      const group = clusterOf.get(valueIndex(p, 2)) ?? [];
      return group
        .map((i) => plotted[i])
        .filter((r): r is CategoryRow => r !== undefined)
        .map((r) => tooltipHtml(r, input))
        .join(TOOLTIP_DIVIDER);
    }),
    xAxis: {
      type: 'value',
      min: x.min,
      max: x.max,
      ...axisName(`${input.importance.label} (${input.importance.unit}) →`, 32),
      axisLabel: mutedLabels(input.importance.axis),
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'value',
      min: y.min,
      max: y.max,
      ...axisName(
        `Mean performance (${input.performanceScale.min}–${input.performanceScale.max} scale) →`,
        36,
      ),
      axisLabel: mutedLabels((v: number) => formatNumber(v, 1)),
      splitLine: gridLines(),
    },
    series: [
      ...groups.map((q) => {
        const style = q ? QUADRANTS[q] : null;
        return {
          type: 'scatter' as const,
          name: style?.label ?? 'No quadrant',
          symbol: 'circle',
          symbolSize: MARKER,
          z: 4,
          itemStyle: {
            color: style?.color ?? '#FFFFFF',
            borderColor: '#FFFFFF',
            borderWidth: 1.5,
            opacity: 0.95,
          },
          label: {
            show: true,
            position: 'inside' as const,
            color: style?.text ?? CHART_TEXT.color,
            fontSize: 11,
            fontWeight: 700,
            formatter: (p: unknown) => {
              return crowded(valueIndex(p, 2)) ? '' : String(rowOf(p)?.rank ?? '');
            },
          },
          emphasis: { scale: 1.2 },
          data: points.filter((pt) => plotted[pt[2]]?.quadrant === q),
        };
      }),
      {
        // The names that fit, beside their markers.
        type: 'scatter' as const,
        name: 'names',
        symbolSize: 0,
        silent: true,
        z: 3,
        tooltip: { show: false },
        label: {
          show: true,
          color: CHART_TEXT.color,
          fontSize: 12,
          distance: MARKER / 2 + 4,
          formatter: (p: unknown) => {
            const index = valueIndex(p, 2);
            return index === -1 ? '' : labelText(index);
          },
        },
        data: points.flatMap((pt) => {
          const side = sides.get(pt[2]);
          return side
            ? [{ value: pt, label: { position: side, fontWeight: crowded(pt[2]) ? 700 : 400 } }]
            : [];
        }),
      },
      {
        // The quadrant names in the corners, and the cross-hairs.
        type: 'scatter' as const,
        name: 'quadrants',
        symbolSize: 0,
        silent: true,
        tooltip: { show: false },
        data: corners.map(([cx, cy, q, arrow], i) => ({
          value: [cx, cy],
          label: {
            show: true,
            formatter:
              i % 2 === 0 ? `${arrow}${QUADRANTS[q].label}` : `${QUADRANTS[q].label}${arrow}`,
            color: CHART_TEXT.color,
            fontSize: 12,
            fontWeight: 600,
            // Above the plot for the top corners; below the tick labels for the bottom ones,
            // level with the axis name in the middle.
            position: [0, i < 2 ? -8 : 30] as [number, number],
            align: i % 2 === 0 ? ('left' as const) : ('right' as const),
            verticalAlign: i < 2 ? ('bottom' as const) : ('top' as const),
          },
        })),
        markLine: cross
          ? {
              silent: true,
              symbol: 'none',
              label: { show: false },
              lineStyle: { color: '#3E4C59', type: 'dashed', width: 1.5 },
              data: [{ xAxis: cross.importance }, { yAxis: cross.performance }],
            }
          : undefined,
      },
    ],
  };

  return {
    option,
    summary: summaryOf(plotted, input),
    table: {
      columns: [
        { label: 'Category' },
        { label: 'Priority rank', numeric: true },
        { label: `${input.importance.label} (${input.importance.unit})`, numeric: true },
        {
          label: `Mean performance (${input.performanceScale.min}–${input.performanceScale.max})`,
          numeric: true,
        },
        { label: 'Quadrant' },
      ],
      rows: plotted.map((r) => [
        r.name,
        r.rank === null ? '–' : String(r.rank),
        input.importance.format(r.importance),
        formatNumber(r.performance, 2),
        r.quadrant ? QUADRANTS[r.quadrant].label : '–',
      ]),
    },
    height: IPA_HEIGHT,
  };
}
