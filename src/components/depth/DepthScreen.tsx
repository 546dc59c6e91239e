/**
 * The depth experiment (He et al. 2015, figures 1 and 6): choose depths, data, steps and batch norm; queue a plain
 * and a residual CIFAR network per depth (they differ only in their shortcuts); watch training error against step
 * (plain dashed, residual solid, colour by depth) and the final training error against depth.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatPercent } from '../../models';
import { DATASETS, isDatasetId, type DatasetId } from '../../data/datasets';
import { CIFAR_DEPTHS } from '../../models/zoo/resnet';
import { fetchDepthReference, isOptimizer, OPTIMIZER_CHOICES, parseLearningRate, parseWhole, selectRuns, selectTrainActions, useAppStore, type RunRecord } from '../../store';
import { DEPTH_DEFAULTS, depthPlans, finalTrainingError, type DepthResults, type DepthSettings } from '../../training/depthExperiment';
import { overlayLayout } from '../train/curvesLayout';
import { depthLayout } from './depthLayout';
import '../../styles/train.css';
import { ChartGrid } from '../charts/ChartGrid';

const W = 520;
const H = 240;
/** One colour per depth, light (shallow) to dark (deep), as the paper's figure shades them. */
const DEPTH_COLOURS: Record<number, string> = { 8: '#9ecae1', 14: '#6baed6', 20: '#3182bd', 32: '#08519c', 44: '#7b3294', 56: '#d7301f' };

/** The runs use the 5,000-image subset, a tenth of it held out to validate. */
const VALIDATION = 0.1;
const TRAIN_IMAGES = 5000 * (1 - VALIDATION);

/** What the charts need of a run: a kept run of this browser, or one of the committed reference grid. */
interface DepthRun {
  id: string;
  name: string;
  /** The zoo id ('cifar-plain20'). */
  key: string;
  batches: readonly { step: number; accuracy: number }[];
  status: RunRecord['status'];
  /** The step budget; a run counts on the error-vs-depth chart only when it trained all of it. */
  budget: number | null;
  testError: number | null;
}

const fromRecord = (r: RunRecord): DepthRun => ({
  id: r.id,
  name: r.name,
  key: r.network.key,
  batches: r.batches,
  status: r.status,
  budget: r.config.maxSteps ?? null,
  testError: r.result?.test ? 1 - r.result.test.accuracy : null,
});

const fromReference = (ref: DepthResults): DepthRun[] =>
  ref.runs.map((r) => ({ id: `reference:${r.key}`, name: r.name, key: r.key, batches: r.steps, status: 'completed', budget: ref.settings.steps, testError: r.testError }));

const depthOf = (r: DepthRun) => Number(/(\d+)$/.exec(r.key)?.[1] ?? NaN);
const isResidual = (r: DepthRun) => r.key.startsWith('cifar-resnet');
const REFERENCE = 'reference';

/** The runs of one experiment with the live batches of the one training now. */
function useGroups() {
  const runs = useAppStore(selectRuns);
  const live = useAppStore(useShallow((s) => ({ id: s.training.currentRunId, batches: s.training.batches })));
  return useMemo(() => {
    const groups = [...new Set(runs.filter((r) => r.group?.startsWith('depth:')).map((r) => r.group!))].sort().reverse();
    const withLive = runs.map((r) => (r.id === live.id && live.batches.length > r.batches.length ? { ...r, batches: live.batches } : r));
    return { groups, runs: withLive };
  }, [runs, live]);
}

