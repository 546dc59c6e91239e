/**
 * One layer of the "Inside" view: its feature maps as a grid of canvases (one per channel, coloured on the
 * layer's shared scale or each map's own), or a vector (dense, flatten, global pooling) as bars. A convolution's
 * maps take a click (or Enter and the arrow keys) on a value to work it out; receptive fields are outlined.
 */
import { useEffect, useMemo, useRef } from 'react';
import { boxSize, clampBox, type Box } from '../../predict/inside';
import type { InsideLayer, InsideProbe } from '../../store';
import { cellSize, divergingRgb, mapPixels, maxAbs, scaleEnds } from '../../viz/featureMaps';

/** Draws RGBA pixels of w x h into a canvas shown `cell` px per pixel, square pixels. */
export function RgbaCanvas({ pixels, w, h, cell, label, testId, ...rest }: { pixels: Uint8ClampedArray; w: number; h: number; cell: number; label: string; testId?: string } & Omit<React.CanvasHTMLAttributes<HTMLCanvasElement>, 'width' | 'height'>) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, w, h), 0, 0);
  }, [pixels, w, h]);
  return <canvas ref={ref} width={w} height={h} className="inside-canvas" style={{ width: w * cell, height: h * cell }} role="img" aria-label={label} data-testid={testId} {...rest} />;
}

/** An outline over a map of h x w shown at `cell` px: the receptive field's part on real values (padding is off the map). */
function Outline({ box, h, w, cell, layer, kind }: { box: Box; h: number; w: number; cell: number; layer: string; kind: 'field' | 'probe' }) {
  const c = clampBox(box, h, w);
  if (!c) return null;
  const [bh, bw] = boxSize(box);
  return (
    <div
      className={`field-outline ${kind}`}
      data-testid={kind === 'field' ? 'field-outline' : 'probe-outline'}
      data-layer={layer}
      data-size={`${bh}x${bw}`}
      style={{ top: c.y0 * cell, left: c.x0 * cell, height: (c.y1 - c.y0 + 1) * cell, width: (c.x1 - c.x0 + 1) * cell }}
    />
  );
}

/** Outputs with at most this many classes get their names under the bars; more keep them in the bars' tooltips. */
const NAMED_BARS = 20;

/** A layer's output as bars, signed about a zero line; class names (`labels`, for the output) in tooltips, and under few bars. */
function VectorBars({ layer, labels }: { layer: InsideLayer; labels: readonly string[] | null }) {
  const v = layer.values!;
  const n = v.length;
  const end = maxAbs(v);
  const signed = v.some((x) => x < 0);
  const H = 60;
  const zero = signed ? H / 2 : H;
  const named = labels && n <= NAMED_BARS ? labels : null;
  const barW = named ? 24 : Math.max(1, Math.min(6, Math.floor(640 / n)));
  return (
    <figure className="inside-bars" data-testid="inside-bars" data-layer={layer.name} data-units={n}>
      <svg width={n * barW} height={H + (named ? 14 : 0)} role="img" aria-label={`${layer.name}: ${n} values, the largest ${end.toFixed(3)}`}>
        <line x1={0} x2={n * barW} y1={zero} y2={zero} className="zero-line" />
        {Array.from(v, (x, i) => {
          const len = end > 0 ? (Math.abs(x) / end) * (signed ? H / 2 : H) : 0;
          const [r, g, b] = divergingRgb(x, end);
          return (
            <rect key={i} x={i * barW} width={Math.max(1, barW - (barW > 2 ? 1 : 0))} y={x >= 0 ? zero - len : zero} height={len} fill={`rgb(${r},${g},${b})`}>
              <title>{`${labels?.[i] ?? `unit ${i}`}: ${x.toFixed(4)}`}</title>
            </rect>
          );
        })}
        {named?.map((l, i) => (
          <text key={l + i} x={i * barW + barW / 2} y={H + 11} textAnchor="middle" className="bar-name">
            {l.length > 3 ? l.slice(0, 3) : l}
          </text>
        ))}
      </svg>
      <figcaption className="muted">largest |value| {end.toFixed(3)}</figcaption>
    </figure>
  );
}

/** The value of a map at (y, x, channel) from the values the worker sent (maps channel after channel). */
export function valueAt(l: InsideLayer, y: number, x: number, channel: number): number {
  return l.values![(channel * l.shape[0]! + y) * l.shape[1]! + x]!;
}

