/**
 * The kept runs: each with its network, data, status and test accuracy; rename, delete, train again with changes,
 * use in Predict, export (TF.js files, or a PyTorch zip: module, trained weights and a training script). Ticked runs are drawn together
 * (loss and accuracy against step or training time) and the settings in which they differ are listed.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatPercent } from '../../models';
import { describeAugment } from '../../data/augment/pipeline';
import { DATASETS } from '../../data/datasets';
import { describeTransfer, runDataName } from '../../training/transfer';
import { npz, toStateDict } from '../../models/export/pytorchWeights';
import { manifestWeights } from '../../models/weights';
import { fileBase, toPyTorch } from '../../models/export/pytorch';
import { pytorchBundle } from '../../models/export/pytorchTrain';
import { selectRuns, selectRunsView, selectTrainActions, selectTrainBusy, repeatsAsItWas, useAppStore, type RunRecord } from '../../store';
import { download } from '../builder/download';
import { overlayLayout } from './curvesLayout';
import { ChartGrid } from '../charts/ChartGrid';

const W = 420;
const H = 200;
/** Colours for overlaid runs (colour-blind-safe Okabe-Ito order). */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'];

const STATUS: Record<RunRecord['status'], string> = {
  queued: 'queued',
  training: 'training',
  completed: 'finished',
  stopped: 'stopped',
  diverged: 'diverged',
  error: 'failed',
  interrupted: 'interrupted (page closed)',
};

/** The settings a run is described by, as label -> text, for the diff of overlaid runs. */
function settings(r: RunRecord): Record<string, string> {
  const c = r.config;
  return {
    network: r.network.name + (r.network.changes.length > 0 ? ` (adapted: ${r.network.changes.join('; ')})` : ''),
    data: `${runDataName(c)}${c.trainLimit ? `, first ${c.trainLimit.toLocaleString('en-US')} images` : ''}`,
    optimizer: c.optimizer,
    'learning rate': String(c.learningRate),
    'batch size': String(c.batchSize),
    epochs: String(c.epochs),
    validation: `${Math.round(c.validationSplit * 100)}%`,
    seed: String(c.seed ?? 'random'),
    augmentation: c.augment ? describeAugment(c.augment.settings) : 'none',
    transfer: c.transfer ? describeTransfer(c.transfer) : 'none',
    backend: r.backend ?? '—',
  };
}

