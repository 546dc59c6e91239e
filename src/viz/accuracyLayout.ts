/**
 * Params-versus-accuracy scatter of the zoo networks: parameters computed live by the engine (log x axis),
 * published ImageNet top-1 on y (cited per point). Pure: points in, positions and ticks out.
 */
import { scaleLinear, scaleLog } from 'd3';
import { overlapArea, type Box } from './box';

export interface AccuracyPoint {
  id: string;
  name: string;
  params: number;
  macs: number;
  top1: number;
  source: string;
  url: string;
}

export interface PlacedPoint extends AccuracyPoint {
  x: number;
  y: number;
  /** Radius grows with MACs (area proportional). */
  r: number;
  /** Where the name goes: its anchor point, alignment, box, and whether a leader line joins it to the circle. */
  label: PlacedLabel;
}

/** A placed name: text at (x, y) with `anchor`, inside `box`; `leader` when it sits away from its circle. */
export interface PlacedLabel {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
  leader: boolean;
}

/** Width per character and line height of the chart's 11 px labels (a little generous, so estimates err wide). */
const CHAR_W = 6.4;
const LABEL_H = 13;


/**
 * Places every name where it overlaps no other name, no circle and stays inside the chart: candidates around its
 * circle (right, left, above, below, the diagonals), then further out with a leader line; the first free one wins,
 * else the least-overlapping. Points are placed densest first, so crowded ones get the near positions.
 */
export function placeLabels(points: { x: number; y: number; r: number; name: string }[], bounds: Box): PlacedLabel[] {
  const circles = points.map((p) => ({ x: p.x - p.r, y: p.y - p.r, width: 2 * p.r, height: 2 * p.r }));
  const crowd = points.map((p) => points.filter((q) => Math.hypot(q.x - p.x, q.y - p.y) < 80).length);
  const order = points.map((_, i) => i).sort((a, b) => crowd[b]! - crowd[a]! || a - b);
  const placed: Box[] = [];
  const out: PlacedLabel[] = new Array(points.length);
  for (const i of order) {
    const p = points[i]!;
    const w = p.name.length * CHAR_W;
    const candidates: PlacedLabel[] = [];
    for (const [step, gap] of [3, 16, 30, 46].entries()) {
      const d = p.r + gap;
      const at = (x: number, y: number, anchor: PlacedLabel['anchor']): PlacedLabel => {
        const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
        return { x, y, anchor, box: { x: left, y: y - LABEL_H + 3, width: w, height: LABEL_H }, leader: step > 0 };
      };
      candidates.push(at(p.x + d, p.y + 4, 'start'), at(p.x - d, p.y + 4, 'end'), at(p.x, p.y - d, 'middle'), at(p.x, p.y + d + LABEL_H - 3, 'middle'));
      const k = d * Math.SQRT1_2;
      candidates.push(at(p.x + k, p.y - k, 'start'), at(p.x - k, p.y - k, 'end'), at(p.x + k, p.y + k + 8, 'start'), at(p.x - k, p.y + k + 8, 'end'));
    }
    const cost = (c: PlacedLabel) => {
      const b = c.box;
      const outside = b.x < bounds.x || b.y < bounds.y || b.x + b.width > bounds.x + bounds.width || b.y + b.height > bounds.y + bounds.height ? 1e6 : 0;
      return outside + placed.reduce((s, q) => s + overlapArea(b, q), 0) + circles.reduce((s, q) => s + overlapArea(b, q), 0);
    };
    let best = candidates[0]!;
    let bestCost = Infinity;
    for (const c of candidates) {
      const v = cost(c);
      if (v < bestCost) [best, bestCost] = [c, v];
      if (v === 0) break;
    }
    placed.push(best.box);
    out[i] = best;
  }
  return out;
}

export interface AccuracyLayout {
  points: PlacedPoint[];
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  xTicks: { x: number; value: number }[];
  yTicks: { y: number; value: number }[];
}

/** Places the points; x is log-scaled parameters, y top-1 accuracy in percent. */
export function layoutAccuracy(points: AccuracyPoint[], width = 640, height = 360): AccuracyLayout {
  const plot = { left: 56, top: 16, width: width - 56 - 150, height: height - 16 - 44 };
  const ps = points.map((p) => p.params);
  const x = scaleLog()
    .domain([Math.min(...ps, 1e6) / 1.5, Math.max(...ps, 1e7) * 1.5])
    .range([0, plot.width]);
  const accs = points.map((p) => p.top1);
  const y = scaleLinear()
    .domain([Math.floor(Math.min(...accs, 60) / 5) * 5, Math.ceil(Math.max(...accs, 70) / 5) * 5])
    .range([plot.height, 0]);
  const maxM = Math.max(1, ...points.map((p) => p.macs));
  const at = points.map((p) => ({ ...p, x: plot.left + x(p.params), y: plot.top + y(p.top1), r: 4 + 12 * Math.sqrt(p.macs / maxM) }));
  const labels = placeLabels(at, { x: 0, y: 0, width, height: plot.top + plot.height });
  return {
    points: at.map((p, i) => ({ ...p, label: labels[i]! })),
    width,
    height,
    plot,
    xTicks: x
      .ticks()
      .filter((t) => Math.log10(t) % 1 === 0 || [2e6, 5e6, 2e7, 5e7, 2e8].includes(t))
      .map((t) => ({ x: plot.left + x(t), value: t })),
    yTicks: y.ticks(6).map((t) => ({ y: plot.top + y(t), value: t })),
  };
}
