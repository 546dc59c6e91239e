/**
 * The committed reference grid of the depth experiment (public/experiments/depth.json, written by
 * `npm run experiment:depth`), so the Depth screen has results to show on a first visit.
 */
import type { DepthResults } from '../training/depthExperiment';
import { appUrl } from './appUrl';

/** The reference grid, or null when the site has none or it cannot be read (the screen then shows none). */
export async function fetchDepthReference(): Promise<DepthResults | null> {
  try {
    const r = await fetch(appUrl('experiments/depth.json'));
    if (!r.ok) return null;
    const j = (await r.json()) as DepthResults;
    return j && Array.isArray(j.runs) && j.settings && typeof j.settings.steps === 'number' && j.runs.every((x) => Array.isArray(x.steps) && typeof x.key === 'string') ? j : null;
  } catch {
    return null;
  }
}
