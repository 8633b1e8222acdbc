// Importance-performance analysis of one account (METHOD section 5): each category as a point
// (mean importance, mean performance), the cross-hairs splitting the plane into four quadrants
// that say what to do. The points, quadrants and cross-hairs are the API's
// (GET /category-results?account=ID); this only draws them.
import type { components } from '../../api/schema';
import type { CycleView } from '../../api/types';
import type { ChartOption } from '../../charts/echarts';
import { escapeHtml, formatNumber, formatSigned, shortLabel } from '../../charts/format';
import { CHART_TEXT, type ChartModel } from '../../charts/model';
import {
  axisName,
  chartBase,
  gridLines,
  itemTooltip,
  mutedLabels,
  plotGrid,
  topLegend,
} from '../../charts/parts';

export type CategoryResultsView = components['schemas']['CategoryResultsView'];
type CategoryResult = components['schemas']['CategoryResultView'];
export type Quadrant = components['schemas']['Quadrant'];
type ImportanceForm = CycleView['importance_form'];
type Scale = CycleView['performance_scale'];

export interface QuadrantStyle {
  label: string;
  /** What the quadrant asks for, in a few words. */
  help: string;
  /** Marker colour on white (contrast at least 3:1). */
  color: string;
  /** Text colour for the corner label (contrast at least 4.5:1). */
  text: string;
  symbol: string;
  /** The corner of the plot the quadrant fills. */
  corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
}

export const QUADRANT_ORDER: readonly Quadrant[] = [
  'concentrate_here',
  'keep_up_the_good_work',
  'possible_overkill',
  'low_priority',
];

export const QUADRANT_STYLES: Record<Quadrant, QuadrantStyle> = {
  concentrate_here: {
    label: 'Concentrate here',
    help: 'important, performing below the cross-hair',
    color: '#D55E00',
    text: '#9A3F00',
    symbol: 'diamond',
    corner: 'bottom-right',
  },
  keep_up_the_good_work: {
    label: 'Keep up the good work',
    help: 'important, performing well',
    color: '#0072B2',
    text: '#005A8C',
    symbol: 'circle',
    corner: 'top-right',
  },
  possible_overkill: {
    label: 'Possible overkill',
    help: 'less important, performing well',
    color: '#009E73',
    text: '#00674B',
    symbol: 'triangle',
    corner: 'top-left',
  },
  low_priority: {
    label: 'Low priority',
    help: 'less important, performing below the cross-hair',
    color: '#7B8794',
    text: '#3E4C59',
    symbol: 'rect',
    corner: 'bottom-left',
  },
};

interface ImportanceAxis {
  name: string;
  factor: number;
  digits: number;
  bounds: [number, number];
}

/** How importance reads on the x axis: a rating, a share of respondents (in %), or a weight. */
export function importanceAxis(form: ImportanceForm): ImportanceAxis {
  switch (form.form) {
    case 'rating': {
      const s = form.scale ?? { min: 1, max: 10 };
      return {
        name: `Mean importance (${s.min}–${s.max} scale)`,
        factor: 1,
        digits: 2,
        bounds: [s.min, s.max],
      };
    }
    case 'pick':
      return {
        name: 'Respondents who picked it as important (%)',
        factor: 100,
        digits: 0,
        bounds: [0, 100],
      };
    default:
      return { name: 'Derived importance (weight)', factor: 1, digits: 2, bounds: [0, 1] };
  }
}

export interface IpaPoint {
  result: CategoryResult;
  quadrant: Quadrant;
  x: number;
  y: number;
}

/** The categories with both means and a quadrant, as points in the axis units. */
export function ipaPoints(view: CategoryResultsView, form: ImportanceForm): IpaPoint[] {
  const { factor } = importanceAxis(form);
  return view.categories.flatMap((result) =>
    result.mean_importance != null && result.mean_performance != null && result.quadrant
      ? [
          {
            result,
            quadrant: result.quadrant,
            x: result.mean_importance * factor,
            y: result.mean_performance,
          },
        ]
      : [],
  );
}

