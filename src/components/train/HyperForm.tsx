/**
 * Optimizer, learning rate, batch size, epochs, validation split and seed, each checked as typed. They stay
 * editable while a run trains: what they say then is the next run's settings (Queue).
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isOptimizer, OPTIMIZER_CHOICES, parseLearningRate, parseValidationPercent, parseWhole, selectTrainActions, selectTrainHyper, useAppStore, type Parsed } from '../../store';

function NumberField<T>({ id, label, initial, parse, apply, hint }: { id: string; label: string; initial: string; parse: (t: string) => Parsed<T>; apply: (v: T) => void; hint?: string }) {
  const [text, setText] = useState(initial);
  const [seen, setSeen] = useState(initial);
  // The store changed the value ("Train again", a resumed run): show it, unless the text already says it.
  if (initial !== seen) {
    setSeen(initial);
    const now = parse(text);
    const next = parse(initial);
    if (!now.ok || !next.ok || now.value !== next.value) setText(initial);
  }
  const parsed = parse(text);
  return (
    <label className="hyper-field">
      {label}
      <input
        data-testid={`train-${id}`}
        value={text}
        placeholder={hint}
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

/** A blank seed draws a new one per run; a whole number repeats a run's initial weights. */
function parseSeed(t: string): Parsed<number | null> {
  const v = t.trim();
  if (v === '') return { ok: true, value: null };
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? { ok: true, value: n } : { ok: false, message: 'The seed is a whole number from 0, or blank for a new one each run.' };
}

/** The next run's hyper-parameters. */
export function HyperForm() {
  const hyper = useAppStore(selectTrainHyper);
  const seed = useAppStore((s) => s.training.seed);
  const { setTrainHyper, setTrainSeed } = useAppStore(useShallow(selectTrainActions));
  return (
    <section className="panel" aria-labelledby="train-hyper-h">
      <h2 id="train-hyper-h">Training</h2>
      <div className="hyper-grid">
        <label className="hyper-field">
          Optimizer
          <select data-testid="train-optimizer" value={hyper.optimizer} onChange={(e) => isOptimizer(e.target.value) && setTrainHyper({ optimizer: e.target.value })}>
            {OPTIMIZER_CHOICES.map((o) => (
              <option key={o.id} value={o.id}>
                {o.id === 'momentum' ? 'SGD + momentum 0.9' : o.label}
              </option>
            ))}
          </select>
        </label>
        <NumberField id="lr" label="Learning rate" initial={String(hyper.learningRate)} parse={parseLearningRate} apply={(v) => setTrainHyper({ learningRate: v })} />
        <NumberField id="batch" label="Batch size" initial={String(hyper.batchSize)} parse={(t) => parseWhole(t, 'The batch size', 1, 4096)} apply={(v) => setTrainHyper({ batchSize: v })} />
        <NumberField id="epochs" label="Epochs" initial={String(hyper.epochs)} parse={(t) => parseWhole(t, 'Epochs', 1, 200)} apply={(v) => setTrainHyper({ epochs: v })} />
        <NumberField
          id="val"
          label="Validation split (%)"
          initial={String(Math.round(hyper.validationSplit * 100))}
          parse={parseValidationPercent}
          apply={(v) => setTrainHyper({ validationSplit: v })}
        />
        <NumberField id="seed" label="Seed" initial={seed === null ? '' : String(seed)} parse={parseSeed} apply={setTrainSeed} hint="new each run" />
      </div>
    </section>
  );
}
