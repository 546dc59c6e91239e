/**
 * Beside the layer maps: the colour legend, Grad-CAM over the input for the predicted (or a chosen) class, and
 * the first convolution's learned filters as pictures.
 */
import { useMemo } from 'react';
import { gridOnInput } from '../../predict/inside';
import type { GradCam, InsideLayer, LayerFilters } from '../../store';
import { cellSize, filterRgb, filterSlice, heatPixels, inputPixels, legendStops, mapPixels, maxAbs } from '../../viz/featureMaps';
import { RgbaCanvas } from './LayerMaps';

/** The diverging scale: blue below zero, white at zero, red above, ending at +-max (`what` says whose max). */
export function Legend({ what }: { what: string }) {
  const stops = legendStops();
  return (
    <figure className="inside-legend" data-testid="inside-legend">
      <div className="legend-bar">
        <svg width={160} height={14} role="img" aria-label={`Colour scale: blue negative, white zero, red positive; ${what}`}>
          <defs>
            <linearGradient id="inside-legend-g">
              {stops.map((s) => (
                <stop key={s.offset} offset={s.offset} stopColor={s.color} />
              ))}
            </linearGradient>
          </defs>
          <rect width={160} height={14} fill="url(#inside-legend-g)" stroke="#999" />
        </svg>
        <div className="legend-ticks" aria-hidden="true">
          <span>−max</span>
          <span>0</span>
          <span>+max</span>
        </div>
      </div>
      <figcaption className="muted">{what}</figcaption>
    </figure>
  );
}

export function GradCamView({ cam, layers, labels, chosen, onChoose }: { cam: GradCam; layers: readonly InsideLayer[]; labels: readonly string[]; chosen: number | null; onChoose(c: number | null): void }) {
  const input = layers[0]!;
  const [h, w, c] = input.shape as [number, number, number];
  const cell = cellSize(h, w, 168);
  const img = useMemo(() => inputPixels(input.values!, h, w, c), [input, h, w, c]);
  const heat = useMemo(() => heatPixels(cam.map), [cam]);
  const grid = gridOnInput(layers, cam.layer);
  // Each position of the layer is drawn over its receptive field's centre, `step` input pixels wide; else stretched.
  const place = grid
    ? { top: (grid.centre[0] + 0.5 - grid.step[0] / 2) * cell, left: (grid.centre[1] + 0.5 - grid.step[1] / 2) * cell, height: cam.height * grid.step[0] * cell, width: cam.width * grid.step[1] * cell }
    : { top: 0, left: 0, height: h * cell, width: w * cell };
  const name = labels[cam.classIndex] ?? `class ${cam.classIndex}`;
  return (
    <section className="inside-side" data-testid="grad-cam" data-layer={cam.layer} data-class={cam.classIndex}>
      <h3>Where the evidence is (Grad-CAM)</h3>
      <div className="cam-frame" style={{ width: w * cell, height: h * cell }}>
        <RgbaCanvas pixels={img} w={w} h={h} cell={cell} label="The network's input" />
        <RgbaCanvas pixels={heat} w={cam.width} h={cam.height} cell={1} className="cam-overlay" style={place} label={`Grad-CAM for ${name} at ${cam.layer}`} />
      </div>
      <label className="hyper-field">
        For the class
        <select data-testid="cam-class" value={chosen ?? ''} onChange={(e) => onChoose(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">the predicted one{chosen === null ? ` (${name})` : ''}</option>
          {labels.map((l, i) => (
            <option key={i} value={i}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <p className="why">
        At {cam.layer} ({cam.height}x{cam.width}), the last layer with feature maps: the gradient of {name}&apos;s {cam.target === 'score' ? 'score before softmax' : 'probability'} with respect to
        each map, averaged over the map, weights that map; the weighted sum with its negatives cut (ReLU) is drawn over the input
        {grid ? `, each position over its receptive field's centre, ${grid.step[0]} px apart` : ''}. Brighter means more evidence for {name}.
      </p>
    </section>
  );
}

export function FirstFilters({ f }: { f: LayerFilters }) {
  const [kh, kw] = f.kernelSize;
  const end = maxAbs(f.weights);
  const cell = cellSize(kh, kw, 40);
  const rgb = f.channels === 3;
  const pictures = useMemo(
    () =>
      Array.from({ length: f.count }, (_, i) =>
        rgb ? [inputPixels(filterRgb(f.weights, kh, kw, f.count, i), kh, kw, 3)] : Array.from({ length: f.channels }, (_, ch) => mapPixels(filterSlice(f.weights, kh, kw, f.channels, f.count, i, ch), 0, kh, kw, end)),
      ),
    [f, kh, kw, rgb, end],
  );
  return (
    <section className="inside-side" data-testid="first-filters" data-count={f.count}>
      <h3>
        The filters {f.layer} learned ({f.count}, {kh}x{kw}
        {f.channels > 1 ? ` on ${f.channels} channels` : ''})
      </h3>
      <ul className="filter-grid">
        {pictures.map((ps, i) => (
          <li key={i}>
            {ps.map((p, ch) => (
              <RgbaCanvas key={ch} pixels={p} w={kw} h={kh} cell={cell} label={`Filter ${i + 1}${ps.length > 1 ? `, channel ${ch + 1}` : ''}`} />
            ))}
            <span className="muted">
              {i + 1}
              {f.bias ? ` · b ${f.bias[i]!.toFixed(2)}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <p className="why">
        {rgb ? 'In colour, each channel stretched over its range.' : `On one scale, ±${end.toPrecision(3)}: red weights add the input under them, blue ones subtract it.`} Each map after {f.layer} is
        its filter slid over the input.
      </p>
    </section>
  );
}
