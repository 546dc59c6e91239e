/**
 * The Augment panel: one control per augmentation parameter, and a live grid of one sample's augmented variants
 * (a training image, or a sample photo where colour shifting and PCA colour show), with the crop guard (ink kept),
 * the label-safety warnings for the dataset, and the PCA colour axes drawn as colours. Controlled: the Train
 * screen binds it to the next run's settings, the Lessons section to its own.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatPercent } from '../../models';
import { DATASETS, type DatasetId } from '../../data/datasets';
import type { FloatImage } from '../../data/augment/ops';
import { colourPca, type ColourPca } from '../../data/augment/pca';
import { AUGMENT_OPS, augmentImage, cropInkKept, fieldBank, labelWarnings, NO_AUGMENTATION, OP_DEFAULTS, opsOn, type AugmentSettings } from '../../data/augment/pipeline';
import { mixSeed } from '../../data/augment/rng';
import { fetchPreviewPhotos, type PreviewPhoto } from '../../store/augmentSamples';
import '../../styles/augment.css';

/** Variants drawn per preview. */
const VARIANTS = 11;

function Picture({ img, label, invert, testId }: { img: FloatImage; label: string; invert: boolean; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const out = ctx.createImageData(img.w, img.h);
    for (let i = 0; i < img.h * img.w; i++) {
      for (let k = 0; k < 3; k++) {
        const v = Math.round(255 * img.data[i * img.c + (img.c === 3 ? k : 0)]!);
        out.data[i * 4 + k] = invert ? 255 - v : v;
      }
      out.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(out, 0, 0);
  }, [img, invert]);
  return <canvas ref={ref} width={img.w} height={img.h} role="img" aria-label={label} data-testid={testId} />;
}

/** A colour swatch strip along one PCA axis: the mean minus and plus two standard deviations. */
function AxisSwatch({ pca, axis }: { pca: ColourPca; axis: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const steps = 5;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const sd = Math.sqrt(pca.eigenvalues[axis]!);
    const p = pca.eigenvectors[axis]!;
    const out = ctx.createImageData(steps, 1);
    for (let s = 0; s < steps; s++) {
      const t = -2 + (4 * s) / (steps - 1);
      for (let k = 0; k < 3; k++) out.data[s * 4 + k] = Math.round(255 * Math.min(1, Math.max(0, pca.mean[k]! + t * sd * p[k]!)));
      out.data[s * 4 + 3] = 255;
    }
    ctx.putImageData(out, 0, 0);
  }, [pca, axis]);
  return <canvas ref={ref} width={steps} height={1} className="pca-swatch" role="img" aria-label={`PCA axis ${axis + 1}, from 2 standard deviations below the mean colour to 2 above`} />;
}

/** A slider's value with as many decimals as its step has. */
const fmt = (v: number, step: number) => v.toFixed(step >= 1 ? 0 : step >= 0.1 ? 1 : 2);

