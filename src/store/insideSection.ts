/**
 * The Predict screen's "Inside" view, a section of the prediction slice (it shares its worker client): every
 * layer's output for the image the answer used, the first convolution's filters, Grad-CAM, and the clicked
 * convolution output worked out. Requests go through `latestOnly`, so while the user draws at most one runs and
 * the newest waits; an answer for an older image is still shown until the newer one arrives.
 */
import type { Answer } from '../predict/answer';
import type { InsideOptions, InsideProbe, InsideResult } from '../workers/predictProtocol';
import { latestOnly } from './latestOnly';
import type { AppState } from './types';

/** How feature maps are coloured: one scale for all maps of a layer, or each map its own. */
export type MapScale = 'shared' | 'per-map';

export interface InsideState {
  /** Whether the user opened the view (nothing is computed before). */
  open: boolean;
  status: 'idle' | 'working' | 'done' | 'error';
  result: InsideResult | null;
  error: string | null;
  /** The convolution output the user clicked. */
  probe: InsideProbe | null;
  /** Grad-CAM's class (null: the predicted one). */
  camClass: number | null;
  scale: MapScale;
  /** The class names of the model the result is for. */
  labels: readonly string[];
}

export interface InsideSlice {
  inside: InsideState;
  setInsideOpen(open: boolean): Promise<void>;
  /** Works out a convolution output (and outlines its receptive field), or clears it with null. */
  probeInside(probe: InsideProbe | null): Promise<void>;
  setInsideCamClass(classIndex: number | null): Promise<void>;
  setInsideScale(scale: MapScale): void;
}

export const DEFAULT_INSIDE: InsideState = { open: false, status: 'idle', result: null, error: null, probe: null, camClass: null, scale: 'shared', labels: [] };

/** The worker call the section needs (the prediction client's `inside`). */
export type InsidePort = (key: string, input: Float32Array, shape: [number, number, number], options: InsideOptions) => Promise<InsideResult>;

/**
 * What the inside view looks at: the first model's single, centre input (the baseline's when crops or an ensemble
 * are on, since that is one pass of the first model), with the model's key and class names; null without an answer.
 */
export function insideInput(answer: Answer | null, baseline: Answer | null): { key: string; data: Float32Array; shape: [number, number, number]; labels: readonly string[] } | null {
  const a = baseline ?? answer;
  if (!a) return null;
  const [h, w, c] = a.input.shape;
  const at = Math.max(0, a.input.names.indexOf('centre'));
  const size = h * w * c;
  return { key: a.perModel[0]!.key, data: a.input.data.slice(at * size, (at + 1) * size), shape: [h, w, c], labels: a.labels };
}

type Set = (f: (s: AppState) => Partial<AppState>) => void;

/** Creates the section: its state and actions, and `refresh`, which the prediction slice calls after every answer. */
export function createInsideSection(set: Set, get: () => AppState, port: () => InsidePort): { slice: InsideSlice; refresh(): Promise<void> } {
  const patch = (p: Partial<InsideState>) => set((s) => ({ inside: { ...s.inside, ...p } }));
  const I = () => get().inside;
  const runner = latestOnly<{ key: string; data: Float32Array; shape: [number, number, number]; labels: readonly string[]; options: InsideOptions }>(async (r) => {
    try {
      const result = await port()(r.key, r.data, r.shape, r.options);
      // A probe of a layer the model does not have (another model was chosen) is dropped.
      const probe = I().probe;
      patch({ status: 'done', result, error: null, labels: r.labels, ...(probe && !result.layers.some((l) => l.name === probe.layer) ? { probe: null } : {}) });
    } catch (e) {
      patch({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  });

  const refresh = async () => {
    const s = I();
    const p = get().predict;
    const input = s.open ? insideInput(p.answer, p.baseline) : null;
    if (!input) return;
    patch({ status: 'working' });
    runner.submit({ ...input, options: { probe: s.probe, camClass: s.camClass } });
    await runner.idle();
  };

  return {
    refresh,
    slice: {
      inside: DEFAULT_INSIDE,
      async setInsideOpen(open) {
        patch({ open });
        if (open) await refresh();
      },
      async probeInside(probe) {
        patch({ probe });
        if (probe) await refresh();
      },
      async setInsideCamClass(camClass) {
        patch({ camClass });
        await refresh();
      },
      setInsideScale(scale) {
        patch({ scale });
      },
    },
  };
}