function ErrorChart({ runs }: { runs: DepthRun[] }) {
  const series = useMemo(() => runs.map((r) => ({ id: r.id, label: r.name, points: r.batches.map((b) => ({ x: b.step, value: 1 - b.accuracy })) })), [runs]);
  const l = useMemo(() => overlayLayout(series, W, H, 1, 1 / 12), [series]);
  return (
    <figure className="curve" data-testid="depth-curves" data-series={l.paths.filter((p) => p.d !== '').length}>
      <figcaption>Training error against step (moving average over a twelfth of the run): plain dashed, residual solid</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training error of each network against optimizer step">
        <g transform={`translate(${l.margin.left},${l.margin.top})`}>
          <ChartGrid width={W} height={H} margin={l.margin} xTicks={l.xTicks} yTicks={l.yTicks} />
          {l.paths.map((p, i) => {
            const r = runs[i]!;
            return (
              <path key={p.id} d={p.d} fill="none" stroke={DEPTH_COLOURS[depthOf(r)] ?? '#555'} strokeWidth={2} strokeDasharray={isResidual(r) ? undefined : '6 4'} data-testid="depth-path" data-kind={isResidual(r) ? 'residual' : 'plain'}>
                <title>{`${r.name}: ${p.last === null ? '—' : formatPercent(p.last, 1)} training error at the end`}</title>
              </path>
            );
          })}
        </g>
      </svg>
    </figure>
  );
}

function DepthChart({ runs }: { runs: DepthRun[] }) {
  const points = useMemo(() => {
    const depths = [...new Set(runs.map(depthOf))].sort((a, b) => a - b);
    const err = (d: number, residual: boolean) => {
      // Only runs that trained their whole step budget: a stopped or diverged run is not comparable.
      const r = runs.find((x) => depthOf(x) === d && isResidual(x) === residual && x.status === 'completed' && x.batches.length >= (x.budget ?? 0));
      return r ? finalTrainingError(r.batches) : null;
    };
    return depths.map((d) => ({ depth: d, plain: err(d, false), residual: err(d, true) }));
  }, [runs]);
  const l = useMemo(() => depthLayout(points, W, H), [points]);
  return (
    <figure className="curve" data-testid="depth-final" data-points={l.dots.length}>
      <figcaption>Final training error (last 50 steps) against depth</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Final training error of plain and residual networks against depth">
        <g transform={`translate(${l.margin.left},${l.margin.top})`}>
          <ChartGrid width={W} height={H} margin={l.margin} xTicks={l.xTicks} yTicks={l.yTicks} xSuffix=" layers" />
          <path d={l.plain} fill="none" stroke="#555" strokeWidth={2} strokeDasharray="6 4" />
          <path d={l.residual} fill="none" stroke="#1f5fbf" strokeWidth={2} />
          {l.dots.map((d) => (
            <circle key={`${d.kind}${d.depth}`} cx={d.x} cy={d.y} r={4} fill={d.kind === 'plain' ? '#555' : '#1f5fbf'}>
              <title>{`${d.kind} ${d.depth}: ${formatPercent(d.value, 1)}`}</title>
            </circle>
          ))}
        </g>
      </svg>
      <p className="legend">
        <span className="key dashed" /> plain <span className="key smooth" /> residual
      </p>
    </figure>
  );
}

