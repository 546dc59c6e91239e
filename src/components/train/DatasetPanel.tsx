/** Dataset picker, subset, loading progress and a grid of sample images with their labels. */
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DATASETS, isDatasetId } from '../../data/datasets';
import { formatExact } from '../../models';
import { selectTrainActions, selectTrainBusy, selectTrainData, selectTrainDatasetId, selectTrainSubset, SUBSETS, useAppStore, type SubsetId } from '../../store';

function Sample({ pixels, size, label }: { pixels: Uint8Array; size: [number, number]; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const [h, w] = size;
    const img = ctx.createImageData(w, h);
    for (let i = 0; i < h * w; i++) {
      const v = 255 - pixels[i]!;
      img.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, size]);
  return (
    <figure className="sample">
      <canvas ref={ref} width={size[1]} height={size[0]} role="img" aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** Shows where the data comes from, how much of it is loaded, and what it looks like. */
export function DatasetPanel() {
  const datasetId = useAppStore(selectTrainDatasetId);
  const subset = useAppStore(selectTrainSubset);
  const data = useAppStore(useShallow(selectTrainData));
  const busy = useAppStore(selectTrainBusy);
  const { setTrainDataset, setTrainSubset, loadTrainData } = useAppStore(useShallow(selectTrainActions));
  const info = DATASETS[datasetId];
  const [h, w, c] = info.shape;
  const per = h * w * c;
  return (
    <section className="panel" aria-labelledby="train-data-h">
      <h2 id="train-data-h">Data</h2>
      <div className="field-row">
        <label>
          Dataset{' '}
          <select data-testid="train-dataset" value={datasetId} disabled={busy} onChange={(e) => isDatasetId(e.target.value) && setTrainDataset(e.target.value)}>
            {Object.values(DATASETS).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Use{' '}
          <select data-testid="train-subset" value={subset} disabled={busy} onChange={(e) => setTrainSubset(e.target.value as SubsetId)}>
            {SUBSETS.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id === 'all' ? `all ${formatExact(info.trainCount)} training / ${formatExact(info.testCount)} test` : s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {data.status === 'loading' && (
        <div className="load-progress">
          <progress data-testid="data-progress" max={1} value={data.progress} aria-label={`Loading ${info.name}`} />
          <span>{Math.round(data.progress * 100)}%, parsed in the training worker</span>
        </div>
      )}
      {data.status === 'error' && (
        <p className="notice error" role="alert" data-testid="data-error">
          {data.error}{' '}
          <button type="button" onClick={() => void loadTrainData()}>
            Try again
          </button>
        </p>
      )}
      {data.status === 'ready' && data.counts && (
        <p data-testid="data-ready">
          {info.name}: {formatExact(data.counts.train)} training and {formatExact(data.counts.test)} test images, {h}x{w}x{c}, {info.classes.length} classes.
        </p>
      )}
      {data.samples && (
        <div className="sample-grid" data-testid="sample-grid">
          {Array.from(data.samples.labels, (label, i) => (
            <Sample key={`${datasetId}-${i}`} pixels={data.samples!.images.subarray(i * per, (i + 1) * per)} size={[h, w]} label={info.classes[label] ?? String(label)} />
          ))}
        </div>
      )}
      <p className="credit">{info.credit}</p>
    </section>
  );
}
