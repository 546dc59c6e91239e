/**
 * The diagram's layout, computed where it costs the page nothing: a short chain right away, anything larger in the
 * layout worker while the previous drawing stays up, so expanding a level of ResNet-152 or GoogLeNet never blocks the
 * page for the seconds dagre takes there (measured in Node on this 2-core machine: ResNet-152 with its stages open,
 * 57 nodes and 4 clusters, 425 ms; every block open, 461 nodes, 6.5 s; GoogLeNet's modules open, 62 nodes, 365 ms;
 * a 25-node chain such as VGG-16, 20-60 ms).
 */
import { useEffect, useMemo, useState } from 'react';
import type { NetworkAnalysis, NetworkSpec } from '../../models';
import { layoutOffThread } from '../../store';
import { layoutDiagram, type DiagramLayout, type Direction } from '../../viz/diagramLayout';
import { visibleGraph, type Hierarchy } from '../../viz/hierarchy';

/** Whether a layout is cheap enough for the page: a chain of at most 24 nodes with no group open, or at most 12 nodes. */
export function layoutFitsPage(visibleNodes: number, groupsOpen: number): boolean {
  return visibleNodes <= 12 || (visibleNodes <= 24 && groupsOpen === 0);
}

/** A layout with when it was asked for and how long the layout itself took. */
export interface TimedLayout {
  layout: DiagramLayout;
  startedAt: number;
  ms: number;
  /** Where it ran. */
  where: 'page' | 'worker';
}

interface Inputs {
  analysis: NetworkAnalysis;
  hierarchy: Hierarchy;
  expanded: ReadonlySet<string>;
  spec: NetworkSpec | null;
  direction: Direction;
}

function onPage({ analysis, hierarchy, expanded, spec, direction }: Inputs): TimedLayout {
  const startedAt = performance.now();
  const layout = layoutDiagram(analysis, hierarchy, expanded, { spec, direction });
  return { layout, startedAt, ms: performance.now() - startedAt, where: 'page' };
}

/** The layout to draw, and whether a newer one is still being computed (`pending`; the drawing shown is the last one). */
export function useDiagramLayout(analysis: NetworkAnalysis, hierarchy: Hierarchy, expanded: ReadonlySet<string>, spec: NetworkSpec | null, direction: Direction): { timed: TimedLayout; pending: boolean } {
  const inputs = useMemo<Inputs>(() => ({ analysis, hierarchy, expanded, spec, direction }), [analysis, hierarchy, expanded, spec, direction]);
  const { vg, small } = useMemo(() => {
    const vg = visibleGraph(analysis, hierarchy, expanded);
    // A group is open on screen when one of its members is drawn inside it (not behind a collapsed ancestor).
    const open = new Set<string>();
    for (const rep of vg.repOf.values()) for (const k of hierarchy.ancestors.get(rep) ?? []) if (expanded.has(k)) open.add(k);
    return { vg, small: layoutFitsPage(vg.nodes.length, open.size) };
  }, [analysis, hierarchy, expanded]);
  const here = useMemo(() => (small ? onPage(inputs) : null), [small, inputs]);
  // The first drawing of a network opened with many nodes showing is laid out here once; the worker's copy follows.
  const [last, setLast] = useState<TimedLayout>(() => here ?? onPage(inputs));
  const [fromWorker, setFromWorker] = useState<{ for: Inputs; timed: TimedLayout } | null>(null);
  // Remember the last layout drawn, so a large one being computed leaves the previous drawing up.
  if (here && here !== last) setLast(here);
  if (!small && fromWorker?.for === inputs && fromWorker.timed !== last) setLast(fromWorker.timed);

  useEffect(() => {
    if (small) return;
    const ac = new AbortController();
    const startedAt = performance.now();
    layoutOffThread({ analysis: inputs.analysis, expanded: [...inputs.expanded], spec: inputs.spec, direction: inputs.direction }, inputs.hierarchy, vg, ac.signal).then(
      ({ layout, ms }) => setFromWorker({ for: inputs, timed: { layout, startedAt, ms, where: 'worker' } }),
      (err: unknown) => {
        if (ac.signal.aborted) return;
        // The worker failed (it could not start, or crashed): lay out here, slow but right.
        console.warn('Diagram layout worker failed; laying out on the page.', err);
        setFromWorker({ for: inputs, timed: onPage(inputs) });
      },
    );
    return () => ac.abort();
  }, [small, inputs, vg]);

  if (here) return { timed: here, pending: false };
  if (fromWorker?.for === inputs) return { timed: fromWorker.timed, pending: false };
  return { timed: last, pending: true };
}
