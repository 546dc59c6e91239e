/**
 * The compare screen: 2 to 6 networks side by side (zoo networks, saved ones from Build, runs' networks and a
 * link's own networks): params, MACs, activation and training memory, depth, whether training fits a budget, and
 * what their runs measured; a params-vs-accuracy chart; all of it in the URL, and a link that carries the user's
 * own networks inline.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DATASETS } from '../../data/datasets';
import { formatBytes, formatCount, formatExact, formatPercent, formatShape, ZOO } from '../../models';
import { decodeCompareHash, encodeCompareHash } from '../../models/share';
import { isOptimizer, OPTIMIZER_CHOICES, parseBatchSize, replaceQuery, selectRuns, selectSavedNetworks, selectTrainActions, useAppStore } from '../../store';
import { copyText } from '../clipboard';
import { AccuracyChart } from './AccuracyChart';
import {
  compareColumns,
  compareFromSearch,
  DTYPE_LABELS,
  DTYPES,
  MAX_NETS,
  maxBatch,
  MIN_NETS,
  searchWithCompare,
  type CompareNet,
  type CompareState,
  type Dtype,
} from './compareState';

/** Reads the comparison (and a link's own networks) from the address bar once; writes it back on every change (replaceQuery: no history spam). */
function useCompareUrl(): [CompareState, (s: CompareState) => void, string[], CompareNet[]] {
  const [parsed] = useState(() => {
    const p = compareFromSearch(window.location.search);
    const linked = decodeCompareHash(window.location.hash);
    const links: CompareNet[] = linked.ok ? linked.specs.map((spec, i) => ({ key: `link:${i}`, name: spec.name, year: null, href: null, origin: 'link', spec })) : [];
    const notices = linked.ok ? p.notices : [...p.notices, `The link's own networks could not be read: ${linked.error}`];
    return { ...p, notices, links };
  });
  const [state, setState] = useState(parsed.state);
  useEffect(() => replaceQuery(window, searchWithCompare(window.location.search, state)), [state]);
  return [state, setState, parsed.notices, parsed.links];
}

/** The saved networks the comparison names, read from Build's library (a missing one becomes a notice). */
function useSavedNets(keys: readonly string[]): [Map<string, CompareNet>, string[]] {
  const readSaved = useAppStore((s) => s.readSaved);
  const [read, setRead] = useState(() => new Map<string, CompareNet | string>());
  const wanted = keys.filter((k) => k.startsWith('saved:') && !read.has(k)).join(',');
  useEffect(() => {
    for (const key of wanted ? wanted.split(',') : []) {
      void readSaved(key.slice('saved:'.length)).then((r) =>
        setRead((m) => new Map(m).set(key, typeof r === 'string' ? r : { key, name: r.name, year: null, href: `?view=build&net=${key.slice(6)}`, origin: 'saved', spec: r.spec })),
      );
    }
  }, [wanted, readSaved]);
  const nets = new Map<string, CompareNet>();
  const problems: string[] = [];
  for (const k of keys) {
    const r = read.get(k);
    if (typeof r === 'string') problems.push(`A saved network of this comparison cannot be shown (${r}) A comparison's own networks travel only in a link made with "Copy link".`);
    else if (r) nets.set(k, r);
  }
  return [nets, problems];
}

const seconds = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);

/** One network's checkbox in a picker: checked when compared, disabled when the table is full and it is not in it. */
function Pick({ id, state, onToggle, children }: { id: string; state: CompareState; onToggle: (id: string) => void; children: ReactNode }) {
  const chosen = state.nets.includes(id);
  return (
    <label className="pick">
      <input type="checkbox" checked={chosen} disabled={!chosen && state.nets.length >= MAX_NETS} onChange={() => onToggle(id)} data-testid={`compare-pick-${id}`} /> {children}
    </label>
  );
}

const ORIGIN_LABEL = { saved: 'your network', run: 'a run', link: 'from the link' } as const;