/** The controls and preview for `settings`; `samples` are the loaded dataset's images (H x W x C bytes). */
export function AugmentPanel({
  settings,
  onChange,
  dataset,
  samples,
  idPrefix,
  headingLevel = 2,
}: {
  settings: AugmentSettings;
  onChange: (a: Partial<AugmentSettings>) => void;
  dataset: DatasetId;
  samples: { images: Uint8Array; labels: Uint8Array } | null;
  idPrefix: string;
  headingLevel?: 2 | 3;
}) {
  const [source, setSource] = useState<'data' | 'photo'>('data');
  const [pick, setPick] = useState(0);
  const [draw, setDraw] = useState(1);
  const [photos, setPhotos] = useState<PreviewPhoto[] | string | null>(null);
  useEffect(() => {
    if (source !== 'photo' || photos !== null) return;
    let live = true;
    void fetchPreviewPhotos().then((p) => live && setPhotos(p));
    return () => {
      live = false;
    };
  }, [source, photos]);

  const info = DATASETS[dataset];
  const [h, w, c] = info.shape;
  const per = h * w * c;
  const dataCount = samples ? Math.min(samples.labels.length, 16) : 0;
  const photoList = useMemo(() => (Array.isArray(photos) ? photos : []), [photos]);
  const count = source === 'data' ? dataCount : photoList.length;
  const index = count > 0 ? Math.min(pick, count - 1) : 0;

  // The colour axes of what the preview draws from: the loaded samples, or all the sample photos.
  const pca = useMemo<ColourPca | null>(() => {
    if (source === 'data') return samples && dataCount > 0 ? colourPca(samples.images, c, samples.labels.length, per) : null;
    if (photoList.length === 0) return null;
    const all = new Float32Array(photoList.reduce((n, p) => n + p.image.data.length, 0));
    let at = 0;
    for (const p of photoList) {
      all.set(p.image.data, at);
      at += p.image.data.length;
    }
    return colourPca(all, 3, photoList.length, photoList[0]!.image.data.length, 1);
  }, [source, samples, dataCount, c, per, photoList]);

  const original = useMemo<FloatImage | null>(() => {
    if (source === 'data') return samples && dataCount > 0 ? { h, w, c, data: Float32Array.from(samples.images.subarray(index * per, (index + 1) * per), (v) => v / 255) } : null;
    return photoList[index]?.image ?? null;
  }, [source, samples, dataCount, index, h, w, c, per, photoList]);

  // The run's bank of elastic fields, as a run with this seed would make it (the strength slider needs no new bank).
  const warping = settings.warpAlpha > 0;
  const fields = useMemo(() => (warping && original ? fieldBank(draw, original.h, original.w, settings.warpSigma) : null), [warping, original, draw, settings.warpSigma]);
  const variants = useMemo(() => (original ? Array.from({ length: VARIANTS }, (_, k) => augmentImage(original, settings, mixSeed(draw, k), { pca, fields })) : []), [original, settings, draw, pca, fields]);
  const kept = original ? variants.map((_, k) => cropInkKept(original, settings, mixSeed(draw, k)) ?? 1) : [];
  const cropping = settings.padCrop > 0 || settings.cropMinArea < 1;
  // The two random crops are alternatives: switching one on switches the other off.
  const change = (a: Partial<AugmentSettings>) =>
    onChange({ ...a, ...(a.padCrop !== undefined && a.padCrop > 0 ? { cropMinArea: 1 } : {}), ...(a.cropMinArea !== undefined && a.cropMinArea < 1 ? { padCrop: 0 } : {}) });
  const wrong = kept.filter((k) => k < 0.8).length;
  // What a crop keeps: a digit's or garment's ink (bright on dark), a photo's brightness.
  const mass = source === 'data' ? 'ink' : 'brightness';
  const warnings = labelWarnings(dataset, settings);
  const grey = source === 'data' && c === 1;
  const H = `h${headingLevel}` as 'h2' | 'h3';
  const on = opsOn(settings).length;

  return (
    <section className="panel augment" aria-labelledby={`${idPrefix}-augment-h`} data-testid={`${idPrefix}-augment`}>
      <H id={`${idPrefix}-augment-h`}>Augmentation</H>
      <p className="muted">
        Each training batch is distorted afresh, in a second worker, so the network rarely sees the same image twice. Every parameter is a hyper-parameter;
        {on === 0 ? ' all ops are off.' : ` ${on} op${on === 1 ? ' is' : 's are'} on.`}
      </p>
      <div className="augment-ops">
        {AUGMENT_OPS.map((o) => {
          const id = `${idPrefix}-aug-${o.key}`;
          const off = NO_AUGMENTATION[o.key];
          const active = settings[o.key] !== off;
          return (
            <div className="augment-op" key={o.key}>
              {o.key !== 'warpSigma' ? (
                <label className="augment-toggle">
                  <input type="checkbox" data-testid={`${id}-on`} checked={active} onChange={(e) => change({ [o.key]: e.target.checked ? OP_DEFAULTS[o.key] : off })} /> {o.name}
                </label>
              ) : (
                <span className="augment-toggle">{o.name}</span>
              )}
              <input
                type="range"
                id={id}
                data-testid={id}
                aria-label={`${o.name} (strength)`}
                min={o.min}
                max={o.max}
                step={o.step}
                value={settings[o.key]}
                disabled={o.key === 'warpSigma' && settings.warpAlpha === 0}
                onChange={(e) => change({ [o.key]: Number(e.target.value) })}
              />
              <output htmlFor={id} data-testid={`${id}-value`}>
                {o.key === 'cropMinArea' && !active ? 'off' : `${fmt(settings[o.key], o.step)}${o.unit}`}
              </output>
              {o.source && <small className="muted">{o.source}</small>}
            </div>
          );
        })}
      </div>
      {warnings.length > 0 && (
        <ul className="notice warn augment-warnings" data-testid={`${idPrefix}-aug-warnings`}>
          {warnings.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
      <div className="field-row">
        <label>
          Preview on{' '}
          <select data-testid={`${idPrefix}-aug-source`} value={source} onChange={(e) => setSource(e.target.value === 'photo' ? 'photo' : 'data')}>
            <option value="data">{info.name} training images</option>
            <option value="photo">sample photos (colour)</option>
          </select>
        </label>
        {count > 1 && (
          <label>
            Image{' '}
            <select data-testid={`${idPrefix}-aug-pick`} value={index} onChange={(e) => setPick(Number(e.target.value))}>
              {Array.from({ length: count }, (_, i) => (
                <option key={i} value={i}>
                  {source === 'data' ? `#${i + 1}: ${info.classes[samples!.labels[i]!]}` : photoList[i]!.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={() => setDraw((d) => d + 1)} data-testid={`${idPrefix}-aug-redraw`}>
          New draws
        </button>
      </div>
      {typeof photos === 'string' && source === 'photo' && (
        <p className="notice error" role="alert">
          {photos}
        </p>
      )}
      {original ? (
        <div className="augment-grid" data-testid={`${idPrefix}-aug-grid`}>
          <figure>
            <Picture img={original} label="the original" invert={grey} />
            <figcaption>original</figcaption>
          </figure>
          {variants.map((v, k) => (
            <figure key={k}>
              <Picture img={v} label={`augmented variant ${k + 1}`} invert={grey} testId={`${idPrefix}-aug-variant`} />
              <figcaption>{cropping ? `${Math.round(kept[k]! * 100)}% ${source === 'data' ? 'ink' : 'kept'}` : `#${k + 1}`}</figcaption>
            </figure>
          ))}
        </div>
      ) : (
        <p className="muted">{source === 'data' ? `The preview appears when ${info.name} has loaded.` : 'Loading the sample photos...'}</p>
      )}
      {cropping && original && (
        <p className={wrong > 0 ? 'notice warn' : 'muted'} data-testid={`${idPrefix}-aug-crop-guard`}>
          {wrong > 0
            ? `${wrong} of these ${VARIANTS} crops keep less than 80% of the image's ${mass}: a "wrong crop" can cut the object away. Make the crops bigger (less padding, a larger smallest area).`
            : `Every one of these ${VARIANTS} crops keeps at least 80% of the image's ${mass} (lowest ${Math.round(Math.min(...kept) * 100)}%).`}
        </p>
      )}
      {pca && (
        <div className="pca-axes" data-testid={`${idPrefix}-aug-pca`}>
          <p className="muted">
            {pca.eigenvalues.length === 1
              ? `${info.name} is grey: PCA colour has one axis, brightness (standard deviation ${Math.sqrt(pca.eigenvalues[0]!).toFixed(3)} over these ${samples?.labels.length ?? 0} images), and colour shifting is a brightness shift. Preview on the sample photos to see colour.`
              : `PCA colour axes of the ${photoList.length} sample photos' pixels (the app computes them over the whole training set when training), each from 2 standard deviations below the mean colour to 2 above:`}
          </p>
          {pca.eigenvalues.length > 1 && (
            <ol>
              {pca.eigenvalues.map((ev, i) => (
                <li key={i} data-testid={`${idPrefix}-aug-pca-axis`}>
                  <AxisSwatch pca={pca} axis={i} /> axis {i + 1}: ({pca.eigenvectors[i]!.map((x) => x.toFixed(2)).join(', ')}), {formatPercent(ev / pca.eigenvalues.reduce((a, b) => a + b, 0), 1)} of the variance
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}