function OverlayChart({ runs, metric, x }: { runs: RunRecord[]; metric: 'loss' | 'accuracy'; x: 'step' | 'time' }) {
  const series = useMemo(
    () =>
      runs.map((r) => ({
        id: r.id,
        label: r.name,
        // Against time, only the batches that recorded it (runs resumed from older checkpoints lack it for the first part).
        points: r.batches.filter((b) => x === 'step' || b.ms !== undefined).map((b) => ({ x: x === 'step' ? b.step : b.ms! / 1000, value: metric === 'loss' ? b.loss : b.accuracy })),
      })),
    [runs, metric, x],
  );
  const l = useMemo(() => overlayLayout(series, W, H, metric === 'accuracy' ? 1 : undefined), [series, metric]);
  const title = metric === 'loss' ? 'Training loss' : 'Training accuracy';
  return (
    <figure className="curve" data-testid={`overlay-${metric}`} data-series={l.paths.length}>
      <figcaption>
        {title} against {x === 'step' ? 'step' : 'training time (s)'}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} of ${runs.length} runs, smoothed, against ${x === 'step' ? 'optimizer step' : 'training time in seconds'}`}>
        <g transform={`translate(${l.margin.left},${l.margin.top})`}>
          <ChartGrid width={W} height={H} margin={l.margin} xTicks={l.xTicks} yTicks={l.yTicks} />
          {l.paths.map((p, i) => (
            <path key={p.id} d={p.d} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} data-testid="overlay-path">
              <title>{`${p.label}: last ${metric === 'accuracy' && p.last !== null ? formatPercent(p.last, 1) : (p.last?.toFixed(4) ?? '—')}`}</title>
            </path>
          ))}
        </g>
      </svg>
    </figure>
  );
}

async function exportRun(r: RunRecord, format: 'tfjs' | 'pytorch', files: { modelJson: string; weights: ArrayBuffer; weightsFileName: string; layerNames: Record<string, string> }): Promise<string | null> {
  const base = fileBase(r.name);
  if (format === 'tfjs') {
    // The run's own weights file name, in the manifest too: two runs' files never overwrite or mix.
    const weightsName = `${base}.weights.bin`;
    const json = JSON.parse(files.modelJson) as { weightsManifest: { paths: string[] }[] };
    json.weightsManifest.forEach((g) => (g.paths = [weightsName]));
    download(`${base}.model.json`, JSON.stringify(json), 'application/json');
    download(weightsName, files.weights);
    return null;
  }
  const [h, w] = DATASETS[r.config.datasetId].shape;
  const code = toPyTorch(r.config.spec, undefined, r.config.augment ? { settings: r.config.augment.settings, height: h, width: w } : undefined);
  if (!code.ok) return code.error;
  try {
    const state = toStateDict(r.config.spec, files.layerNames, manifestWeights(files.modelJson, files.weights));
    const bundle = pytorchBundle(r.config, r.name, code.code, npz(state));
    download(`${base}.pytorch.zip`, bundle.zip as Uint8Array<ArrayBuffer>, 'application/zip');
    return bundle.skipped && `The zip holds the module and its weights, without train.py: ${bundle.skipped}`;
  } catch (e) {
    return `The weights could not be converted for PyTorch: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function RunRow({ r, colour }: { r: RunRecord; colour: string | null }) {
  const view = useAppStore(useShallow(selectRunsView));
  const busy = useAppStore(selectTrainBusy);
  const { renameRun, deleteRun, duplicateRun, toggleOverlay, runModel, predictWithRun } = useAppStore(
    useShallow((s) => ({ ...selectTrainActions(s), predictWithRun: s.predictWithRun })),
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const live = busy && view.currentRunId === r.id;
  const acc = r.result?.test?.accuracy;
  const doExport = async (format: 'tfjs' | 'pytorch') => {
    const files = await runModel(r.id);
    setProblem(files ? await exportRun(r, format, files) : 'The trained network of this run cannot be read from storage.');
  };
  return (
    <li className="run-row" data-testid="run-row" data-run={r.id} data-status={r.status}>
      <label className="run-pick" title="Draw this run on the comparison chart">
        <input type="checkbox" checked={view.overlay.includes(r.id)} disabled={r.batches.length === 0} onChange={() => toggleOverlay(r.id)} aria-label={`compare ${r.name}`} />
        {colour && <span className="swatch" style={{ background: colour }} />}
      </label>
      <div className="run-main">
        {editing === null ? (
          <span className="run-name" data-testid="run-name">
            {r.name}
          </span>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void renameRun(r.id, editing);
              setEditing(null);
            }}
          >
            <input aria-label="run name" value={editing} maxLength={120} autoFocus onChange={(e) => setEditing(e.target.value)} onBlur={() => (void renameRun(r.id, editing), setEditing(null))} />
          </form>
        )}
        <span className="muted run-facts">
          {STATUS[r.status]}
          {acc !== undefined && ` · ${formatPercent(acc, 2)} test`}
          {r.imagesPerSecond !== null && ` · ${Math.round(r.imagesPerSecond).toLocaleString('en-US')} img/s`}
          {` · ${r.batches.length.toLocaleString('en-US')} steps · ${new Date(r.createdAt).toLocaleString()}`}
        </span>
        <span className="run-actions">
          <button type="button" className="mini" onClick={() => setEditing(r.name)}>
            Rename
          </button>
          <button
            type="button"
            className="mini"
            data-testid="run-again"
            title={r.config.transfer ? 'Queue this transfer run again: same backbone, data, regime and seed' : repeatsAsItWas(r.config) ? 'Queue this run again: same network, data, step budget and seed' : "Put this run's network and settings on the screen, to change and train again"}
            onClick={() => duplicateRun(r.id)}
          >
            {repeatsAsItWas(r.config) ? 'Train again' : 'Train again…'}
          </button>
          <button type="button" className="mini" data-testid="run-predict" disabled={!r.hasModel} title={r.hasModel ? 'Answer drawings and images with this trained network' : 'No trained network was kept for this run'} onClick={() => void predictWithRun(r.id)}>
            Use in Predict
          </button>
          <button type="button" className="mini" data-testid="run-export-tfjs" disabled={!r.hasModel} onClick={() => void doExport('tfjs')}>
            TF.js files
          </button>
          <button type="button" className="mini" data-testid="run-export-pytorch" disabled={!r.hasModel} title="Continue in PyTorch: a zip of the module (model.py), its trained weights (weights.npz) and a training script (train.py) that runs on a CPU, a GPU or several with torchrun" onClick={() => void doExport('pytorch')}>
            Continue in PyTorch
          </button>
          <button type="button" className="mini danger" data-testid="run-delete" disabled={live} onClick={() => void deleteRun(r.id)}>
            Delete
          </button>
        </span>
        {problem && (
          <p className="notice error" role="alert">
            {problem}
          </p>
        )}
      </div>
    </li>
  );
}

