/**
 * "Inside the network": for the image the answer used, every layer's output (feature maps, vectors as bars) on a
 * shared or per-map colour scale, the first convolution's filters, Grad-CAM, and a clicked convolution output
 * worked out with its receptive field outlined on the layers before it. Computed in the prediction worker; it
 * follows the answer, so it updates while the user draws.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fieldsOfProbe } from '../../predict/inside';
import { useAppStore, type AppState } from '../../store';
import { FirstFilters, GradCamView, Legend } from './InsideExtras';
import { LayerMaps, valueAt } from './LayerMaps';
import { WorkedSum } from './WorkedSum';

const selectInside = (s: AppState) => s.inside;
const selectHasAnswer = (s: AppState) => s.predict.answer !== null;
const selectActions = (s: AppState) => ({ setOpen: s.setInsideOpen, probe: s.probeInside, setCamClass: s.setInsideCamClass, setScale: s.setInsideScale });

export function InsidePanel() {
  const inside = useAppStore(selectInside);
  const hasAnswer = useAppStore(selectHasAnswer);
  const act = useAppStore(useShallow(selectActions));
  const r = hasAnswer ? inside.result : null;
  const probe = inside.probe;
  const fields = useMemo(() => (r && probe ? fieldsOfProbe(r.layers, probe) : null), [r, probe]);
  const probed = r && probe ? r.layers.find((l) => l.name === probe.layer) : undefined;
  const worked = r?.worked && probe && JSON.stringify(r.worked.probe) === JSON.stringify(probe) ? r.worked : null;
  const shared = inside.scale === 'shared';
  const last = r?.layers.at(-1);
  return (
    <section className="panel inside" aria-labelledby="inside-h" data-testid="inside-panel" aria-busy={inside.status === 'working'}>
      <div className="inside-top">
        <h2 id="inside-h">Inside the network</h2>
        <button type="button" aria-expanded={inside.open} aria-controls="inside-body" data-testid="inside-toggle" onClick={() => void act.setOpen(!inside.open)}>
          {inside.open ? 'Hide' : "Show every layer's output"}
        </button>
      </div>
      {!inside.open ? (
        <p className="muted">What each layer computes for this image: its feature maps, the first layer&apos;s filters, where the evidence is, and any convolution output worked out by hand.</p>
      ) : (
        <div id="inside-body">
          {!hasAnswer && <p className="muted">Pick, drop or draw an image: the layers appear here.</p>}
          {inside.error && (
            <p className="notice error" role="alert" data-testid="inside-error">
              {inside.error}
            </p>
          )}
          {r && (
            <>
              <div className="inside-controls">
                <div className="field-row" role="radiogroup" aria-label="Colour scale">
                  <label>
                    <input type="radio" name="inside-scale" checked={shared} onChange={() => act.setScale('shared')} /> One scale per layer
                  </label>
                  <label>
                    <input type="radio" name="inside-scale" checked={!shared} onChange={() => act.setScale('per-map')} /> Each map its own
                  </label>
                </div>
                <Legend what={shared ? "max: the layer's largest magnitude (beside its name)" : "max: each map's own largest magnitude (under it)"} />
                <p className="muted" data-testid="inside-timing">
                  {r.key}: {r.layers.length - 1} layers, computed in the prediction worker in {r.ms.toFixed(0)} ms
                </p>
              </div>
              <div className="inside-grid">
                <ol className="inside-layers">
                  {r.layers.map((l) => (
                    <LayerMaps key={l.name} layer={l} shared={shared} fields={fields} probe={probe} onProbe={(p) => void act.probe(p)} labels={l === last && inside.labels.length === l.shape[0] ? inside.labels : null}>
                      {probe && l === probed && l.values && (
                        <div className="inside-side worked-box">
                          {worked ? (
                            <WorkedSum key={JSON.stringify(probe)} w={worked} shown={valueAt(l, probe.y, probe.x, probe.channel)} inputWhat={r.layers.find((x) => x.name === worked.inputLayer)?.what ?? ''} />
                          ) : (
                            <p className="muted" role="status">
                              Working out {probe.layer} at row {probe.y}, column {probe.x}…
                            </p>
                          )}
                          <button type="button" onClick={() => void act.probe(null)}>
                            Clear
                          </button>
                        </div>
                      )}
                    </LayerMaps>
                  ))}
                </ol>
                <div className="inside-aside">
                  {'map' in r.cam ? <GradCamView cam={r.cam} layers={r.layers} labels={inside.labels} chosen={inside.camClass} onChoose={(c) => void act.setCamClass(c)} /> : <p className="muted">{r.cam.note}</p>}
                  {r.filters && <FirstFilters f={r.filters} />}
                </div>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
