/**
 * Transfer learning, the course's three ways: pick a pretrained network, a new task and how many labelled
 * examples per class; choose where to cut on the network's layers (frozen ones greyed) with the engine's trainable
 * and frozen parameters and training memory both ways; queue the three regimes and a from-scratch baseline on the
 * same sample; and read test accuracy against the cut and against the number of examples, from the committed
 * experiment, with this browser's runs overwriting their points.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DATASETS } from '../../data/datasets';
import { TASKS, tasksFor, type TaskId } from '../../data/tasks';
import { analyze, formatBytes, formatExact, formatPercent } from '../../models';
import { SHIPPED_MODELS, shippedModel, trainedOn } from '../../predict/catalog';
import { shippedSpec } from '../../predict/models';
import { selectRuns, selectTrainActions, useAppStore, type RunRecord } from '../../store';
import { fetchTransferExperiment } from '../../store/siteFiles';
import {
  cutPoints,
  defaultCut,
  describeTransfer,
  EXPERIMENT_CUT,
  layerOrder,
  REGIME_TEXT,
  sampleSize,
  TRANSFER_RECIPE,
  transferMemory,
  transferNetwork,
  transferSteps,
  type Regime,
  type TransferConfig,
  type TransferExperiment,
} from '../../training/transfer';
import { cutChart, experimentPoints, regimeChart, regimeLines, type ChartLine, type TransferPoint } from '../../training/transferResults';
import { overlayLayout } from '../train/curvesLayout';
import { ChartGrid } from '../charts/ChartGrid';
import { categoryLayout } from './transferLayout';
import { ArchitectureDiagram } from '../diagram/ArchitectureDiagram';
import { OwnClassesPanel } from './OwnClassesPanel';
import '../../styles/train.css';
import '../../styles/transfer.css';

const W = 520;
const H = 250;
const SIZES: readonly (number | 'all')[] = [5, 20, 100, 1000, 'all'];
const SIZE_LABELS = SIZES.map((x) => (x === 'all' ? 'all' : String(x)));
/** Line colours, one per line of a chart (a colour-blind-safe set). */
const COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#a6761d', '#666666'];
/** Backbones with a task to transfer to: networks that end in a dense classifier. */
const BACKBONES = SHIPPED_MODELS.filter((m) => tasksFor(m.dataset, m.task).length > 0);

/** The settings on the screen. */
interface Setup {
  from: string;
  task: TaskId;
  perClass: number | 'all';
  cut: string;
  seed: number;
  knn: boolean;
  /** The frozen regime computes its features once and keeps them (else the backbone runs every batch). */
  cache: boolean;
  validation: number;
}

const firstSetup = (): Setup => ({ from: 'lenet5-mnist04', task: 'mnist59', perClass: 20, cut: EXPERIMENT_CUT, seed: 1, knn: true, cache: true, validation: 0 });

/** A kept, finished transfer run as a chart point. */
function pointOf(r: RunRecord): TransferPoint | null {
  const t = r.config.transfer;
  if (!t || r.status !== 'completed' || !r.result?.test) return null;
  return { from: t.from, to: t.task, perClass: t.perClass ?? 'all', regime: t.regime, cut: t.cut ?? null, head: t.head ?? 'softmax', testAccuracy: r.result.test.accuracy };
}

/** The colour key under a chart: item i in line colour i, then an optional note. */
function Legend({ items, note }: { items: readonly { id: string; label: string }[]; note?: string }) {
  return (
    <p className="legend">
      {items.map((x, i) => (
        <span key={x.id} className="legend-item">
          <span className="key" style={{ background: COLOURS[i % COLOURS.length] }} />
          {x.label}
        </span>
      ))}
      {note && ` ${note}`}
    </p>
  );
}