/** The whole screen. */
export default function CompareScreen() {
  const [state, setState, notices, links] = useCompareUrl();
  const [batchText, setBatchText] = useState(String(state.batch));
  const [budgetText, setBudgetText] = useState(String(state.budgetGiB));
  const library = useAppStore(selectSavedNetworks);
  const runs = useAppStore(selectRuns);
  const { loadRuns } = useAppStore(useShallow(selectTrainActions));
  useEffect(() => void loadRuns(), [loadRuns]);
  const [savedNets, savedProblems] = useSavedNets(state.nets);
  const trained = useMemo(() => runs.filter((r) => r.result?.test), [runs]);
  const nets = useMemo(() => {
    const m = new Map(savedNets);
    for (const l of links) m.set(l.key, l);
    for (const r of trained) m.set(`run:${r.id}`, { key: `run:${r.id}`, name: r.name, year: null, href: null, origin: 'run', spec: r.config.spec });
    return m;
  }, [savedNets, links, trained]);
  const columns = useMemo(() => compareColumns(state, nets, runs), [state, nets, runs]);
  const [shareNote, setShareNote] = useState<{ url: string | null; text: string } | null>(null);
  const share = async () => {
    const own = columns.filter((c) => c.net.origin !== 'zoo');
    const encoded = encodeCompareHash(own.map((c) => c.net.spec));
    if (!encoded.ok) return setShareNote({ url: null, text: encoded.error });
    const asLink = new Map(own.map((c, i) => [c.id, `link:${i}`]));
    const search = searchWithCompare(`?view=compare`, { ...state, nets: columns.map((c) => asLink.get(c.id) ?? c.id) });
    const url = `${window.location.origin}${window.location.pathname}${search}${own.length > 0 ? encoded.hash : ''}`;
    const copied = await copyText(url, navigator.clipboard);
    setShareNote({ url, text: `${copied ? 'Link copied' : 'Copy the link below'} (${url.length.toLocaleString('en-US')} characters)${own.length > 0 ? `, with ${own.length} of your own network${own.length > 1 ? 's' : ''} inside` : ''}.` });
  };
  const measured = columns.some((c) => c.measured);
  const toggle = (id: string) => {
    const has = state.nets.includes(id);
    if (!has && state.nets.length >= MAX_NETS) return;
    const nets = has ? state.nets.filter((n) => n !== id) : [...state.nets, id];
    setState({ ...state, nets });
  };
  const batchOk = parseBatchSize(batchText).ok;
  const budgetOk = Number.isFinite(Number(budgetText)) && Number(budgetText) > 0 && budgetText.trim() !== '';
  const rows: { label: string; testId: string; cell: (c: (typeof columns)[number]) => ReactNode; note?: string }[] = [
    { label: 'Year', testId: 'year', cell: (c) => c.net.year ?? '—' },
    { label: 'Input', testId: 'input', cell: (c) => formatShape(c.analysis.layers[0]?.outputShape ?? null) },
    {
      label: 'Parameters',
      testId: 'params',
      note: 'trainable, as PyTorch counts them; batch-norm statistics apart',
      cell: (c) => {
        const t = c.analysis.totals;
        return (
          <>
            <span title={formatExact(t.trainableParams)}>{formatCount(t.trainableParams)}</span>
            {t.nonTrainableParams > 0 && (
              <span className="cell-note" data-testid="params-buffers" title={`${formatExact(t.nonTrainableParams)} batch-norm running means and variances (buffers, not learned)`}>
                + {formatCount(t.nonTrainableParams)} BN statistics
              </span>
            )}
          </>
        );
      },
    },
    { label: 'MACs per image', testId: 'macs', cell: (c) => <span title={formatExact(c.analysis.totals.macs)}>{formatCount(c.analysis.totals.macs)}</span>, note: 'FLOPs = 2 x MACs; conv and dense only' },
    { label: 'Activation memory per image', testId: 'activations', cell: (c) => formatBytes(c.analysis.totals.activationBytes), note: `every layer’s output, ${DTYPE_LABELS[state.dtype]}` },
    { label: 'Weight memory', testId: 'weights', cell: (c) => formatBytes(c.analysis.totals.weightBytes) },
    {
      label: `Training memory (batch ${state.batch}, ${OPTIMIZER_CHOICES.find((o) => o.id === state.optimizer)?.label ?? state.optimizer})`,
      testId: 'training',
      cell: (c) => <span title={`${formatExact(c.training.total)} bytes`}>{formatBytes(c.training.total)}</span>,
      note: 'weights + gradients + optimizer state + activations x batch',
    },
    { label: 'Depth', testId: 'depth', cell: (c) => c.analysis.totals.depth, note: 'conv and dense layers on the longest path' },
    {
      label: `Fits ${state.budgetGiB} GiB?`,
      testId: 'fits',
      cell: (c) => (
        <span className={c.fits ? 'fits-yes' : 'fits-no'} data-fits={c.fits}>
          {c.fits ? 'Yes' : 'No'} (largest batch {formatExact(maxBatch(c, state.budgetGiB))})
        </span>
      ),
    },
    ...(measured
      ? [
          {
            label: 'Test accuracy',
            testId: 'run-accuracy',
            note: 'the best of its runs here',
            cell: (c: (typeof columns)[number]) =>
              c.measured ? (
                <span title={`${c.measured.best.name}, the best of ${c.measured.runs} run${c.measured.runs > 1 ? 's' : ''} with a test result`}>
                  {formatPercent(c.measured.best.testAccuracy, 1)} <span className="cell-note">{DATASETS[c.measured.best.dataset].name}</span>
                </span>
              ) : (
                '—'
              ),
          },
          { label: 'Training speed', testId: 'run-speed', note: 'images per second, that run', cell: (c: (typeof columns)[number]) => (c.measured?.best.imagesPerSecond ? `${Math.round(c.measured.best.imagesPerSecond).toLocaleString('en-US')} img/s` : '—') },
          { label: 'Time per epoch', testId: 'run-epoch', note: 'that run', cell: (c: (typeof columns)[number]) => (c.measured?.best.msPerEpoch ? seconds(c.measured.best.msPerEpoch) : '—') },
        ]
      : []),
  ];
  const ownChoices: { key: string; name: string; what: string }[] = [
    ...links.map((l) => ({ key: l.key, name: l.name, what: 'from the link' })),
    ...library.map((m) => ({ key: `saved:${m.id}`, name: m.name, what: 'saved on Build' })),
    ...trained.map((r) => ({ key: `run:${r.id}`, name: r.name, what: `run, ${formatPercent(r.result!.test!.accuracy, 1)} test` })),
  ];
  return (
    <article className="compare" aria-labelledby="compare-title" data-testid="compare-screen">
      <h1 id="compare-title">Compare networks</h1>
      <p className="note">Pick {MIN_NETS} to {MAX_NETS} networks. Every figure is computed from each network’s definition; the link in the address bar shares this comparison.</p>
      {[...notices, ...savedProblems].map((n) => (
        <p key={n} className="notice" role="alert">
          {n}
        </p>
      ))}
      <fieldset className="compare-pick" data-testid="compare-pick">
        <legend>Networks ({state.nets.length} of at most {MAX_NETS})</legend>
        {ZOO.map((z) => (
          <Pick key={z.id} id={z.id} state={state} onToggle={toggle}>
            {z.name}
          </Pick>
        ))}
      </fieldset>
      <fieldset className="compare-pick" data-testid="compare-pick-own">
        <legend>Your networks and runs</legend>
        {ownChoices.length === 0 && <p className="muted">Networks you save on Build and runs you train appear here.</p>}
        {ownChoices.map((o) => (
          <Pick key={o.key} id={o.key} state={state} onToggle={toggle}>
            {o.name} <span className="muted">({o.what})</span>
          </Pick>
        ))}
      </fieldset>
      <div className="compare-settings">
        <label>
          Batch size{' '}
          <input
            data-testid="compare-batch"
            inputMode="numeric"
            value={batchText}
            aria-invalid={!batchOk}
            aria-describedby="compare-batch-msg"
            onChange={(e) => {
              setBatchText(e.target.value);
              const parsed = parseBatchSize(e.target.value);
              if (parsed.ok) setState({ ...state, batch: parsed.value });
            }}
          />
        </label>
        <label>
          Optimizer{' '}
          <select data-testid="compare-optimizer" value={state.optimizer} onChange={(e) => isOptimizer(e.target.value) && setState({ ...state, optimizer: e.target.value })}>
            {OPTIMIZER_CHOICES.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Precision{' '}
          <select data-testid="compare-dtype" value={state.dtype} onChange={(e) => setState({ ...state, dtype: Number(e.target.value) as Dtype })}>
            {DTYPES.map((d) => (
              <option key={d} value={d}>
                {DTYPE_LABELS[d]} ({d} byte{d > 1 ? 's' : ''})
              </option>
            ))}
          </select>
        </label>
        <label>
          Memory budget (GiB){' '}
          <input
            data-testid="compare-budget"
            inputMode="decimal"
            value={budgetText}
            aria-invalid={!budgetOk}
            aria-describedby="compare-budget-msg"
            onChange={(e) => {
              setBudgetText(e.target.value);
              const n = Number(e.target.value);
              if (e.target.value.trim() !== '' && Number.isFinite(n) && n > 0) setState({ ...state, budgetGiB: n });
            }}
          />
        </label>
        <p id="compare-batch-msg" className="field-error" aria-live="polite">
          {!batchOk && `'${batchText}' is not a batch size (a whole number from 1); still using ${state.batch}.`}
        </p>
        <p id="compare-budget-msg" className="field-error" aria-live="polite">
          {!budgetOk && `'${budgetText}' is not a memory size in GiB; still using ${state.budgetGiB}.`}
        </p>
      </div>
      {columns.length < MIN_NETS ? (
        <p className="notice" data-testid="compare-too-few">
          Pick at least {MIN_NETS} networks to compare.
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Comparison table (scrolls)">
          <table className="summary compare-table" data-testid="compare-table">
            <caption>Side by side, each network at its own input size, {DTYPE_LABELS[state.dtype]}</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                {columns.map((c) => (
                  <th scope="col" key={c.id} data-testid={`compare-col-${c.id}`}>
                    {c.net.href ? <a href={c.net.href}>{c.net.name}</a> : c.net.name}
                    {c.net.origin !== 'zoo' && <span className="cell-note">{ORIGIN_LABEL[c.net.origin]}</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.testId} data-testid={`compare-row-${r.testId}`}>
                  <th scope="row">
                    {r.label}
                    {r.note && <span className="row-note"> ({r.note})</span>}
                  </th>
                  {columns.map((c) => (
                    <td key={c.id} className="num" data-net={c.id}>
                      {r.cell(c)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="compare-share">
        <button type="button" data-testid="compare-share" onClick={() => void share()}>
          Copy link to this comparison
        </button>
        {shareNote && (
          <p className={shareNote.url ? 'muted' : 'field-error'} role="status" data-testid="compare-share-note">
            {shareNote.text}
          </p>
        )}
        {shareNote?.url && <input readOnly aria-label="Link to this comparison" value={shareNote.url} data-testid="compare-share-url" onFocus={(e) => e.target.select()} />}
      </div>
      <AccuracyChart highlight={state.nets} />
    </article>
  );
}
