/**
 * Layout of the training curves (d3 computes, React renders): scales, SVG paths and ticks for the per-batch
 * training loss/accuracy and the per-epoch validation points. Pure; tested in Node.
 */
import { extent, line, max, scaleLinear } from 'd3';

export interface CurvePoint {
  step: number;
  value: number;
}

export interface CurvesLayout {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  train: string;
  /** A moving average over the last few batches, drawn over the noisy raw curve. */
  smooth: string;
  validation: { x: number; y: number; value: number; step: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
}

/** Average of the last `k` values at each point (the trend under batch noise). */
export function movingAverage(values: readonly number[], k: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= k) sum -= values[i - k]!;
    out.push(sum / Math.min(i + 1, k));
  }
  return out;
}

/** Lays out one chart; `yMax` fixes the top (1 for accuracy), else it follows the data. */
export function curvesLayout(train: readonly CurvePoint[], validation: readonly CurvePoint[], width: number, height: number, yMax?: number): CurvesLayout {
  const margin = { top: 8, right: 12, bottom: 24, left: 44 };
  const iw = Math.max(1, width - margin.left - margin.right);
  const ih = Math.max(1, height - margin.top - margin.bottom);
  const steps = [...train.map((p) => p.step), ...validation.map((p) => p.step)];
  const [x0, x1] = extent(steps) as [number | undefined, number | undefined];
  const x = scaleLinear()
    .domain([Math.min(0, x0 ?? 0), Math.max(1, x1 ?? 1)])
    .range([0, iw]);
  const top = yMax ?? Math.max(1e-6, max([...train, ...validation].filter((p) => Number.isFinite(p.value)), (p) => p.value) ?? 1);
  const y = scaleLinear().domain([0, top]).range([ih, 0]).nice();
  const path = line<CurvePoint>()
    .defined((p) => Number.isFinite(p.value))
    .x((p) => x(p.step))
    .y((p) => y(p.value));
  const k = Math.max(1, Math.round(train.length / 50));
  const avg = movingAverage(
    train.map((p) => p.value),
    k,
  ).map((value, i) => ({ step: train[i]!.step, value }));
  return {
    width,
    height,
    margin,
    train: path(train as CurvePoint[]) ?? '',
    smooth: path(avg) ?? '',
    validation: validation.filter((p) => Number.isFinite(p.value)).map((p) => ({ x: x(p.step), y: y(p.value), value: p.value, step: p.step })),
    xTicks: x.ticks(5).filter(Number.isInteger).map((t) => ({ x: x(t), label: String(t) })),
    yTicks: y.ticks(4).map((t) => ({ y: y(t), label: yMax === 1 ? `${Math.round(t * 100)}%` : String(+t.toFixed(3)) })),
  };
}

/** Cell colours and row-normalised shares of a confusion matrix (row = true class). */
export function confusionLayout(confusion: readonly number[], classes: number) {
  const rows: { count: number; share: number }[][] = [];
  for (let r = 0; r < classes; r++) {
    const row = confusion.slice(r * classes, (r + 1) * classes);
    const total = row.reduce((a, b) => a + b, 0);
    rows.push(row.map((count) => ({ count, share: total > 0 ? count / total : 0 })));
  }
  return rows;
}

/** One run's series on the comparison chart: its smoothed training curve, in the run's colour. */
export interface OverlaySeries {
  id: string;
  label: string;
  points: { x: number; value: number }[];
}

/** A comparison chart: one smoothed path per run on shared scales, x being the step or the training time (s). */
export interface OverlayLayout {
  margin: CurvesLayout['margin'];
  paths: { id: string; label: string; d: string; last: number | null }[];
  xTicks: CurvesLayout['xTicks'];
  yTicks: CurvesLayout['yTicks'];
}

/**
 * Lays out several runs' curves on one chart, each smoothed over `share` of its points (1/50: as the single-run
 * chart smooths; the depth experiment's noisier error curves take more).
 */
export function overlayLayout(series: readonly OverlaySeries[], width: number, height: number, yMax?: number, share = 1 / 50): OverlayLayout {
  const margin = { top: 8, right: 12, bottom: 24, left: 44 };
  const iw = Math.max(1, width - margin.left - margin.right);
  const ih = Math.max(1, height - margin.top - margin.bottom);
  const smoothed = series.map((s) => {
    const k = Math.max(1, Math.round(s.points.length * share));
    const avg = movingAverage(
      s.points.map((p) => p.value),
      k,
    );
    return { ...s, points: s.points.map((p, i) => ({ x: p.x, value: avg[i]! })) };
  });
  const all = smoothed.flatMap((s) => s.points).filter((p) => Number.isFinite(p.value));
  const x = scaleLinear()
    .domain([0, Math.max(1e-6, max(all, (p) => p.x) ?? 1)])
    .range([0, iw]);
  const y = scaleLinear()
    .domain([0, yMax ?? Math.max(1e-6, max(all, (p) => p.value) ?? 1)])
    .range([ih, 0])
    .nice();
  const path = line<{ x: number; value: number }>()
    .defined((p) => Number.isFinite(p.value))
    .x((p) => x(p.x))
    .y((p) => y(p.value));
  return {
    margin,
    paths: smoothed.map((s) => ({ id: s.id, label: s.label, d: path(s.points) ?? '', last: s.points.at(-1)?.value ?? null })),
    xTicks: x.ticks(5).map((t) => ({ x: x(t), label: String(+t.toFixed(2)) })),
    yTicks: y.ticks(4).map((t) => ({ y: y(t), label: yMax === 1 ? `${Math.round(t * 100)}%` : String(+t.toFixed(3)) })),
  };
}
