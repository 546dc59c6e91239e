/**
 * The Transfer screen's two charts as numbers: test accuracy against the cut layer (one line per number of
 * labelled examples per class) and against labelled examples per class (one line per regime), from the committed
 * experiment's medians, each point overwritten by the median of this browser's finished runs of the same setting.
 * Pure.
 */
import type { TransferExperiment, TransferOutcome } from './transfer';

/** A finished run as the charts see it (a row of the experiment file, or a kept run's figures). */
export type TransferPoint = Pick<TransferOutcome, 'from' | 'to' | 'perClass' | 'regime' | 'cut' | 'head' | 'testAccuracy'>;

/** One point of a chart: a median, how many runs it is of, their spread, and whether this browser's runs made it. */
export interface ChartValue {
  median: number;
  min: number;
  max: number;
  runs: number;
  live: boolean;
}

/** One line: a label and a value (or a gap) per category on the x axis. */
export interface ChartLine {
  id: string;
  label: string;
  values: (ChartValue | null)[];
}

/** The median of some numbers (the mean of the middle two for an even count). */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function value(points: TransferPoint[], live: boolean): ChartValue | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.testAccuracy);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length, live };
}

/** The median of this browser's runs where there are any, else of the experiment's. */
function pick(reference: TransferPoint[], live: TransferPoint[], match: (p: TransferPoint) => boolean): ChartValue | null {
  const mine = live.filter(match);
  return mine.length > 0 ? value(mine, true) : value(reference.filter(match), false);
}

/** The regime lines of the second chart: which runs each is made of. */
export interface RegimeLine {
  id: string;
  label: string;
  match: (p: TransferPoint) => boolean;
}

/** The regimes as the experiment runs them: the first two cut at the convolutional features `cut`. */
export function regimeLines(cut: string): RegimeLine[] {
  return [
    { id: 'frozen', label: `1 · frozen at ${cut}, new softmax`, match: (p) => p.regime === 'frozen' && p.head === 'softmax' && p.cut === cut },
    { id: 'knn', label: `1 · frozen at ${cut}, kNN head`, match: (p) => p.regime === 'frozen' && p.head === 'knn' && p.cut === cut },
    { id: 'partial', label: `2 · up to ${cut} frozen, the rest fine-tuned`, match: (p) => p.regime === 'partial' && p.cut === cut },
    { id: 'full', label: '3 · everything fine-tuned', match: (p) => p.regime === 'full' },
    { id: 'scratch', label: 'from scratch', match: (p) => p.regime === 'scratch' },
  ];
}

/** Test accuracy against cut layer (x: `cuts`), one line per labelled-examples count (softmax heads on frozen features). */
export function cutChart(reference: TransferPoint[], live: TransferPoint[], cuts: readonly string[], sizes: readonly (number | 'all')[]): ChartLine[] {
  return sizes.map((size) => ({
    id: String(size),
    label: size === 'all' ? 'all labelled images' : `${size} per class`,
    values: cuts.map((cut) => pick(reference, live, (p) => p.perClass === size && p.regime === 'frozen' && p.head === 'softmax' && p.cut === cut)),
  }));
}

/** Test accuracy against labelled examples per class (x: `sizes`), one line per regime. */
export function regimeChart(reference: TransferPoint[], live: TransferPoint[], lines: readonly RegimeLine[], sizes: readonly (number | 'all')[]): ChartLine[] {
  return lines.map((l) => ({ id: l.id, label: l.label, values: sizes.map((size) => pick(reference, live, (p) => p.perClass === size && l.match(p))) }));
}

/** The experiment's runs of one backbone and task as points. */
export function experimentPoints(e: TransferExperiment | null, from: string, to: string): TransferPoint[] {
  return e && e.from === from && e.to === to ? e.runs : [];
}