/** The Runs panel; nothing until there is a run. */
export function RunsPanel() {
  const runs = useAppStore(selectRuns);
  const view = useAppStore(useShallow(selectRunsView));
  const { setOverlayX } = useAppStore(useShallow(selectTrainActions));
  const shown = useMemo(() => view.overlay.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => !!r), [runs, view.overlay]);
  const diff = useMemo(() => {
    if (shown.length < 2) return [];
    const all = shown.map(settings);
    return Object.keys(all[0]!).filter((k) => new Set(all.map((s) => s[k])).size > 1).map((k) => ({ k, values: all.map((s) => s[k]!) }));
  }, [shown]);
  if (runs.length === 0 && !view.notice) return null;
  return (
    <section className="panel" aria-labelledby="train-runs-h" data-testid="runs-panel">
      <h2 id="train-runs-h">Runs</h2>
      {view.notice && (
        <p className="notice" role="status" data-testid="runs-notice">
          {view.notice}
        </p>
      )}
      {view.queue.length > 0 && <p className="muted">{view.queue.length} queued: each starts when the one before it ends.</p>}
      <ul className="runs" data-testid="runs">
        {runs.map((r) => {
          const i = shown.indexOf(r);
          return <RunRow key={r.id} r={r} colour={i >= 0 ? COLOURS[i % COLOURS.length]! : null} />;
        })}
      </ul>
      {shown.length > 0 && (
        <div className="overlay" data-testid="overlay">
          <div className="overlay-x" role="group" aria-label="x axis">
            x:{' '}
            {(['step', 'time'] as const).map((x) => (
              <label key={x}>
                <input type="radio" name="overlay-x" checked={view.overlayX === x} onChange={() => setOverlayX(x)} /> {x === 'step' ? 'step' : 'training time'}
              </label>
            ))}
          </div>
          <div className="curves">
            <OverlayChart runs={shown} metric="loss" x={view.overlayX} />
            <OverlayChart runs={shown} metric="accuracy" x={view.overlayX} />
          </div>
          {diff.length > 0 && (
            <table className="run-diff" data-testid="run-diff">
              <caption>Where the compared runs differ</caption>
              <thead>
                <tr>
                  <th scope="col">setting</th>
                  {shown.map((r, i) => (
                    <th key={r.id} scope="col">
                      <span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} /> {r.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {diff.map((d) => (
                  <tr key={d.k}>
                    <th scope="row">{d.k}</th>
                    {d.values.map((v, i) => (
                      <td key={i}>{v}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {shown.length >= 2 && diff.length === 0 && <p className="muted">The compared runs have the same settings (seeds included): any difference is the machine's.</p>}
        </div>
      )}
    </section>
  );
}
