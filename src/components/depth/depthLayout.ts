/**
 * Layout of the depth experiment's second chart (d3 computes, React renders): final training error against depth,
 * one line for the plain networks and one for the residual ones, as in He et al.'s table. Pure; tested in Node.
 */
import { line, scaleLinear, scalePoint } from 'd3';

/** One depth's final errors (null where that run has not trained yet). */
export interface DepthPoint {
  depth: number;
  plain: number | null;
  residual: number | null;
}

/** Paths and ticks of the error-vs-depth chart. */
export interface DepthLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  plain: string;
  residual: string;
  dots: { depth: number; kind: 'plain' | 'residual'; x: number; y: number; value: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** Lays out error (0 to the largest seen, at least 10%) against depth, depths evenly spaced as the paper's columns. */
export function depthLayout(points: readonly DepthPoint[], width: number, height: number): DepthLayout {
  const margin = { top: 8, right: 12, bottom: 28, left: 44 };
  const iw = Math.max(1, width - margin.left - margin.right);
  const ih = Math.max(1, height - margin.top - margin.bottom);
  const x = scalePoint<number>().domain(points.map((p) => p.depth)).range([0, iw]).padding(0.5);
  const top = Math.max(0.1, ...points.flatMap((p) => [p.plain ?? 0, p.residual ?? 0]));
  const y = scaleLinear().domain([0, top]).range([ih, 0]).nice();
  const path = (kind: 'plain' | 'residual') =>
    line<DepthPoint>()
      .defined((p) => p[kind] !== null)
      .x((p) => x(p.depth)!)
      .y((p) => y(p[kind]!))(points as DepthPoint[]) ?? '';
  const dots = points.flatMap((p) =>
    (['plain', 'residual'] as const).filter((k) => p[k] !== null).map((k) => ({ depth: p.depth, kind: k, x: x(p.depth)!, y: y(p[k]!), value: p[k]! })),
  );
  return {
    margin,
    plain: path('plain'),
    residual: path('residual'),
    dots,
    xTicks: points.map((p) => ({ x: x(p.depth)!, label: String(p.depth) })),
    yTicks: y.ticks(4).map((t) => ({ y: y(t), label: `${Math.round(t * 100)}%` })),
  };
}