/**
 * A range around the values, padded and rounded to the step. It may reach half a step past the
 * scale's ends, so that a point on an end is not drawn on the frame under a quadrant's name.
 */
function around(
  values: readonly number[],
  bounds: [number, number],
  step: number,
): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.12, step / 2);
  return [
    Math.max(bounds[0] - step / 2, Math.floor((lo - pad) / step) * step),
    Math.min(bounds[1] + step / 2, Math.ceil((hi + pad) / step) * step),
  ];
}

/** Axis labels on the steps only: the half steps past the scale's ends stay unlabelled. */
function onStep(step: number, digits: number) {
  return (v: number) =>
    Math.abs(v / step - Math.round(v / step)) < 1e-9 ? formatNumber(v, digits) : '';
}

function niceStep(span: number): number {
  if (span > 40) return 10;
  if (span > 8) return 1;
  if (span > 2) return 0.5;
  return 0.1;
}

/**
 * Pixels of the smallest plot the page lays out (the panel is at least this wide from a 1280px
 * screen up): labels kept apart here stay apart on any wider plot.
 */
const PLOT = { width: 760, height: 340 } as const;
const LABEL = { height: 16, charWidth: 6.6, gap: 10 } as const;
/** Half the size of a marker, and the shifts a label may take off its point, in pixels. */
const MARKER = 7;
const SHIFTS = [0, -6, 6];

