/**
 * The answer: the top-5 classes as bars with probabilities; with crops or an ensemble, the answer without them
 * next to it and what they cost (forward passes, MACs, time); the crops the network saw, each with its own vote.
 */
import { useShallow } from 'zustand/react/shallow';
import { formatPercent } from '../../models';
import type { Answer } from '../../predict/answer';
import { USER_MODEL, useAppStore } from '../../store';
import { HonestyNote } from './HonestyNote';
import { PixelCanvas } from './PixelCanvas';

const pct = (p: number) => formatPercent(p, p >= 0.9995 || p < 0.0005 ? 1 : 2);
const mmacs = (m: number) => `${(m / 1e6).toFixed(2)} M MACs`;

function Bars({ a, testId }: { a: Answer; testId: string }) {
  return (
    <ol className="top-bars" data-testid={testId}>
      {a.top.map((t, i) => (
        <li key={t.index} className={i === 0 ? 'top1' : ''} data-label={t.label} data-p={t.p.toFixed(6)}>
          <span className="bar-label" title={t.label}>
            {t.label}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${Math.max(0.5, t.p * 100)}%` }} />
          </span>
          <span className="bar-value">{pct(t.p)}</span>
        </li>
      ))}
    </ol>
  );
}

function Cost({ a, what }: { a: Answer; what: string }) {
  const passes = a.input.count * a.perModel.length;
  return (
    <p className="cost" data-testid={`cost-${what}`}>
      {passes} forward pass{passes === 1 ? '' : 'es'} · {mmacs(a.cost.macs)} · <strong data-testid={`multiplier-${what}`}>{a.cost.multiplier.toFixed(a.cost.multiplier % 1 === 0 ? 0 : 1)}x</strong> the
      compute of one pass · {a.ms.toFixed(1)} ms
    </p>
  );
}

export function AnswerPanel() {
  const p = useAppStore(useShallow((s) => ({ answer: s.predict.answer, honesty: s.predict.honesty, baseline: s.predict.baseline, status: s.predict.status, error: s.predict.answerError, image: s.predict.image, crops: s.predict.crops, backend: s.predict.backend, untrained: s.predict.modelId === USER_MODEL && !!s.predict.userModel?.untrained })));
  if (!p.image && !p.answer) {
    return (
      <section className="panel" aria-labelledby="predict-answer-h">
        <h2 id="predict-answer-h">Prediction</h2>
        <p className="muted">Drop an image, pick a sample or draw a digit: the answer appears here.</p>
      </section>
    );
  }
  const a = p.answer;
  const tricks = a && p.baseline;
  const truth = p.image?.label ?? null;
  return (
    <section className="panel" aria-labelledby="predict-answer-h" aria-busy={p.status === 'working'}>
      <h2 id="predict-answer-h">Prediction</h2>
      {p.error && (
        <p className="notice error" role="alert" data-testid="answer-error">
          {p.error}
        </p>
      )}
      {a && p.honesty && <HonestyNote h={p.honesty} />}
      {a && (
        <div className={`answer-grid${tricks ? ' two' : ''}`}>
          {tricks && (
            <div>
              <h3>Without (one model, centre only)</h3>
              <Bars a={p.baseline!} testId="top5-baseline" />
              <Cost a={p.baseline!} what="baseline" />
            </div>
          )}
          <div>
            {tricks && <h3>With {[p.crops !== 'single' ? `${a.input.count} crops` : '', a.perModel.length > 1 ? `an ensemble of ${a.perModel.length}` : ''].filter(Boolean).join(' and ')}</h3>}
            {p.honesty?.flagged && (
              <p className="answer-label" data-testid="answer-label">
                {p.honesty.answerLabel}
              </p>
            )}
            <p className={`verdict${p.honesty?.flagged ? ' guess' : ''}`} data-testid="prediction" role="status">
              <strong>{a.top[0]!.label}</strong> ({pct(a.top[0]!.p)})
              {p.untrained && (
                <span className="wrong" data-testid="prediction-untrained">
                  {' '}
                  · random weights: chance, not knowledge
                </span>
              )}
              {truth !== null && <span className={truth === a.top[0]!.label ? 'ok' : 'wrong'}>{truth === a.top[0]!.label ? ' · correct' : ` · the sample is labelled ${truth}`}</span>}
            </p>
            <Bars a={a} testId="top5" />
            <Cost a={a} what="answer" />
          </div>
        </div>
      )}
      {a && a.input.count > 1 && (
        <>
          <h3>The crops the network saw</h3>
          <ul className="crop-grid" data-testid="crop-grid">
            {a.input.names.map((name, i) => {
              const [h, w, c] = a.input.shape;
              const img = c === 1 ? { width: w, height: h, data: a.input.data.subarray(i * h * w, (i + 1) * h * w) } : null;
              const vote = a.perModel[0]!.cropTop[i]!;
              return (
                <li key={name}>
                  {img && <PixelCanvas image={img} label={`Crop ${name}`} size={56} />}
                  <span className="crop-name">{name}</span>
                  <span className="crop-vote">
                    {vote.label} {pct(vote.p)}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {p.backend && <p className="muted">Runs in a worker on TF.js {p.backend.backend}: {p.backend.reason}</p>}
    </section>
  );
}