function CategoryChart({ title, categories, lines, testId, xLabel }: { title: string; categories: string[]; lines: ChartLine[]; testId: string; xLabel: string }) {
  const l = useMemo(() => categoryLayout(categories, lines, W, H), [categories, lines]);
  return (
    <figure className="curve" data-testid={testId} data-points={l.dots.length} data-live={l.dots.filter((d) => d.value.live).length}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}; x: ${xLabel}`}>
        <g transform={`translate(${l.margin.left},${l.margin.top})`}>
          <ChartGrid width={W} height={H} margin={l.margin} xTicks={l.xTicks} yTicks={l.yTicks} />
          {l.paths.map((p, i) => (
            <path key={p.id} d={p.d} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} />
          ))}
          {l.dots.map((d) => {
            const i = lines.findIndex((x) => x.id === d.id);
            const v = d.value;
            return (
              <circle key={`${d.id}-${d.category}`} cx={d.x} cy={d.y} r={v.live ? 5 : 3.5} fill={v.live ? '#fff' : COLOURS[i % COLOURS.length]} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2}>
                <title>{`${lines[i]!.label}, ${d.category}: ${formatPercent(v.median, 1)}${v.runs > 1 ? ` (median of ${v.runs} runs, ${formatPercent(v.min, 1)}-${formatPercent(v.max, 1)})` : ''}${v.live ? ', your runs' : ', the committed experiment'}`}</title>
              </circle>
            );
          })}
        </g>
      </svg>
      <Legend items={lines} note="· hollow dots: your runs" />
    </figure>
  );
}

/** The pretrained network's layers in order, frozen ones greyed, each a cut point one can click. */
function LayerStrip({ order, cuts, cut, onCut }: { order: string[]; cuts: string[]; cut: string; onCut(c: string): void }) {
  const at = order.indexOf(cut);
  return (
    <ol className="layer-strip" data-testid="layer-strip" aria-label="Layers of the pretrained network: click one to freeze it and everything before it">
      {order.map((id, i) => {
        const frozen = i <= at;
        const can = cuts.includes(id);
        return (
          <li key={id} className={frozen ? 'frozen' : ''} data-layer={id} data-frozen={frozen}>
            <button type="button" disabled={!can} aria-pressed={id === cut} title={can ? `Cut after ${id}: ${id} and every layer before it frozen` : `${id} is inside a block: the network cannot be cut there`} onClick={() => onCut(id)}>
              {id}
              {frozen && <span className="visually-hidden"> (frozen)</span>}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/** The engine's figures of each regime at the chosen cut. */
function RegimeFigures({ from, classes, cut, batch }: { from: string; classes: number; cut: string; batch: number }) {
  const rows = useMemo(() => {
    const source = shippedSpec(shippedModel(from)!);
    return (['frozen', 'partial', 'full', 'scratch'] as Regime[]).map((regime) => {
      const net = transferNetwork(source, classes, regime, regime === 'frozen' || regime === 'partial' ? cut : undefined);
      const a = analyze(net.spec);
      const m = transferMemory(a, net.frozen, net.cut, batch, TRANSFER_RECIPE.optimizer);
      const cutLayer = a.layers.find((l) => l.id === net.cut);
      return { regime, trainable: a.totals.trainableParams - a.totals.frozenParams, frozen: a.totals.frozenParams, m, features: cutLayer?.outputShape?.reduce((x, y) => x * y, 1) ?? 0 };
    });
  }, [from, classes, cut, batch]);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Each regime's parameters and memory (scrolls)">
      <table className="run-diff transfer-figures" data-testid="regime-figures">
        <caption>
          Parameters each regime trains and keeps frozen at this cut, and its training memory (batch {batch}, Adam) against training every
          layer
        </caption>
        <thead>
          <tr>
            <th scope="col">regime</th>
            <th scope="col">trains</th>
            <th scope="col">frozen</th>
            <th scope="col">memory</th>
            <th scope="col">all trained</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.regime} data-regime={r.regime}>
              <th scope="row" title={`${REGIME_TEXT[r.regime].name}: ${REGIME_TEXT[r.regime].line}`}>
                {REGIME_TEXT[r.regime].short}
              </th>
              <td data-testid={`trainable-${r.regime}`}>{formatExact(r.trainable)}</td>
              <td data-testid={`frozen-${r.regime}`}>{formatExact(r.frozen)}</td>
              <td title={`weights ${formatBytes(r.m.weights)}, gradients ${formatBytes(r.m.withFrozen.gradients)}, optimizer state ${formatBytes(r.m.withFrozen.optimizerState)}, stored activations ${formatBytes(r.m.withFrozen.activations)}`}>
                {formatBytes(r.m.withFrozen.total)}
              </td>
              <td title={`gradients ${formatBytes(r.m.allTrained.gradients)}, optimizer state ${formatBytes(r.m.allTrained.optimizerState)}, stored activations ${formatBytes(r.m.allTrained.activations)}`}>{formatBytes(r.m.allTrained.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LossChart({ runs }: { runs: RunRecord[] }) {
  const series = useMemo(() => runs.filter((r) => r.batches.length > 0).map((r) => ({ id: r.id, label: describeTransfer(r.config.transfer!), points: r.batches.map((b) => ({ x: b.step, value: b.loss })) })), [runs]);
  const l = useMemo(() => overlayLayout(series, W, H, undefined, 1 / 20), [series]);
  if (series.length === 0) return null;
  return (
    <figure className="curve" data-testid="transfer-curves" data-series={l.paths.filter((p) => p.d !== '').length}>
      <figcaption>Training loss against step, this experiment's runs (moving average over a twentieth of the run)</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training loss of each run against optimizer step">
        <g transform={`translate(${l.margin.left},${l.margin.top})`}>
          <ChartGrid width={W} height={H} margin={l.margin} xTicks={l.xTicks} yTicks={l.yTicks} />
          {l.paths.map((p, i) => (
            <path key={p.id} d={p.d} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2}>
              <title>{series[i]!.label}</title>
            </path>
          ))}
        </g>
      </svg>
      <Legend items={series} />
    </figure>
  );
}

/** Training time per epoch (pauses left out), from the run's batch times; '—' until the first epoch has ended. */
function epochTime(r: RunRecord): string {
  const ms = r.batches.findLast((b) => b.ms !== undefined)?.ms;
  // Once the first epoch has ended its batches make one epoch; a step budget may end the last one early.
  const perEpoch = r.epochs.length > 0 ? r.batches.filter((b) => b.epoch === 0).length : 0;
  const epochs = perEpoch > 0 ? r.batches.length / perEpoch : 0;
  return ms === undefined || epochs === 0 ? '—' : `${(ms / epochs).toFixed(ms / epochs < 100 ? 1 : 0)} ms`;
}

/** How a frozen run had its features, and what caching them saved, in a sentence. */
function featureText(r: RunRecord): string {
  const f = r.result?.features;
  if (!f) return '—';
  if (f.source === 'cache') return `read from the cache (${formatBytes(f.bytes)}): no forward pass${f.passesSaved === undefined ? '' : `, ${formatExact(f.passesSaved)} saved`}`;
  if (f.source === 'per batch') return `backbone run every batch (${f.why ?? 'not cached'})`;
  const saved = f.passesSaved === undefined ? '' : `; ${formatExact(f.passesSaved)} backbone passes saved`;
  return `computed once in ${(f.computeMs / 1000).toFixed(2)} s for ${formatExact(f.images)} images${saved}`;
}

/** The whole screen. */
export default function TransferScreen() {
  const [s, setS] = useState<Setup>(firstSetup);
  const [message, setMessage] = useState<string | null>(null);
  const [seedText, setSeedText] = useState(String(firstSetup().seed));
  const seedOk = /^\d{1,9}$/.test(seedText);
  const [experiment, setExperiment] = useState<TransferExperiment | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const id = useId();
  const runs = useAppStore(selectRuns);
  const live = useAppStore(useShallow((st) => ({ id: st.training.currentRunId, batches: st.training.batches, status: st.training.status, queue: st.training.queue.length })));
  const { loadRuns, stopTraining, cancelQueued } = useAppStore(useShallow(selectTrainActions));
  const queueTransferRuns = useAppStore((st) => st.queueTransferRuns);
  const predictWithRun = useAppStore((st) => st.predictWithRun);
  useEffect(() => {
    void loadRuns();
    void fetchTransferExperiment().then(setExperiment);
  }, [loadRuns]);

  const m = shippedModel(s.from)!;
  const source = useMemo(() => shippedSpec(m), [m]);
  const sourceAnalysis = useMemo(() => analyze(source), [source]);
  // One analysis of the pretrained network per backbone, not per render.
  const order = useMemo(() => layerOrder(source, sourceAnalysis), [source, sourceAnalysis]);
  const cuts = useMemo(() => cutPoints(source, sourceAnalysis), [source, sourceAnalysis]);
  const cut = cuts.includes(s.cut) ? s.cut : (defaultCut(source, sourceAnalysis) ?? cuts[0]!);
  const frozenSet = new Set(order.slice(0, order.indexOf(cut) + 1));
  const tasks = tasksFor(m.dataset, m.task);
  const task = tasks.includes(s.task) ? s.task : tasks[0]!;
  const classes = TASKS[task].classes.length;
  const images = sampleSize(s.perClass === 'all' ? {} : { perClass: s.perClass }, classes, TASKS[task].trainCount);
  const batch = Math.min(TRANSFER_RECIPE.batchSize, images);

  const withLive = useMemo(() => runs.map((r) => (r.id === live.id && live.batches.length > r.batches.length ? { ...r, batches: live.batches } : r)), [runs, live]);
  const transferRuns = useMemo(() => withLive.filter((r) => r.config.transfer), [withLive]);
  const groups = useMemo(() => [...new Set(transferRuns.map((r) => r.group).filter((g): g is string => !!g?.startsWith('transfer:')))].sort().reverse(), [transferRuns]);
  const group = picked && groups.includes(picked) ? picked : groups[0];
  const shown = useMemo(() => transferRuns.filter((r) => r.group === group).reverse(), [transferRuns, group]);

  // The React compiler memoises these; they are cheap besides.
  const reference = experimentPoints(experiment, s.from, task);
  const mine = transferRuns.filter((r) => r.config.transfer!.from === s.from && r.config.transfer!.task === task).map(pointOf).filter((p): p is TransferPoint => p !== null);
  const byCut = cutChart(reference, mine, cuts, SIZES);
  // The regimes at the chosen cut: the committed grid has every cut for a frozen softmax, only its own for the others.
  const byRegime = regimeChart(reference, mine, regimeLines(cut), SIZES);
  const hasCutPoints = byCut.some((l) => l.values.some((v) => v !== null));
  const hasRegimePoints = byRegime.some((l) => l.values.some((v) => v !== null));

  const recipe = { ...TRANSFER_RECIPE, seed: s.seed, validationSplit: s.validation };
  const base = (regime: Regime, extra: Partial<TransferConfig> = {}): { transfer: TransferConfig; recipe: typeof recipe } => ({
    transfer: { from: s.from, task, regime, ...(s.perClass === 'all' ? {} : { perClass: s.perClass }), ...(regime === 'frozen' || regime === 'partial' ? { cut } : {}), ...extra },
    recipe: { ...recipe, steps: transferSteps(images, batch) },
  });
  const queue = async (list: ReturnType<typeof base>[], what: string) => {
    const g = `transfer:${new Date().toISOString()}`;
    const why = await queueTransferRuns(list, g);
    setPicked(null);
    setMessage(why ?? `Queued ${list.length} runs (${what}) on the same ${formatExact(images)} labelled images (seed ${s.seed}); they train one after the other in the training worker.`);
  };
  const frozen = () => base('frozen', s.cache ? {} : { cache: false });
  const regimes = () => void queue([frozen(), ...(s.knn ? [base('frozen', { head: 'knn' })] : []), base('partial'), base('full'), base('scratch')], `the three regimes${s.knn ? ', a kNN head' : ''} and from scratch`);
  const sweep = () => void queue(cuts.map((c) => ({ ...frozen(), transfer: { ...frozen().transfer, cut: c } })), `a new softmax on the frozen output of each of ${cuts.join(', ')}`);
  const current = transferRuns.find((r) => r.id === live.id);
  const busy = live.status === 'training' || live.status === 'paused' || live.status === 'starting';
  const fewWarning = s.perClass !== 'all' && s.perClass < 10;
  const cacheRows = experiment && experiment.from === s.from && experiment.to === task ? experiment.cacheTiming : [];

  return (
    <div className="train transfer" data-testid="transfer-screen">
      <h1>Transfer learning: what to keep of a network trained on something else</h1>
      <p className="why">
        With little data, start from a network trained on a related task. How much of it to keep depends on how much data you have: (1) with very
        little, freeze it all, replace the softmax and train only the new head (the frozen features can be computed once and kept); (2) with more,
        freeze the first layers and train the later ones; (3) with a lot, use the pretrained weights only to start from and train everything. Early
        layers learn general features (edges, strokes); the last ones are specific to the classes they were trained on (Yosinski et al. 2014).
      </p>
      <div className="train-grid">
        <section className="panel train-setup" aria-labelledby={`${id}-setup`}>
          <h2 id={`${id}-setup`}>Setup</h2>
          <label className="hyper-field">
            Pretrained network
            <select data-testid="transfer-from" value={s.from} onChange={(e) => setS({ ...s, from: e.target.value })}>
              {BACKBONES.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name} (trained on {trainedOn(b)})
                </option>
              ))}
            </select>
          </label>
          <label className="hyper-field">
            New task
            <select data-testid="transfer-task" value={task} onChange={(e) => setS({ ...s, task: e.target.value as TaskId })}>
              {tasks.map((t) => (
                <option key={t} value={t}>
                  {TASKS[t].name}
                </option>
              ))}
            </select>
          </label>
          {TASKS[task].dataset !== m.dataset && (
            <p className="notice" data-testid="domain-note">
              {m.name} learnt {DATASETS[m.dataset].name}; {TASKS[task].name} is another kind of image. Its early layers' strokes and edges may still help,
              its later ones much less: the charts below say by how much, measured, not promised.
            </p>
          )}
          <div className="hyper-grid">
            <label className="hyper-field">
              Labelled examples per class
              <select data-testid="transfer-per-class" value={String(s.perClass)} onChange={(e) => setS({ ...s, perClass: e.target.value === 'all' ? 'all' : Number(e.target.value) })}>
                {SIZES.map((x) => (
                  <option key={x} value={String(x)}>
                    {x === 'all' ? `all (${formatExact(TASKS[task].trainCount)})` : x}
                  </option>
                ))}
              </select>
            </label>
            <label className="hyper-field">
              Seed (sample and new weights)
              <input
                data-testid="transfer-seed"
                inputMode="numeric"
                value={seedText}
                aria-invalid={!seedOk}
                onChange={(e) => {
                  setSeedText(e.target.value);
                  if (/^\d{1,9}$/.test(e.target.value)) setS({ ...s, seed: Number(e.target.value) });
                }}
              />
            </label>
            <label className="hyper-field">
              Validation
              <select value={String(s.validation)} onChange={(e) => setS({ ...s, validation: Number(e.target.value) })}>
                <option value="0">none: every labelled image trains</option>
                <option value="0.2">20%, stratified by class</option>
              </select>
            </label>
          </div>
          <p className="muted" data-testid="transfer-counts">
            {formatExact(images)} training images: {s.perClass === 'all' ? 'every one of' : `${s.perClass} of each of`} {TASKS[task].classes.length} classes
            {s.validation > 0 ? `, ${Math.round(s.validation * 100)}% of each class held out to validate` : ''}; tested on all of the task's test images.
          </p>
          {fewWarning && (
            <p className="notice" role="note" data-testid="few-warning">
              {s.perClass} examples per class is very few: which images are drawn matters, so results vary by several points between seeds (the charts
              show the spread of three).
            </p>
          )}
          <h3>Where to cut</h3>
          <LayerStrip order={order} cuts={cuts} cut={cut} onCut={(c) => setS({ ...s, cut: c })} />
          <p className="muted">Click a layer here or on the diagram below: it and every layer before it freeze (greyed).</p>
          <label className="hyper-field">
            Last frozen layer: <strong data-testid="transfer-cut">{cut}</strong>
            <input type="range" min={0} max={cuts.length - 1} value={cuts.indexOf(cut)} aria-valuetext={cut} data-testid="transfer-cut-slider" onChange={(e) => setS({ ...s, cut: cuts[Number(e.target.value)]! })} />
          </label>
          <RegimeFigures from={s.from} classes={classes} cut={cut} batch={batch} />
          <label>
            <input type="checkbox" data-testid="transfer-cache" checked={s.cache} onChange={(e) => setS({ ...s, cache: e.target.checked })} /> compute the frozen features once and keep
            them (untick to run the backbone every batch, and compare the time per epoch)
          </label>
          <label>
            <input type="checkbox" checked={s.knn} onChange={(e) => setS({ ...s, knn: e.target.checked })} /> and a k-nearest-neighbour head (k = 5) on the same frozen
            features, as Teachable Machine's other mode
          </label>
          <p className="actions">
            <button type="button" data-testid="transfer-queue" disabled={!seedOk} onClick={regimes}>
              Train the three regimes and from scratch ({s.knn ? 5 : 4} runs)
            </button>{' '}
            <button type="button" data-testid="transfer-sweep" disabled={!seedOk} onClick={sweep}>
              Try every cut ({cuts.length} runs)
            </button>
          </p>
          {message && (
            <p className="notice" role="status" data-testid="transfer-message">
              {message}
            </p>
          )}
          {current && busy && (
            <p className="muted" data-testid="transfer-now">
              Now: {current.name}, step {current.batches.length} of {current.config.maxSteps ?? '?'}
              {live.queue > 0 ? ` · ${live.queue} queued` : ''}{' '}
              <button type="button" className="mini" onClick={() => void stopTraining()}>
                Stop this run
              </button>{' '}
              {live.queue > 0 && (
                <button type="button" className="mini" onClick={() => void cancelQueued()}>
                  Cancel the {live.queue} queued
                </button>
              )}
            </p>
          )}
        </section>
        <section className="panel train-run" aria-labelledby={`${id}-results`}>
          <h2 id={`${id}-results`}>Results</h2>
          {experiment && reference.length > 0 && (
            <p className="muted" data-testid="transfer-reference">
              Filled dots: the committed grid, <code>npm run experiment:transfer</code> ({experiment.runs.length} runs, seeds {experiment.seeds.join(', ')}, median; {experiment.engine};{' '}
              {experiment.machine}, load {experiment.loadAverage.toFixed(1)}; {experiment.date}). Every run of a size takes the same number of steps ({experiment.stepsRule}).
            </p>
          )}
          {hasCutPoints ? (
            <CategoryChart title="Test accuracy of a new softmax on the frozen output of each layer" categories={cuts} lines={byCut} testId="cut-chart" xLabel="the last frozen layer" />
          ) : (
            <p className="curves-empty">Try every cut: each run's test accuracy draws here against its cut.</p>
          )}
          {hasRegimePoints && <CategoryChart title="Test accuracy against labelled examples per class, by regime" categories={SIZE_LABELS} lines={byRegime} testId="regime-chart" xLabel="labelled examples per class" />}
          {cacheRows.length > 0 && (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Cached against uncached features (scrolls)">
              <table className="run-diff" data-testid="cache-table">
                <caption>Frozen features computed once and cached, against running the backbone every batch (same run, same steps)</caption>
                <thead>
                  <tr>
                    <th scope="col">data</th>
                    <th scope="col">cached</th>
                    <th scope="col">every batch</th>
                  </tr>
                </thead>
                <tbody>
                  {cacheRows.map((c) => (
                    <tr key={String(c.perClass)}>
                      <th scope="row">
                        {c.perClass} per class, {c.steps} steps
                      </th>
                      <td>
                        {c.cachedSeconds.toFixed(1)} s (of which features {c.featureSeconds.toFixed(1)} s)
                      </td>
                      <td>{c.uncachedSeconds.toFixed(1)} s</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {groups.length > 1 && (
            <label className="hyper-field">
              Your experiment
              <select value={group} onChange={(e) => setPicked(e.target.value)}>
                {groups.map((g) => (
                  <option key={g} value={g}>
                    {new Date(g.slice('transfer:'.length)).toLocaleString()}
                  </option>
                ))}
              </select>
            </label>
          )}
          {shown.length > 0 && (
            <>
              <LossChart runs={shown} />
              <div className="table-scroll" tabIndex={0} role="region" aria-label="This experiment's runs (scrolls)">
                <table className="run-diff transfer-runs" data-testid="transfer-table">
                  <caption>This experiment's runs, kept with the others on the Train screen's Runs panel</caption>
                  <thead>
                    <tr>
                      <th scope="col">run</th>
                      <th scope="col">status</th>
                      <th scope="col">test accuracy</th>
                      <th scope="col">time per epoch</th>
                      <th scope="col">frozen features</th>
                      <th scope="col" />
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((r) => (
                      <tr key={r.id} data-run={r.id} data-regime={r.config.transfer!.regime}>
                        <th scope="row">{describeTransfer(r.config.transfer!)}</th>
                        <td>{r.status === 'training' ? `step ${r.batches.length}` : r.status}</td>
                        <td data-testid="run-accuracy">{r.result?.test ? formatPercent(r.result.test.accuracy, 1) : '—'}</td>
                        <td>{epochTime(r)}</td>
                        <td>{featureText(r)}</td>
                        <td>
                          {r.hasModel && (
                            <button type="button" className="mini" onClick={() => void predictWithRun(r.id)}>
                              Use in Predict
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      </div>
      <section className="panel transfer-diagram" aria-labelledby={`${id}-diagram`}>
        <h2 id={`${id}-diagram`}>
          {m.name}, frozen up to <code>{cut}</code>
        </h2>
        <p className="muted">Frozen layers are grey and dashed; select a layer to cut after it (inside a ResNet block there is no cut: a shortcut jumps it).</p>
        <ArchitectureDiagram
          key={s.from}
          analysis={sourceAnalysis}
          spec={source}
          height={440}
          testId="transfer-diagram"
          frozen={frozenSet}
          onSelect={(key) => key && cuts.includes(key) && setS((x) => ({ ...x, cut: key }))}
        />
      </section>
      <OwnClassesPanel from={s.from} cut={cut} />
    </div>
  );
}