/** A layer's row; `children` (the worked-out value of a probe on it) follow its maps, next to where the user clicked. */
export function LayerMaps({ layer, shared, fields, probe, onProbe, labels, children }: { layer: InsideLayer; shared: boolean; fields: Map<string, Box> | null; probe: InsideProbe | null; onProbe(p: InsideProbe): void; labels: readonly string[] | null; children?: React.ReactNode }) {
  const isMaps = layer.shape.length === 3;
  const [h, w, c] = isMaps ? (layer.shape as [number, number, number]) : [0, 0, 0];
  const clickable = layer.className === 'Conv2D' && layer.values !== null;
  // The input is drawn larger: receptive fields are outlined on it.
  const cell = isMaps ? cellSize(h, w, layer.inputs.length === 0 ? 112 : 56) : 1;
  const { ends, pixels } = useMemo(() => {
    if (!isMaps || !layer.values) return { ends: [], pixels: [] };
    const e = scaleEnds(layer.values, layer.maps, h * w, shared);
    return { ends: e, pixels: e.map((end, ch) => mapPixels(layer.values!, ch * h * w, h, w, end)) };
  }, [layer, isMaps, h, w, shared]);
  // The probed layer shows the probe itself; the layers before it, the field it reads there.
  const field = probe?.layer === layer.name ? null : (fields?.get(layer.name) ?? null);
  const pick = (channel: number, y: number, x: number) => onProbe({ layer: layer.name, channel, y: Math.max(0, Math.min(h - 1, y)), x: Math.max(0, Math.min(w - 1, x)) });
  const mine = probe?.layer === layer.name ? probe : null;
  return (
    <li className="inside-layer" data-testid="inside-layer" data-layer={layer.name} data-maps={layer.maps}>
      <div className="inside-layer-head">
        <strong>{layer.name}</strong> <span className="muted">{layer.what}</span> <span className="shape">{layer.shape.join(' x ')}</span>
        {isMaps && shared && ends.length > 0 && <span className="muted"> · scale ±{ends[0]!.toPrecision(3)}</span>}
        {layer.maps < c && <span className="muted"> · the first {layer.maps} of {c} maps</span>}
        {clickable && <span className="muted"> · click a value to work it out</span>}
      </div>
      {!layer.values ? (
        <p className="muted">Not sent: the layers before it filled the view's size budget.</p>
      ) : !isMaps ? (
        <VectorBars layer={layer} labels={labels} />
      ) : (
        <div className="inside-maps">
          {Array.from({ length: layer.maps }, (_, ch) => (
            <figure key={ch} className="inside-map">
              <div className="map-frame">
                <RgbaCanvas
                  pixels={pixels[ch]!}
                  w={w}
                  h={h}
                  cell={cell}
                  label={`${layer.name} map ${ch + 1} of ${c}${clickable ? ': click a value, or press Enter and the arrow keys, to work it out' : ''}`}
                  testId="inside-map"
                  data-layer={layer.name}
                  data-channel={ch}
                  tabIndex={clickable ? 0 : undefined}
                  role={clickable ? 'button' : 'img'}
                  className={`inside-canvas${clickable ? ' probe-able' : ''}`}
                  onClick={
                    clickable
                      ? (e) => {
                          const r = e.currentTarget.getBoundingClientRect();
                          pick(ch, Math.floor(((e.clientY - r.top) / r.height) * h), Math.floor(((e.clientX - r.left) / r.width) * w));
                        }
                      : undefined
                  }
                  onKeyDown={
                    clickable
                      ? (e) => {
                          const here = mine?.channel === ch ? mine : null;
                          const step: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
                          if (e.key === 'Enter' || e.key === ' ') pick(ch, here?.y ?? Math.floor(h / 2), here?.x ?? Math.floor(w / 2));
                          else if (step[e.key] && here) pick(ch, here.y + step[e.key]![0], here.x + step[e.key]![1]);
                          else return;
                          e.preventDefault();
                        }
                      : undefined
                  }
                />
                {field && <Outline box={field} h={h} w={w} cell={cell} layer={layer.name} kind="field" />}
                {mine?.channel === ch && <Outline box={{ y0: mine.y, y1: mine.y, x0: mine.x, x1: mine.x }} h={h} w={w} cell={cell} layer={layer.name} kind="probe" />}
              </div>
              <figcaption>
                {ch + 1}
                {!shared && <span className="muted"> ±{ends[ch]!.toPrecision(2)}</span>}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
      {children}
    </li>
  );
}
