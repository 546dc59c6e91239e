/**
 * Lays out architecture diagrams off the main thread for the diagram component (which embeds anywhere and reads no
 * store state, so this is a service rather than a slice). Falls back to the page's own thread where workers are not
 * available (tests in Node); an AbortSignal drops a layout that a newer one replaced.
 */
import type { LayoutRequest } from '../workers/layoutProtocol';
import type { LayoutClient } from '../workers/layoutClient';
import { createLayoutClient } from '../workers/createWorker';
import { layoutDiagram, restoreLayout, type DiagramLayout } from '../viz/diagramLayout';
import type { Hierarchy, VisibleGraph } from '../viz/hierarchy';

let client: LayoutClient | null = null;

/**
 * The layout for a request and how long the layout itself took (in the worker, or here); `hierarchy` and `vg` (its
 * visible graph, which the caller has already computed) come from the same analysis and expanded groups.
 */
export async function layoutOffThread(request: LayoutRequest, hierarchy: Hierarchy, vg: VisibleGraph, signal?: AbortSignal): Promise<{ layout: DiagramLayout; ms: number }> {
  const { analysis, expanded, spec, direction } = request;
  if (typeof Worker === 'undefined') {
    const t0 = performance.now();
    const layout = layoutDiagram(analysis, hierarchy, new Set(expanded), { spec, direction });
    return { layout, ms: performance.now() - t0 };
  }
  client ??= createLayoutClient();
  const { layout, ms } = await client.layout(request, signal);
  return { layout: restoreLayout(layout, vg), ms };
}
