/**
 * Layout of the Transfer screen's charts (d3 computes, React renders): lines over categories evenly spaced on x (cut
 * layers, or labelled examples per class), test accuracy on y from just under the lowest value to 100%, a gap where a
 * line has no value. Pure; tested in Node.
 */
import { line, scaleLinear, scalePoint } from 'd3';
import type { ChartLine, ChartValue } from '../../training/transferResults';

/** Paths, dots and ticks of one chart. */
export interface CategoryLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  paths: { id: string; d: string }[];
  dots: { id: string; category: string; x: number; y: number; value: ChartValue }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** Lays out `lines` over `categories` in a width x height box. */
export function categoryLayout(categories: readonly string[], lines: readonly ChartLine[], width: number, height: number): CategoryLayout {
  const margin = { top: 10, right: 14, bottom: 30, left: 44 };
  const iw = Math.max(1, width - margin.left - margin.right);
  const ih = Math.max(1, height - margin.top - margin.bottom);
  const x = scalePoint<string>().domain(categories as string[]).range([0, iw]).padding(0.4);
  const values = lines.flatMap((l) => l.values.filter((v): v is ChartValue => v !== null).map((v) => v.median));
  // From a little under the worst median (in 10% steps) to 100%: the differences that matter are near the top.
  const low = values.length > 0 ? Math.max(0, Math.floor(Math.min(...values) * 10 - 0.5) / 10) : 0.5;
  const y = scaleLinear().domain([low, 1]).range([ih, 0]);
  const paths = lines.map((l) => ({
    id: l.id,
    d:
      line<ChartValue | null>()
        .defined((v) => v !== null)
        .x((_, i) => x(categories[i]!)!)
        .y((v) => y(v!.median))(l.values) ?? '',
  }));
  const dots = lines.flatMap((l) => l.values.flatMap((v, i) => (v ? [{ id: l.id, category: categories[i]!, x: x(categories[i]!)!, y: y(v.median), value: v }] : [])));
  return {
    margin,
    paths,
    dots,
    xTicks: categories.map((c) => ({ x: x(c)!, label: c })),
    yTicks: y.ticks(5).map((t) => ({ y: y(t), label: `${Math.round(t * 100)}%` })),
  };
}
