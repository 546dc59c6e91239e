/**
 * The compare screen: 2 to 6 zoo networks side by side (params, MACs, activation and training memory, depth,
 * whether training fits a budget), a params-vs-accuracy chart, all of it in the URL so a link shares it.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatBytes, formatCount, formatExact, formatShape, ZOO } from '../../models';
import { isOptimizer, OPTIMIZER_CHOICES, parseBatchSize, replaceQuery } from '../../store';
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
  type CompareState,
  type Dtype,
} from './compareState';

/** Reads the comparison from the address bar once; writes it back on every change (replaceQuery: no history spam). */
function useCompareUrl(): [CompareState, (s: CompareState) => void, string[]] {
  const [parsed] = useState(() => compareFromSearch(window.location.search));
  const [state, setState] = useState(parsed.state);
  useEffect(() => replaceQuery(window, searchWithCompare(window.location.search, state)), [state]);
  return [state, setState, parsed.notices];
}

/** The whole screen. */
export default function CompareScreen() {
  const [state, setState, notices] = useCompareUrl();
  const [batchText, setBatchText] = useState(String(state.batch));
  const [budgetText, setBudgetText] = useState(String(state.budgetGiB));
  const columns = useMemo(() => compareColumns(state), [state]);
  const toggle = (id: string) => {
    const has = state.nets.includes(id);
    if (!has && state.nets.length >= MAX_NETS) return;
    const nets = has ? state.nets.filter((n) => n !== id) : [...state.nets, id];
    setState({ ...state, nets });
  };
  const batchOk = parseBatchSize(batchText).ok;
  const budgetOk = Number.isFinite(Number(budgetText)) && Number(budgetText) > 0 && budgetText.trim() !== '';
  const rows: { label: string; testId: string; cell: (c: (typeof columns)[number]) => ReactNode; note?: string }[] = [
    { label: 'Year', testId: 'year', cell: (c) => c.entry.year },
    { label: 'Input', testId: 'input', cell: (c) => formatShape(c.analysis.layers[0]?.outputShape ?? null) },
    { label: 'Parameters', testId: 'params', cell: (c) => <span title={formatExact(c.analysis.totals.params)}>{formatCount(c.analysis.totals.params)}</span> },
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
  ];
  return (
    <article className="compare" aria-labelledby="compare-title" data-testid="compare-screen">
      <h1 id="compare-title">Compare networks</h1>
      <p className="note">Pick {MIN_NETS} to {MAX_NETS} networks. Every figure is computed from each network’s definition; the link in the address bar shares this comparison.</p>
      {notices.map((n) => (
        <p key={n} className="notice" role="alert">
          {n}
        </p>
      ))}
      <fieldset className="compare-pick" data-testid="compare-pick">
        <legend>Networks ({state.nets.length} of at most {MAX_NETS})</legend>
        {ZOO.map((z) => (
          <label key={z.id} className="pick">
            <input
              type="checkbox"
              checked={state.nets.includes(z.id)}
              disabled={!state.nets.includes(z.id) && state.nets.length >= MAX_NETS}
              onChange={() => toggle(z.id)}
              data-testid={`compare-pick-${z.id}`}
            />{' '}
            {z.name}
          </label>
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
                    <a href={`?model=${c.id}`}>{c.entry.name}</a>
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
      <AccuracyChart highlight={state.nets} />
    </article>
  );
}
