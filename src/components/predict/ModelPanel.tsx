/**
 * Which model answers: the shipped ones (with the test accuracy `npm run pretrain` measured), the ensemble and
 * multi-crop switches with their cost, and "bring your own": a TF.js model.json with its weights, from disk or a URL.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeAugment } from '../../data/augment/pipeline';
import { DATASETS } from '../../data/datasets';
import { runDataName } from '../../training/transfer';
import { formatExact, formatPercent } from '../../models';
import { SHIPPED_MODELS, shippedModel } from '../../predict/catalog';
import { runModelKey, USER_MODEL, useAppStore } from '../../store';

export function ModelPanel() {
  const p = useAppStore(useShallow((s) => s.predict));
  const { setPredictModel, setPredictOptions, loadUserModelFiles, loadUserModelUrl, openModel, setView } = useAppStore(
    useShallow((s) => ({
      setPredictModel: s.setPredictModel,
      setPredictOptions: s.setPredictOptions,
      loadUserModelFiles: s.loadUserModelFiles,
      loadUserModelUrl: s.loadUserModelUrl,
      openModel: s.openModel,
      setView: s.setView,
    })),
  );
  const [url, setUrl] = useState('');
  const runs = useAppStore(useShallow((s) => s.training.runs.filter((r) => r.hasModel)));
  const chosen = shippedModel(p.modelId);
  const siblings = chosen ? SHIPPED_MODELS.filter((m) => m.group === chosen.group) : [];
  const u = p.userModel;
  return (
    <section className="panel" aria-labelledby="predict-model-h">
      <h2 id="predict-model-h">Model</h2>
      <fieldset className="model-list">
        <legend className="visually-hidden">Model that answers</legend>
        {(['mnist', 'fashion-mnist'] as const).map((d) => (
          <div key={d} className="model-group">
            <div className="model-group-name">{DATASETS[d].name}</div>
            {SHIPPED_MODELS.filter((m) => m.dataset === d).map((m) => {
              const rec = p.records[m.id];
              return (
                <label key={m.id} className="model-choice">
                  <input type="radio" name="predict-model" value={m.id} checked={p.modelId === m.id} onChange={() => void setPredictModel(m.id)} />
                  <span>{m.name}</span>
                  <span className="muted">{rec ? `${formatPercent(rec.testAccuracy, 2)} test accuracy` : ''}</span>
                </label>
              );
            })}
          </div>
        ))}
        {(runs.length > 0 || u) && (
          <div className="model-group" data-testid="your-models">
            <div className="model-group-name">Your models</div>
            {runs.map((r) => (
              <label key={r.id} className="model-choice">
                <input type="radio" name="predict-model" value={runModelKey(r.id)} checked={p.modelId === runModelKey(r.id)} onChange={() => void setPredictModel(runModelKey(r.id))} />
                <span>{r.name}</span>
                <span className="muted">
                  {r.result?.test ? `${formatPercent(r.result.test.accuracy, 2)} test accuracy` : `${r.status}, ${r.batches.length} steps`} · {runDataName(r.config)}
                </span>
              </label>
            ))}
            {u && (
              <label className="model-choice">
                <input type="radio" name="predict-model" value={USER_MODEL} checked={p.modelId === USER_MODEL} onChange={() => void setPredictModel(USER_MODEL)} />
                <span>From a file: {u.name}</span>
                {u.untrained && <span className="muted">random weights</span>}
              </label>
            )}
          </div>
        )}
      </fieldset>
      {p.modelId === USER_MODEL && u?.untrained && (
        <p className="notice error" role="alert" data-testid="untrained-warning">
          <strong>Random weights:</strong> {u.name} was exported from Build before any training, so its answers are chance (about 1 in {u.info.outputUnits}). Train it on the Train
          screen, then choose it here under Your models.
        </p>
      )}
      {chosen && p.records[chosen.id] && (
        <details className="made" data-testid="model-made">
          <summary>How this model was made</summary>
          <p>
            {(() => {
              const r = p.records[chosen.id]!;
              return `${r.dataset}; ${r.recipe.learningRates.length} epochs of Adam (learning rate ${[...new Set(r.recipe.learningRates)].join(', then ')}), batch ${r.recipe.batchSize}, seed ${r.recipe.seed}${r.recipe.augment ? `, augmented (${describeAugment(r.recipe.augment)})` : ', no augmentation'}; ${r.backend} in Node ${r.node} on ${r.cpu}, ${r.seconds} s, ${r.date}. Test accuracy after each epoch: ${r.perEpoch.map((e) => formatPercent(e.testAccuracy, 2)).join(', ')}. Made by npm run pretrain.`;
            })()}
          </p>
          <a
            href={`?model=${chosen.zooId}`}
            onClick={(e) => {
              e.preventDefault();
              setView('networks');
              openModel(chosen.zooId);
            }}
          >
            See its layers, shapes and parameters
          </a>
        </details>
      )}
      {p.modelStatus === 'loading' && <p className="muted" role="status">Loading the model…</p>}
      {p.modelError && <p className="notice error" role="alert">{p.modelError}</p>}

      <h3>Test-time tricks</h3>
      <div className="field-row" role="radiogroup" aria-label="Crops">
        {(
          [
            ['single', 'Centre only'],
            ['five', '5 crops'],
            ['ten', '10 crops (with mirrors)'],
          ] as const
        ).map(([v, label]) => (
          <label key={v}>
            <input type="radio" name="predict-crops" value={v} checked={p.crops === v} onChange={() => void setPredictOptions({ crops: v })} /> {label}
          </label>
        ))}
      </div>
      <label className={siblings.length < 2 ? 'muted' : ''}>
        <input type="checkbox" checked={p.ensemble} disabled={siblings.length < 2} onChange={(e) => void setPredictOptions({ ensemble: e.target.checked })} /> Ensemble:
        average {siblings.length > 1 ? siblings.map((m) => m.name).join(', ') : 'the models trained on the same data'}
      </label>
      <p className="why">
        Averaging crops (the four corners and the centre, shifted 2 px, and their mirror images) and averaging several independently trained models win
        benchmarks, but every answer then costs as many forward passes: rarely worth it in production. Crops pay off for a network trained on random crops
        (AlexNet trained on random 224 x 224 crops of 256 x 256 images).{' '}
        {chosen?.recipe.augment && chosen.recipe.augment.padCrop > 0
          ? `This model was trained on random shifts of up to ${chosen.recipe.augment.padCrop} px (pad and crop), the shifts the crops make, so it takes them in its stride.`
          : 'Models trained on whole, centred images (the ones not marked augmented) lose accuracy to the shifted crops; the augmented ones were trained on such shifts.'}{' '}
        Mirrors suit photos and clothes, not digits. The README has the measured accuracies.
      </p>
      <label className="hyper-field">
        Invert to light on dark
        <select value={String(p.invert)} onChange={(e) => void setPredictOptions({ invert: e.target.value === 'auto' ? 'auto' : e.target.value === 'true' })}>
          <option value="auto">auto (from the border)</option>
          <option value="true">always</option>
          <option value="false">never</option>
        </select>
      </label>

      <h3>Bring your own model</h3>
      <p className="why">A TF.js layers model: pick its model.json and weight files together, or give the address of its model.json.</p>
      <label className="file-button">
        <span>Pick model.json + weights…</span>
        <input type="file" multiple accept=".json,.bin,application/json,application/octet-stream" data-testid="user-model-files" onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) void loadUserModelFiles(files);
        }} />
      </label>
      <form
        className="url-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) void loadUserModelUrl(url.trim());
        }}
      >
        <input type="url" placeholder="https://…/model.json" aria-label="Address of a model.json" value={url} onChange={(e) => setUrl(e.target.value)} />
        <button type="submit">Load</button>
      </form>
      {p.userModelStatus === 'loading' && <p className="muted" role="status">Loading your model…</p>}
      {p.userModelError && (
        <p className="notice error" role="alert" data-testid="user-model-error">
          {p.userModelError}
        </p>
      )}
      {u && (
        <dl className="user-model" data-testid="user-model-info">
          <dt>Input</dt>
          <dd>{u.info.inputShape.map((d) => d ?? '?').join(' x ')}</dd>
          <dt>Outputs</dt>
          <dd>
            {u.info.outputUnits} classes{u.labelSource === 'imagenet' ? ' (ImageNet names)' : u.labelSource === 'index' ? ' (numbered)' : ''}
            {u.info.softmaxOutput ? '' : '; softmax applied to its scores'}
          </dd>
          <dt>Parameters</dt>
          <dd>
            {formatExact(u.info.params)} (TF.js)
            {'params' in u.engine ? `; ConvAtlas's engine: ${formatExact(u.engine.params)} over ${u.engine.layers} layers, ${(u.engine.macs / 1e6).toFixed(2)} M MACs per image` : ''}
          </dd>
          {'error' in u.engine && (
            <>
              <dt>Engine</dt>
              <dd>{u.engine.error}</dd>
            </>
          )}
          <dt>Weights</dt>
          <dd>{(u.info.weightBytes / 1024).toFixed(1)} KiB, loaded in {u.info.loadMs.toFixed(0)} ms</dd>
        </dl>
      )}
      {u && u.pipeline === 'photo' && (
        <label className="hyper-field">
          Pixel range the model expects
          <select value={p.range} onChange={(e) => void setPredictOptions({ range: e.target.value as typeof p.range })}>
            <option value="0,1">0 to 1</option>
            <option value="-1,1">-1 to 1 (MobileNet)</option>
            <option value="0,255">0 to 255</option>
          </select>
        </label>
      )}
    </section>
  );
}
