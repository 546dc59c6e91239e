/**
 * Your own classes: make classes and fill them by drawing on the pad, dropping or picking image files, or from the
 * camera; see each example as the network sees it (28x28), remove one, rename a class; train a new head on the
 * chosen backbone's frozen features in seconds, then answer new drawings with it on Predict.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatPercent } from '../../models';
import { shippedModel, trainedOn } from '../../predict/catalog';
import type { RgbaImage } from '../../predict/image';
import { useAppStore } from '../../store';
import { OWN_FEW, OWN_LIMITS, ownTestable, styleOfBackbone, type OwnExample } from '../../store/ownClassesSlice';
import { OWN_TEST_MIN } from '../../data/tasks';
import type { HeadKind } from '../../training/transfer';
import { CameraInput } from '../predict/CameraInput';
import { DrawPad } from '../predict/DrawPad';
import { OWN_CLASSES_ID } from '../views';

/** One example as the network sees it: 28x28, drawn on a canvas. */
function Thumb({ bytes, label }: { bytes: Uint8Array; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = bytes[i]!;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [bytes]);
  return <canvas ref={ref} width={28} height={28} className="own-thumb" role="img" aria-label={label} />;
}

/** The panel, for the backbone and cut chosen on the screen. */
export function OwnClassesPanel({ from, cut }: { from: string; cut: string }) {
  const id = useId();
  const state = useAppStore((s) => s.ownClasses);
  const actions = useAppStore(
    useShallow((s) => ({
      addOwnClass: s.addOwnClass,
      renameOwnClass: s.renameOwnClass,
      removeOwnClass: s.removeOwnClass,
      addOwnImage: s.addOwnImage,
      addOwnFiles: s.addOwnFiles,
      removeOwnExample: s.removeOwnExample,
      trainOwnClasses: s.trainOwnClasses,
      predictWithRun: s.predictWithRun,
    })),
  );
  const run = useAppStore((s) => s.training.runs.find((r) => r.id === s.ownClasses.runId) ?? null);
  const loadOwnClasses = useAppStore((s) => s.loadOwnClasses);
  useEffect(() => {
    void loadOwnClasses();
  }, [loadOwnClasses]);
  const [drawing, setDrawing] = useState<RgbaImage | null>(null);
  const [clearKey, setClearKey] = useState(0);
  const [target, setTarget] = useState<string>(state.classes[0]?.id ?? '');
  const [head, setHead] = useState<HeadKind>('softmax');
  const [message, setMessage] = useState<string | null>(null);
  const targetClass = state.classes.find((c) => c.id === target) ?? state.classes[0];
  const style = styleOfBackbone(from);
  const m = shippedModel(from)!;
  const photos = state.classes.some((c) => c.examples.some((e) => e.source !== 'pad'));
  const thin = state.classes.filter((c) => c.examples.length < OWN_FEW);
  const total = state.classes.reduce((n, c) => n + c.examples.length, 0);

  const train = async () => {
    setMessage(null);
    const why = await actions.trainOwnClasses(from, cut, head);
    setMessage(why ?? null);
  };

  return (
    <section className="panel own-classes" id={OWN_CLASSES_ID} tabIndex={-1} aria-labelledby={`${id}-h`} data-testid="own-classes">
      <h2 id={`${id}-h`}>Your own classes</h2>
      <p className="why">
        Make a few classes and give each some examples; a new {head === 'knn' ? 'k-nearest-neighbour head' : 'softmax'} then learns them on top of {m.name}’s frozen{' '}
        <code>{cut}</code> features (the cut chosen above), in seconds. Each example shows as the network sees it: 28x28, {style === 'mnist' ? 'light ink on black, as MNIST' : 'as Fashion-MNIST'}.
      </p>
      <div className="own-inputs">
        <div>
          <DrawPad onImage={setDrawing} clearKey={clearKey} label="Drawing area for your classes: draw an example" testId="own-pad" />
          <label className="hyper-field">
            Add to
            <select data-testid="own-target" value={targetClass?.id ?? ''} onChange={(e) => setTarget(e.target.value)}>
              {state.classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name || 'unnamed'}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="own-add-drawing"
            disabled={!drawing || !targetClass}
            onClick={() => {
              if (drawing && targetClass && actions.addOwnImage(targetClass.id, drawing, 'pad')) {
                setDrawing(null);
                setClearKey((k) => k + 1);
              }
            }}
          >
            Add the drawing to {targetClass?.name || 'the class'}
          </button>
        </div>
        {targetClass && <CameraInput snapLabel={`Snap into ${targetClass.name || 'the class'}`} onFrame={(img) => void actions.addOwnImage(targetClass.id, img, 'camera')} />}
      </div>
      {state.notice && (
        <p className="notice" role="alert" data-testid="own-notice">
          {state.notice}
        </p>
      )}
      <ul className="own-class-list">
        {state.classes.map((c, k) => (
          <li
            key={c.id}
            className="own-class"
            data-testid="own-class"
            data-count={c.examples.length}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              void actions.addOwnFiles(c.id, [...e.dataTransfer.files]);
            }}
          >
            <div className="own-class-head">
              <input aria-label={`Name of class ${k + 1}`} value={c.name} maxLength={40} onChange={(e) => actions.renameOwnClass(c.id, e.target.value)} />
              <span className="muted">
                {c.examples.length} example{c.examples.length === 1 ? '' : 's'}
              </span>
              <label className="mini file-pick">
                Add files
                <input type="file" accept="image/*" multiple data-testid="own-files" onChange={(e) => void actions.addOwnFiles(c.id, [...(e.target.files ?? [])]).then(() => (e.target.value = ''))} />
              </label>
              <button type="button" className="mini danger" onClick={() => actions.removeOwnClass(c.id)}>
                Remove class
              </button>
            </div>
            <div className="own-thumbs">
              {c.examples.length === 0 && <span className="muted">Draw, drop image files here, or snap with the camera.</span>}
              {c.examples.map((e: OwnExample, i) => (
                <span key={e.id} className="own-example">
                  <Thumb bytes={e[style]} label={`${c.name} example ${i + 1} (${e.source})`} />
                  <button type="button" className="own-remove" aria-label={`Remove ${c.name} example ${i + 1}`} onClick={() => actions.removeOwnExample(c.id, e.id)}>
                    ×
                  </button>
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" className="mini" disabled={state.classes.length >= OWN_LIMITS.classes} onClick={() => actions.addOwnClass()}>
          Add a class
        </button>
      </p>
      {thin.length > 0 && total > 0 && (
        <p className="notice" role="note" data-testid="own-thin">
          {thin.map((c) => `'${c.name}'`).join(', ')} {thin.length === 1 ? 'has' : 'have'} fewer than {OWN_FEW} examples: a class with so few is learnt from
          whatever its examples happen to share.
        </p>
      )}
      {photos && (
        <p className="notice" role="note" data-testid="own-domain">
          Some examples are photos. {m.name} learnt {trainedOn(m)}: 28x28 grey {style === 'mnist' ? 'strokes on black' : 'items on black'}. Its features carry over poorly to
          photos of cats or cups; expect the accuracy measured below, not more.
        </p>
      )}
      <p>
        <label>
          Head{' '}
          <select value={head} onChange={(e) => setHead(e.target.value as HeadKind)}>
            <option value="softmax">softmax (a new output layer)</option>
            <option value="knn">k-nearest neighbours (k = 5)</option>
          </select>
        </label>{' '}
        <button type="button" data-testid="own-train" disabled={state.classes.length < 2 || total === 0} onClick={() => void train()}>
          Train on {total} examples
        </button>
      </p>
      {!ownTestable(state.classes) && total > 0 && <p className="muted">Add {OWN_TEST_MIN} or more examples to every class to hold a quarter of each out and measure the head on them.</p>}
      {message && (
        <p className="notice" role="alert" data-testid="own-message">
          {message}
        </p>
      )}
      {run && (
        <p data-testid="own-result" data-status={run.status} role="status">
          {run.status === 'completed'
            ? run.result?.test && run.result.test.count > 0
              ? `Trained: ${formatPercent(run.result.test.accuracy, 1)} of ${run.result.test.count} held-out examples right.`
              : 'Trained (no examples were held out to measure it).'
            : run.status === 'queued' || run.status === 'training'
              ? 'Training…'
              : `The run ${run.status}: ${run.message ?? ''}`}{' '}
          {run.status === 'completed' && run.hasModel && (
            <button type="button" data-testid="own-predict" onClick={() => void actions.predictWithRun(run.id)}>
              Try it on Predict: draw and get your classes
            </button>
          )}
        </p>
      )}
    </section>
  );
}
