/** Analysis slice: holds the engine's result for the open network; network actions refresh it atomically. */
import { analyze, summaryRows, withInputShape, type NetworkSpec, type Shape } from '../models';
import type { AnalysisSlice, SliceCreator } from './types';

const NO_ROWS: AnalysisSlice['rows'] = [];

/** Analyses a spec at a shape (its own when null); the network slice merges the result into the same `set`. */
export function deriveAnalysis(spec: NetworkSpec | null, shape: Shape | null): Pick<AnalysisSlice, 'analysis' | 'rows'> {
  if (!spec) return { analysis: null, rows: NO_ROWS };
  const analysis = analyze(shape ? withInputShape(spec, shape) : spec);
  return { analysis, rows: summaryRows(analysis) };
}

/** Initial analysis state: nothing open. */
export const createAnalysisSlice: SliceCreator<AnalysisSlice> = () => ({
  analysis: null,
  rows: NO_ROWS,
});