/** The whole screen. */
export default function DepthScreen() {
  const [s, setS] = useState<DepthSettings>(DEPTH_DEFAULTS);
  const [text, setText] = useState({ steps: String(DEPTH_DEFAULTS.steps), lr: String(DEPTH_DEFAULTS.learningRate), batch: String(DEPTH_DEFAULTS.batchSize) });
  const [message, setMessage] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const { groups, runs } = useGroups();
  const queueRuns = useAppStore((st) => st.queueRuns);
  const { stopTraining, loadRuns, cancelQueued } = useAppStore(useShallow(selectTrainActions));
  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);
  const training = useAppStore(useShallow((st) => ({ status: st.training.status, queue: st.training.queue.length, current: st.training.currentRunId, progress: st.training.progress })));
  const [reference, setReference] = useState<DepthResults | null>(null);
  useEffect(() => {
    void fetchDepthReference().then(setReference);
  }, []);
  const group = picked ?? groups[0] ?? (reference ? REFERENCE : null);
  const shown = useMemo(
    () =>
      (group === REFERENCE ? (reference ? fromReference(reference) : []) : runs.filter((r) => r.group === group).map(fromRecord)).sort(
        (a, b) => depthOf(a) - depthOf(b) || Number(isResidual(a)) - Number(isResidual(b)),
      ),
    [runs, group, reference],
  );
  const steps = parseWhole(text.steps, 'Steps', 1, 100_000);
  const lr = parseLearningRate(text.lr);
  const batch = parseWhole(text.batch, 'The batch size', 1, 1024);
  const problems = [steps, lr, batch].filter((p) => !p.ok).map((p) => (p.ok ? '' : p.message));
  const current = runs.find((r) => r.id === training.current);
  const currentSteps = current ? current.batches.length : 0;

  const start = async () => {
    if (!steps.ok || !lr.ok || !batch.ok) return;
    const settings = { ...s, steps: steps.value, learningRate: lr.value, batchSize: batch.value };
    const plans = depthPlans(settings);
    if (typeof plans === 'string') return setMessage(plans);
    const g = `depth:${new Date().toISOString()}`;
    const why = await queueRuns(
      plans.map((p) => ({
        network: { key: p.key, name: p.name, changes: p.changes },
        spec: p.spec,
        datasetId: settings.datasetId,
        subset: '5000',
        // Enough epochs of the subset's training images for the step budget; the budget ends the run.
        hyper: { optimizer: settings.optimizer, learningRate: settings.learningRate, batchSize: settings.batchSize, epochs: Math.ceil((settings.steps * settings.batchSize) / TRAIN_IMAGES), validationSplit: VALIDATION },
        seed: settings.seed,
        maxSteps: settings.steps,
        group: g,
      })),
    );
    setPicked(null);
    setMessage(why ?? `Queued ${plans.length} runs (${plans.map((p) => p.name).join(', ')}): they train one after the other, ${settings.steps} steps each, on the first 5,000 ${DATASETS[settings.datasetId].name} images.`);
  };

  return (
    <div className="train depth" data-testid="depth-screen">
      <h1>Plain versus residual: does depth help?</h1>
      <p className="why">
        In theory a deeper network can do at least as well as a shallower one (the extra layers could learn the identity). In practice, without
        shortcuts, training error gets worse as plain networks get deeper; residual blocks, a[l+2] = g(z[l+2] + a[l]), let them fall back to the
        identity and keep improving (He et al. 2015, figures 1 and 6). Each depth trains twice here, with and without shortcuts, everything else equal.
      </p>
      <div className="train-grid">
        <section className="panel train-setup" aria-labelledby="depth-setup-h">
          <h2 id="depth-setup-h">Experiment</h2>
          <fieldset className="depth-picks">
            <legend>Depths (6n+2 layers)</legend>
            {CIFAR_DEPTHS.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  data-testid={`depth-${d}`}
                  checked={s.depths.includes(d)}
                  onChange={(e) => setS({ ...s, depths: e.target.checked ? [...s.depths, d].sort((a, b) => a - b) : s.depths.filter((x) => x !== d) })}
                />{' '}
                {d}
              </label>
            ))}
          </fieldset>
          <label className="hyper-field">
            Data
            <select data-testid="depth-dataset" value={s.datasetId} onChange={(e) => isDatasetId(e.target.value) && setS({ ...s, datasetId: e.target.value as DatasetId })}>
              {Object.entries(DATASETS).map(([id, d]) => (
                <option key={id} value={id}>
                  {d.name} (first 5,000 images)
                </option>
              ))}
            </select>
          </label>
          <div className="hyper-grid">
            <label className="hyper-field">
              Steps per run
              <input data-testid="depth-steps" value={text.steps} inputMode="numeric" onChange={(e) => setText({ ...text, steps: e.target.value })} />
            </label>
            <label className="hyper-field">
              Batch size
              <input data-testid="depth-batch" value={text.batch} inputMode="numeric" onChange={(e) => setText({ ...text, batch: e.target.value })} />
            </label>
            <label className="hyper-field">
              Optimizer
              <select value={s.optimizer} onChange={(e) => isOptimizer(e.target.value) && setS({ ...s, optimizer: e.target.value })}>
                {OPTIMIZER_CHOICES.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.id === 'momentum' ? 'SGD + momentum 0.9 (the paper)' : o.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="hyper-field">
              Learning rate
              <input data-testid="depth-lr" value={text.lr} inputMode="decimal" onChange={(e) => setText({ ...text, lr: e.target.value })} />
            </label>
          </div>
          <label>
            <input type="checkbox" data-testid="depth-bn" checked={s.batchNorm} onChange={(e) => setS({ ...s, batchNorm: e.target.checked })} /> Batch norm after every
            convolution (the paper's); without it plain networks degrade sooner
          </label>
          {problems.length > 0 && (
            <p className="field-error" role="alert">
              {problems.join(' ')}
            </p>
          )}
          <p>
            <button type="button" data-testid="depth-queue" disabled={s.depths.length === 0 || problems.length > 0} onClick={() => void start()}>
              Queue {s.depths.length * 2} runs
            </button>
          </p>
          {message && (
            <p className="notice" role="status" data-testid="depth-message">
              {message}
            </p>
          )}
          {current && (training.status === 'training' || training.status === 'paused' || training.status === 'starting') && (
            <p className="muted" data-testid="depth-now">
              Now: {current.name}
              {training.progress ? `, step ${currentSteps} of ${current.config.maxSteps ?? '?'} · ${Math.round(training.progress.imagesPerSecond)} images/s` : ''}
              {training.queue > 0 ? ` · ${training.queue} queued` : ''}{' '}
              <button type="button" className="mini" onClick={() => void stopTraining()}>
                Stop this run
              </button>{' '}
              {training.queue > 0 && (
                <button type="button" className="mini" data-testid="depth-cancel" onClick={() => void cancelQueued()}>
                  Cancel the {training.queue} queued
                </button>
              )}
            </p>
          )}
        </section>
        <section className="panel train-run" aria-labelledby="depth-results-h">
          <h2 id="depth-results-h">Results</h2>
          {groups.length + (reference ? 1 : 0) > 1 && (
            <label className="hyper-field">
              Experiment
              <select data-testid="depth-group" value={group ?? ''} onChange={(e) => setPicked(e.target.value)}>
                {groups.map((g) => (
                  <option key={g} value={g}>
                    {new Date(g.slice('depth:'.length)).toLocaleString()}
                  </option>
                ))}
                {reference && <option value={REFERENCE}>the committed reference grid ({reference.date})</option>}
              </select>
            </label>
          )}
          {group === REFERENCE && reference && (
            <p className="muted" data-testid="depth-reference">
              The reference grid, trained by <code>npm run experiment:depth</code> with this app's training loop ({reference.engine}; {reference.machine};{' '}
              {reference.date}): {reference.settings.steps} steps of {reference.settings.batchSize} per run on the first 5,000 {DATASETS[reference.settings.datasetId].name} images,
              learning rate {reference.settings.learningRate}, {reference.settings.batchNorm ? 'with' : 'without'} batch norm. Queue an experiment to draw your own.
            </p>
          )}
          {shown.length === 0 ? (
            <p className="curves-empty">Queue an experiment: each network's training error draws here as it trains.</p>
          ) : (
            <>
              <ErrorChart runs={shown} />
              <DepthChart runs={shown} />
              <table className="run-diff" data-testid="depth-table">
                <caption>Each run, as kept on the Train screen's Runs panel</caption>
                <thead>
                  <tr>
                    <th scope="col">network</th>
                    <th scope="col">status</th>
                    <th scope="col">steps</th>
                    <th scope="col">training error (last 50 steps)</th>
                    <th scope="col">test error</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => {
                    const e = finalTrainingError(r.batches);
                    return (
                      <tr key={r.id} data-run={r.id}>
                        <th scope="row">
                          <span className="swatch" style={{ background: DEPTH_COLOURS[depthOf(r)] }} /> {r.name}
                        </th>
                        <td>{r.status === 'diverged' ? 'diverged (no point on the chart)' : r.status === 'stopped' ? 'stopped (no point on the chart)' : r.status}</td>
                        <td>{r.batches.length}</td>
                        <td>{e === null ? '—' : formatPercent(e, 1)}</td>
                        <td>{r.testError === null ? '—' : formatPercent(r.testError, 1)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
