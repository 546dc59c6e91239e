/**
 * Params-versus-accuracy scatter of the zoo networks: parameters computed live by the engine (log x axis),
 * published ImageNet top-1 on y (cited per point). Pure: points in, positions and ticks out.
 */
import { scaleLinear, scaleLog } from 'd3';

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
  return {
    points: points.map((p) => ({ ...p, x: plot.left + x(p.params), y: plot.top + y(p.top1), r: 4 + 12 * Math.sqrt(p.macs / maxM) })),
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
