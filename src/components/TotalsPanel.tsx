/** Network totals: parameters, MACs, activation and weight memory, each with what it counts. */
import type { ReactNode } from 'react';
import { formatExact } from '../models';
import { selectAnalysis, useAppStore } from '../store';
import { Bytes, Count } from './Figures';

type CountId = 'total-params' | 'trainable-params' | 'non-trainable-params' | 'total-macs';
type BytesId = 'activation-memory' | 'weight-memory';

/** One total: label, short figure (exact on hover), and optionally the exact count or a note on what it counts. */
function Total({ label, figure, exact, note }: { label: string; figure: ReactNode; exact?: ReactNode; note?: ReactNode }) {
  return (
    <div className="total">
      <dt>{label}</dt>
      <dd className="total-figure">
        {figure}
        {exact}
      </dd>
      {note && <dd className="total-note">{note}</dd>}
    </div>
  );
}

function countTotal(testId: CountId, value: number) {
  return <Count value={value} testId={testId} className="figure" />;
}

function exactCount(testId: CountId, value: number) {
  return (
    <span className="exact" data-testid={`${testId}-exact`}>
      {formatExact(value)}
    </span>
  );
}

function bytesTotal(testId: BytesId, value: number) {
  return <Bytes value={value} testId={testId} className="figure" />;
}

/** The open network's totals as a description list; figures are short, exact beside them or on hover. */
export function TotalsPanel() {
  const analysis = useAppStore(selectAnalysis);
  if (!analysis) return null;
  const t = analysis.totals;
  const bits = analysis.bytesPerValue * 8;
  return (
    <section className="panel totals" aria-labelledby="totals-title" data-testid="totals">
      <h2 id="totals-title">Totals</h2>
      {analysis.errorCount > 0 && <p className="field-error">These totals leave out the layers that have errors or wait on one.</p>}
      <dl>
        <Total
          label="Parameters"
          figure={countTotal('trainable-params', t.trainableParams)}
          exact={exactCount('trainable-params', t.trainableParams)}
          note="learned weights and biases: what PyTorch’s sum(p.numel()) prints"
        />
        <Total
          label="Batch-norm statistics"
          figure={countTotal('non-trainable-params', t.nonTrainableParams)}
          exact={exactCount('non-trainable-params', t.nonTrainableParams)}
          note="running means and variances: stored, not learned (PyTorch’s buffers)"
        />
        <Total
          label="Total stored"
          figure={countTotal('total-params', t.params)}
          exact={exactCount('total-params', t.params)}
          note="both together: Keras’s “Total params”"
        />
        <Total label="MACs per image" figure={countTotal('total-macs', t.macs)} note="FLOPs = 2 x MACs; conv and dense only" />
        <Total
          label="Activation memory per image"
          figure={bytesTotal('activation-memory', t.activationBytes)}
          note={`every layer’s output, input included, ${bits}-bit`}
        />
        <Total label="Weight memory" figure={bytesTotal('weight-memory', t.weightBytes)} note={`all parameters, ${bits}-bit`} />
        <Total
          label="Depth"
          figure={
            <span className="figure" data-testid="depth">
              {t.depth}
            </span>
          }
          note="conv and dense layers on the longest path"
        />
      </dl>
    </section>
  );
}
