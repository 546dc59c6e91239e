/** The client of the layout worker: one promise per layout, cancelled through an AbortSignal when a newer one replaces it. */
import { WorkerClient, type WorkerLike } from './client';
import type { LayoutFromWorker, LayoutRequest, LayoutToWorker } from './layoutProtocol';

/** Owns the layout worker (started on the first request). */
export class LayoutClient extends WorkerClient<LayoutToWorker, LayoutFromWorker> {
  constructor(create: () => WorkerLike<LayoutToWorker, LayoutFromWorker>) {
    super(create, 'layout worker', (requestId, target) => ({ type: 'cancel', requestId, target }));
  }

  /** Lays out a diagram in the worker: the layout as `serializeLayout` writes it; rejects with an AbortError when the signal fires first. */
  async layout(request: LayoutRequest, signal?: AbortSignal): Promise<{ layout: string; ms: number }> {
    const m = await this.request({ type: 'layout', requestId: this.nextId++, request: JSON.stringify(request) }, 'laidOut', undefined, signal);
    return { layout: m.layout, ms: m.ms };
  }
}
