/** Optimizer, learning rate, batch size, epochs and validation split, each checked as typed. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isOptimizer, OPTIMIZER_CHOICES, parseLearningRate, parseValidationPercent, parseWhole, selectTrainActions, selectTrainBusy, selectTrainHyper, useAppStore, type Parsed } from '../../store';

function NumberField({ id, label, initial, parse, apply, disabled }: { id: string; label: string; initial: string; parse: (t: string) => Parsed<number>; apply: (v: number) => void; disabled: boolean }) {
  const [text, setText] = useState(initial);
  const parsed = parse(text);
  return (
    <label className="hyper-field">
      {label}
      <input
        data-testid={`train-${id}`}
        value={text}
        disabled={disabled}
        inputMode="decimal"
        aria-invalid={!parsed.ok}
        aria-describedby={parsed.ok ? undefined : `train-${id}-error`}
        onChange={(e) => {
          setText(e.target.value);
          const p = parse(e.target.value);
          if (p.ok) apply(p.value);
        }}
      />
      {!parsed.ok && (
        <span className="field-error" id={`train-${id}-error`} data-testid={`train-${id}-error`}>
          {parsed.message}
        </span>
      )}
    </label>
  );
}

/** The run's hyper-parameters; fields lock while a run is going. */
export function HyperForm() {
  const hyper = useAppStore(selectTrainHyper);
  const busy = useAppStore(selectTrainBusy);
  const { setTrainHyper } = useAppStore(useShallow(selectTrainActions));
  return (
    <section className="panel" aria-labelledby="train-hyper-h">
      <h2 id="train-hyper-h">Training</h2>
      <div className="hyper-grid">
        <label className="hyper-field">
          Optimizer
          <select data-testid="train-optimizer" value={hyper.optimizer} disabled={busy} onChange={(e) => isOptimizer(e.target.value) && setTrainHyper({ optimizer: e.target.value })}>
            {OPTIMIZER_CHOICES.map((o) => (
              <option key={o.id} value={o.id}>
                {o.id === 'momentum' ? 'SGD + momentum 0.9' : o.label}
              </option>
            ))}
          </select>
        </label>
        <NumberField id="lr" label="Learning rate" initial={String(hyper.learningRate)} parse={parseLearningRate} apply={(v) => setTrainHyper({ learningRate: v })} disabled={busy} />
        <NumberField id="batch" label="Batch size" initial={String(hyper.batchSize)} parse={(t) => parseWhole(t, 'The batch size', 1, 4096)} apply={(v) => setTrainHyper({ batchSize: v })} disabled={busy} />
        <NumberField id="epochs" label="Epochs" initial={String(hyper.epochs)} parse={(t) => parseWhole(t, 'Epochs', 1, 200)} apply={(v) => setTrainHyper({ epochs: v })} disabled={busy} />
        <NumberField
          id="val"
          label="Validation split (%)"
          initial={String(Math.round(hyper.validationSplit * 100))}
          parse={parseValidationPercent}
          apply={(v) => setTrainHyper({ validationSplit: v })}
          disabled={busy}
        />
      </div>
    </section>
  );
}
