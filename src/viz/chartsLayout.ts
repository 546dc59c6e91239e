/**
 * Per-layer bar charts of where the parameters and the activation memory are, with the shares that make the
 * course's point (VGG-16: the fully connected layers hold most parameters, the early convolutions most memory).
 * Pure: analysis in, bars and axis ticks out (d3 scales compute; React draws).
 */
import { scaleBand, scaleLinear, scaleLog } from 'd3';
import type { LayerAnalysis, NetworkAnalysis } from '../models';
import { toneOf, type NodeTone } from './diagramLayout';

export type ChartMetric = 'params' | 'memory';
export type ChartScale = 'linear' | 'log';

export interface Bar {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  tone: NodeTone;
}

export interface ChartLayout {
  metric: ChartMetric;
  scale: ChartScale;
  bars: Bar[];
  width: number;
  height: number;
  /** Plot area inside the margins. */
  plot: { left: number; top: number; width: number; height: number };
  yTicks: { y: number; value: number }[];
  total: number;
}

/** The figure a chart plots for a layer: its parameters, or its activation memory per image in bytes. */
export function metricOf(l: LayerAnalysis, metric: ChartMetric): number {
  return metric === 'params' ? l.params : l.activationBytes;
}

/** Layers a chart shows: those in the model with a non-zero figure, in network order. */
export function chartLayers(a: NetworkAnalysis, metric: ChartMetric): LayerAnalysis[] {
  return a.layers.filter((l) => l.inModel && metricOf(l, metric) > 0);
}

/** Lays out one bar chart; bars are at least `minBar` px wide, so a long network makes a wide (scrolling) chart. */
export function layoutChart(a: NetworkAnalysis, metric: ChartMetric, scale: ChartScale, opts: { width?: number; height?: number; minBar?: number } = {}): ChartLayout {
  const layers = chartLayers(a, metric);
  const plotH = (opts.height ?? 240) - 60;
  const minBar = opts.minBar ?? 6;
  const plotW = Math.max((opts.width ?? 720) - 90, layers.length * minBar);
  const left = 74;
  const top = 14;
  const x = scaleBand<string>()
    .domain(layers.map((l) => l.id))
    .range([0, plotW])
    .paddingInner(layers.length > 60 ? 0.1 : 0.25);
  const raw = layers.map((l) => metricOf(l, metric));
  // Memory is scaled in binary units (KiB, MiB...), so axis ticks fall on round numbers of the unit shown.
  const rawMax = Math.max(1, ...raw);
  const unit = metric === 'memory' ? 1024 ** Math.max(0, Math.min(4, Math.floor(Math.log(rawMax) / Math.log(1024)))) : 1;
  const values = raw.map((v) => v / unit);
  const max = Math.max(1 / unit, ...values);
  const min = Math.max(1 / unit, Math.min(...values, max));
  const y =
    scale === 'log'
      ? scaleLog().domain([Math.max(1, min / 2), max]).range([plotH, 0]).nice()
      : scaleLinear().domain([0, max]).range([plotH, 0]).nice();
  const bars = layers.map((l, i): Bar => {
    const v = values[i]!;
    const yy = y(Math.max(v, scale === 'log' ? (y.domain()[0] as number) : 0));
    return { id: l.id, x: left + (x(l.id) ?? 0), y: top + yy, width: x.bandwidth(), height: plotH - yy, value: raw[i]!, tone: toneOf(l.kind) };
  });
  const ticks = scale === 'log' ? (y as ReturnType<typeof scaleLog>).ticks(5).filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9) : y.ticks(5);
  return {
    metric,
    scale,
    bars,
    width: left + plotW + 16,
    height: plotH + 60,
    plot: { left, top, width: plotW, height: plotH },
    yTicks: ticks.map((t) => ({ y: top + y(t), value: t * unit })),
    total: raw.reduce((s, v) => s + v, 0),
  };
}

export interface Shares {
  /** Fraction of all parameters in dense (fully connected) layers. */
  denseParams: number;
  /** Fraction in convolutions. */
  convParams: number;
  /** Fraction of the activation memory in the first half of the layers that hold any (network order). */
  earlyMemory: number;
  /** The layer holding the most parameters, and the one with the largest output. */
  topParams: { id: string; value: number } | null;
  topMemory: { id: string; value: number } | null;
}

/** Shares of parameters and memory that carry the course's claims; computed for any network. */
export function shares(a: NetworkAnalysis): Shares {
  const ps = chartLayers(a, 'params');
  const ms = chartLayers(a, 'memory');
  const totalP = ps.reduce((s, l) => s + l.params, 0) || 1;
  const totalM = ms.reduce((s, l) => s + l.activationBytes, 0) || 1;
  const of = (k: string[]) => ps.filter((l) => k.includes(l.kind)).reduce((s, l) => s + l.params, 0) / totalP;
  const half = ms.slice(0, Math.ceil(ms.length / 2));
  const top = (ls: LayerAnalysis[], m: ChartMetric) =>
    ls.reduce<{ id: string; value: number } | null>((b, l) => (b === null || metricOf(l, m) > b.value ? { id: l.id, value: metricOf(l, m) } : b), null);
  return {
    denseParams: of(['dense']),
    convParams: of(['conv2d', 'depthwiseConv2d']),
    earlyMemory: half.reduce((s, l) => s + l.activationBytes, 0) / totalM,
    topParams: top(ps, 'params'),
    topMemory: top(ms, 'memory'),
  };
}
