/** Training-memory estimate at a batch size and optimizer, saying exactly what it counts. */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatExact } from '../models';
import {
  isOptimizer,
  OPTIMIZER_CHOICES,
  optimizerStateNote,
  parseBatchSize,
  selectAnalysis,
  selectBatchSize,
  selectOptimizer,
  selectSetBatchSize,
  selectSetOptimizer,
  selectTrainingMemory,
  useAppStore,
} from '../store';
import { Bytes } from './Figures';

/** Batch-size field, optimizer select and the resulting memory with its breakdown. */
export function TrainingMemoryPanel() {
  const batchSize = useAppStore(selectBatchSize);
  const optimizer = useAppStore(selectOptimizer);
  const setBatchSize = useAppStore(selectSetBatchSize);
  const setOptimizer = useAppStore(selectSetOptimizer);
  const analysis = useAppStore(selectAnalysis);
  const memory = useAppStore(useShallow(selectTrainingMemory));
  const [text, setText] = useState(String(batchSize));
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const bits = (analysis?.bytesPerValue ?? 4) * 8;
  const optLabel = OPTIMIZER_CHOICES.find((o) => o.id === optimizer)?.label ?? optimizer;

  return (
    <section className="panel training" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Training memory</h2>
      <div className="fields">
        <div className="field">
          <label htmlFor={`${id}-batch`}>Batch size</label>
          <input
            id={`${id}-batch`}
            data-testid="batch-size"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={text}
            aria-invalid={message !== null}
            aria-describedby={`${id}-batch-msg`}
            onChange={(e) => {
              setText(e.target.value);
              const parsed = parseBatchSize(e.target.value);
              setMessage(parsed.ok ? null : parsed.message);
              if (parsed.ok) setBatchSize(parsed.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-opt`}>Optimizer</label>
          <select
            id={`${id}-opt`}
            data-testid="optimizer"
            value={optimizer}
            onChange={(e) => {
              if (isOptimizer(e.target.value)) setOptimizer(e.target.value);
            }}
          >
            {OPTIMIZER_CHOICES.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={`${id}-batch-msg`} className="field-error" aria-live="polite">
        {message ? `${message} Still using ${formatExact(batchSize)}.` : ''}
      </p>
      {memory ? (
        <>
          <p className="training-total" data-testid="training-memory">
            <Bytes value={memory.total} className="figure" /> to train at batch {formatExact(memory.batchSize)} with{' '}
            {optLabel}
          </p>
          <dl className="breakdown">
            <dt>Weights</dt>
            <dd><Bytes value={memory.weights} /></dd>
            <dt>Gradients</dt>
            <dd><Bytes value={memory.gradients} /></dd>
            <dt title={optimizerStateNote(optimizer)}>Optimizer state</dt>
            <dd><Bytes value={memory.optimizerState} /></dd>
            <dt>Stored activations x batch</dt>
            <dd><Bytes value={memory.activations} /></dd>
          </dl>
          <p className="note">
            Counts weights + gradients + optimizer state + stored activations x batch, {bits}-bit (
            {optimizerStateNote(optimizer)}). Frameworks add workspace and temporary buffers on top.
          </p>
        </>
      ) : (
        <p className="note" data-testid="training-memory">Fix the network&rsquo;s errors to estimate its training memory.</p>
      )}
    </section>
  );
}