export interface PlacedLabel {
  /** The label's text; '' when the point shares the label of an identical point. */
  text: string;
  /** Left of the point in the right part of the plot, so that it is never cut at the edge. */
  side: 'left' | 'right';
  /** Vertical shift in pixels that keeps the label off the ones above it. */
  dy: number;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

/**
 * Labels for the points that do not overlap: points at the same spot share one label
 * ("Consultation, Product knowledge"); a label that would cover another label or a marker tries
 * the other side of its point and small shifts up and down. When none is free, the label is left
 * out (the tooltip and the table still name the point): a label far from its point would
 * mislead.
 * (echarts' own label layout is a feature the app does not load.)
 */
export function placeLabels(
  points: readonly { x: number; y: number; name: string }[],
  x: [number, number],
  y: [number, number],
  maxChars = 26,
): PlacedLabel[] {
  const px = (v: number) => ((v - x[0]) / (x[1] - x[0] || 1)) * PLOT.width;
  const py = (v: number) => ((y[1] - v) / (y[1] - y[0] || 1)) * PLOT.height;
  const placed: PlacedLabel[] = points.map(() => ({ text: '', side: 'right', dy: 0 }));
  // Each point joins the first earlier group leader within 3 pixels, or leads a group itself.
  const owner: number[] = [];
  points.forEach((p, i) => {
    const near = (j: number) =>
      Math.abs(px(points[j]!.x) - px(p.x)) < 3 && Math.abs(py(points[j]!.y) - py(p.y)) < 3;
    owner.push(owner.findIndex((leader, j) => leader === j && near(j)));
    if (owner[i] === -1) owner[i] = i;
  });
  const markers: Box[] = points.map((p) => ({
    left: px(p.x) - MARKER,
    right: px(p.x) + MARKER,
    top: py(p.y) - MARKER,
    bottom: py(p.y) + MARKER,
  }));
  const boxes = [...markers];
  const order = points
    .map((p, i) => ({ p, i }))
    .filter(({ i }) => owner[i] === i)
    .sort((a, b) => py(a.p.y) - py(b.p.y) || px(a.p.x) - px(b.p.x));
  for (const { p, i } of order) {
    const text = points
      .filter((_q, j) => owner[j] === i)
      .map((q) => shortLabel(q.name, maxChars))
      .join(', ');
    const width = text.length * LABEL.charWidth;
    const fitsRight = px(p.x) + LABEL.gap + width <= PLOT.width;
    const sides: PlacedLabel['side'][] = fitsRight ? ['right', 'left'] : ['left', 'right'];
    const start = py(p.y) - LABEL.height / 2;
    let found: { side: PlacedLabel['side']; box: Box; dy: number } | null = null;
    search: for (const dy of SHIFTS) {
      for (const side of sides) {
        const left = side === 'right' ? px(p.x) + LABEL.gap : px(p.x) - LABEL.gap - width;
        const box = {
          left,
          right: left + width,
          top: start + dy,
          bottom: start + dy + LABEL.height,
        };
        if (box.left < 0 || box.right > PLOT.width || box.top < 0 || box.bottom > PLOT.height)
          continue;
        if (boxes.some((b) => overlaps(box, b))) continue;
        found = { side, box, dy };
        break search;
      }
    }
    if (!found) continue;
    boxes.push(found.box);
    placed[i] = { text, side: found.side, dy: found.dy };
  }
  return placed;
}

export interface IpaInput {
  view: CategoryResultsView;
  form: ImportanceForm;
  scale: Scale;
}

/** The IPA scatter with cross-hairs and named quadrants; `null` without points or cross-hairs. */
export function ipaChart({ view, form, scale }: IpaInput): ChartModel | null {
  const cross = view.cross_hair;
  const points = ipaPoints(view, form);
  if (view.withheld || !cross || points.length === 0) return null;
  const axis = importanceAxis(form);
  const cx = cross.importance * axis.factor;
  const cy = cross.performance;
  const xs = [...points.map((p) => p.x), cx];
  const ys = [...points.map((p) => p.y), cy];
  const xStep = niceStep(axis.bounds[1] - axis.bounds[0]);
  const yStep = niceStep(scale.max - scale.min);
  const [xMin, xMax] = around(xs, axis.bounds, xStep);
  const [yMin, yMax] = around(ys, [scale.min, scale.max], yStep);
  const present = QUADRANT_ORDER.filter((q) => points.some((p) => p.quadrant === q));
  const labels = placeLabels(
    points.map((p) => ({ x: p.x, y: p.y, name: p.result.name })),
    [xMin, xMax],
    [yMin, yMax],
  );
  const item = (p: IpaPoint) => {
    const label = labels[points.indexOf(p)] ?? { text: '', side: 'right', dy: 0 };
    return {
      value: [p.x, p.y],
      label: {
        show: label.text !== '',
        formatter: label.text,
        position: label.side,
        offset: [0, label.dy],
      },
    };
  };

  const cornerLabels = QUADRANT_ORDER.map((q) => {
    const style = QUADRANT_STYLES[q];
    const right = style.corner.endsWith('right');
    const top = style.corner.startsWith('top');
    // Outside the plot, at its corners: above the frame, or below the axis labels, where no
    // point or point label can be.
    return {
      value: [right ? xMax : xMin, top ? yMax : yMin],
      label: {
        show: true,
        formatter: style.label,
        position: [0, top ? -6 : 26],
        align: right ? ('right' as const) : ('left' as const),
        verticalAlign: top ? ('bottom' as const) : ('top' as const),
        color: style.text,
        fontWeight: 700,
        fontSize: 13,
      },
    };
  });

  const tooltipOf = (p: IpaPoint) => {
    const r = p.result;
    return [
      `<strong>${escapeHtml(r.name)}</strong> · ${escapeHtml(QUADRANT_STYLES[p.quadrant].label)}`,
      `Importance ${formatNumber(p.x, axis.digits)}${form.form === 'pick' ? '%' : ''}; performance ${formatNumber(p.y, 2)}`,
      `Gap ${formatSigned(r.gap, 2)} points; priority ${formatNumber(r.priority, 2)}`,
      `${r.n} performance ${r.n === 1 ? 'answer' : 'answers'}`,
    ].join('<br>');
  };

  const option: ChartOption = {
    ...chartBase(),
    legend: topLegend(present.map((q) => QUADRANT_STYLES[q].label)),
    grid: plotGrid({ top: 64, left: 8, right: 24, bottom: 64 }, 'all'),
    tooltip: itemTooltip((p) => {
      const { seriesName, dataIndex } = p as { seriesName?: string; dataIndex: number };
      const q = QUADRANT_ORDER.find((k) => QUADRANT_STYLES[k].label === seriesName);
      const point = q ? points.filter((pt) => pt.quadrant === q)[dataIndex] : undefined;
      return point ? tooltipOf(point) : '';
    }),
    xAxis: {
      type: 'value',
      min: xMin,
      max: xMax,
      ...axisName(axis.name, 28),
      axisLabel: mutedLabels(onStep(xStep, xStep < 1 ? 1 : 0)),
      axisLine: { onZero: false },
      splitLine: gridLines(),
    },
    yAxis: {
      type: 'value',
      min: yMin,
      max: yMax,
      ...axisName(`Mean performance (${scale.min}–${scale.max} scale)`, 34),
      axisLabel: mutedLabels(onStep(yStep, yStep < 1 ? 1 : 0)),
      axisLine: { show: true, onZero: false, lineStyle: { color: CHART_TEXT.axis } },
      splitLine: gridLines(),
    },
    series: [
      ...present.map((q) => {
        const style = QUADRANT_STYLES[q];
        return {
          type: 'scatter' as const,
          name: style.label,
          data: points.filter((p) => p.quadrant === q).map(item),
          symbol: style.symbol,
          symbolSize: 13,
          itemStyle: { color: style.color, borderColor: '#FFFFFF', borderWidth: 1 },
          label: {
            position: 'right' as const,
            distance: 10,
            fontSize: 12,
            color: CHART_TEXT.color,
          },
          z: 3,
        };
      }),
      {
        type: 'scatter',
        name: 'quadrants',
        data: cornerLabels,
        symbolSize: 0,
        silent: true,
        tooltip: { show: false },
        z: 1,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#3E4C59', type: 'dashed', width: 1.2 },
          label: { show: false },
          data: [{ xAxis: cx }, { yAxis: cy }],
        },
      },
    ],
  };
  const counts = present.map(
    (q) =>
      `${points.filter((p) => p.quadrant === q).length} ${QUADRANT_STYLES[q].label.toLowerCase()}`,
  );
  const concentrate = points
    .filter((p) => p.quadrant === 'concentrate_here')
    .map((p) => p.result.name);
  const where =
    cross.mode === 'scale_midpoint' ? 'the scale midpoints' : 'the means over the categories';
  return {
    option,
    summary:
      `${points.length} categories by importance and performance, cross-hairs at ${where} ` +
      `(importance ${formatNumber(cx, axis.digits)}, performance ${formatNumber(cy, 2)}): ${counts.join(', ')}.` +
      (concentrate.length > 0 ? ` Concentrate here: ${concentrate.join(', ')}.` : ''),
    table: {
      columns: [
        { label: 'Category' },
        { label: 'Quadrant' },
        {
          label: form.form === 'pick' ? 'Picked as important (%)' : 'Mean importance',
          numeric: true,
        },
        { label: 'Mean performance', numeric: true },
        { label: 'Answers', numeric: true },
        { label: 'Gap (points)', numeric: true },
        { label: 'Priority', numeric: true },
      ],
      rows: QUADRANT_ORDER.flatMap((q) =>
        points
          .filter((p) => p.quadrant === q)
          .map((p) => [
            p.result.name,
            QUADRANT_STYLES[q].label,
            formatNumber(p.x, axis.digits),
            formatNumber(p.y, 2),
            String(p.result.n),
            formatSigned(p.result.gap, 2),
            formatNumber(p.result.priority, 2),
          ]),
      ),
    },
    height: 470,
  };
}
