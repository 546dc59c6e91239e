/** The builder's live figures and issues: totals of the draft and every error at its layer, with the engine's fix. */
import { selectDraftAnalysis, selectDraftIssues, selectSelectLayer, useAppStore } from '../../store';
import { Bytes, Count } from '../Figures';
import { IssuePanel } from '../IssueList';

/** Totals of the network being built. */
export function BuilderTotals() {
  const a = useAppStore(selectDraftAnalysis);
  if (!a) return null;
  const t = a.totals;
  return (
    <section className="panel totals" aria-labelledby="btotals-title" data-testid="builder-totals">
      <h2 id="btotals-title">Totals</h2>
      <dl>
        <dt>Parameters (learned, as PyTorch counts)</dt>
        <dd>
          <Count value={t.trainableParams} testId="builder-trainable-params" />
        </dd>
        <dt>Batch-norm statistics / total stored</dt>
        <dd>
          <Count value={t.nonTrainableParams} testId="builder-nontrainable-params" /> / <Count value={t.params} testId="builder-total-params" />
        </dd>
        {t.frozenParams > 0 && (
          <>
            <dt>Frozen (no gradients, no optimizer state)</dt>
            <dd>
              <Count value={t.frozenParams} testId="builder-frozen-params" />
            </dd>
          </>
        )}
        <dt>MACs per image</dt>
        <dd>
          <Count value={t.macs} testId="builder-total-macs" />
        </dd>
        <dt>Activation memory per image</dt>
        <dd>
          <Bytes value={t.activationBytes} testId="builder-activation-memory" />
        </dd>
        <dt>Weights</dt>
        <dd>
          <Bytes value={t.weightBytes} />
        </dd>
      </dl>
      <p className="hint">
        float32; MACs count a multiply-add once, convolutions and dense layers only. {a.errorCount > 0 ? 'Totals leave out layers that cannot be computed.' : ''}
      </p>
    </section>
  );
}

/** Every issue of the draft; a click selects the layer at fault. */
export function BuilderIssues() {
  const issues = useAppStore(selectDraftIssues);
  const select = useAppStore(selectSelectLayer);
  return (
    <IssuePanel
      issues={issues}
      idPrefix="bissues"
      testId="builder-issues"
      countTestId="builder-error-count"
      action={(id) => (
        <button type="button" className="linkish" onClick={() => select(id)}>
          select layer
        </button>
      )}
    />
  );
}
