/**
 * The layout worker's entry: a thin switch over layoutProtocol. Layouts run one per task, after a zero timeout, so a
 * request the page has already replaced (its cancel arrived meanwhile) is skipped rather than computed.
 */
import { layoutDiagram, serializeLayout } from '../viz/diagramLayout';
import { deriveHierarchy } from '../viz/hierarchy';
import type { LayoutFromWorker, LayoutRequest, LayoutToWorker } from './layoutProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: LayoutFromWorker) => scope.postMessage(m);
const cancelled = new Set<number>();

scope.onmessage = (e: MessageEvent<LayoutToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'cancel':
      cancelled.add(msg.target);
      return;
    case 'layout':
      setTimeout(() => {
        if (cancelled.delete(msg.requestId)) return;
        try {
          const t0 = performance.now();
          const { analysis, expanded, spec, direction } = JSON.parse(msg.request) as LayoutRequest;
          const layout = layoutDiagram(analysis, deriveHierarchy(analysis.layers.map((l) => l.id)), new Set(expanded), { spec, direction });
          const ms = performance.now() - t0;
          post({ type: 'laidOut', requestId: msg.requestId, layout: serializeLayout(layout), ms });
        } catch (err) {
          post({ type: 'error', requestId: msg.requestId, message: err instanceof Error ? err.message : String(err) });
        }
      }, 0);
      return;
  }
};
