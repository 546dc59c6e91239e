/**
 * The layout worker's protocol: the architecture diagram's dagre layout off the main thread, so expanding ResNet-152
 * or GoogLeNet never blocks the page. The analysis and the expanded groups go in, the placed nodes and edges come out.
 */
import type { NetworkAnalysis, NetworkSpec } from '../models';
import type { Direction } from '../viz/diagramLayout';

/** One layout to compute: the hierarchy is derived again in the worker from the analysis's ids. */
export interface LayoutRequest {
  analysis: NetworkAnalysis;
  expanded: string[];
  spec: NetworkSpec | null;
  direction: Direction;
}

/** Both ways the payload travels as JSON text: a string clones in no time, a 465-node object graph in 70-120 ms. */
export type LayoutToWorker = { type: 'layout'; requestId: number; request: string } | { type: 'cancel'; requestId: number; target: number };

export type LayoutFromWorker =
  | { type: 'laidOut'; requestId: number; layout: string; ms: number }
  | { type: 'error'; requestId: number; message: string };
