/** The active TF.js backend, why it was chosen, what each backend offers here, and an override. */
import { useShallow } from 'zustand/react/shallow';
import { selectTrainActions, selectTrainBackend, useAppStore } from '../../store';

const CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
const isChoice = (v: string): v is (typeof CHOICES)[number] => (CHOICES as readonly string[]).includes(v);

/** Backend report; changing the choice restarts the backend in the worker (it applies to the next run). */
export function BackendPanel() {
  const b = useAppStore(useShallow(selectTrainBackend));
  const { setTrainBackend } = useAppStore(useShallow(selectTrainActions));
  return (
    <section className="panel" aria-labelledby="train-backend-h">
      <h2 id="train-backend-h">Backend</h2>
      <label>
        Run on{' '}
        <select data-testid="train-backend-choice" value={b.choice} onChange={(e) => isChoice(e.target.value) && void setTrainBackend(e.target.value)}>
          {CHOICES.map((c) => (
            <option key={c} value={c}>
              {c === 'auto' ? 'the fastest (measured signals)' : c}
            </option>
          ))}
        </select>
      </label>
      {b.status === 'starting' && <p>Starting the backend in the training worker...</p>}
      {b.status === 'error' && (
        <p className="notice error" role="alert">
          {b.error}
        </p>
      )}
      {b.report && (
        <>
          <p>
            Active: <strong data-testid="train-backend">{b.report.backend}</strong>
            {b.status !== 'ready' && ' (switching)'}
          </p>
          <p className="why" data-testid="train-backend-why">
            {b.report.reason}
          </p>
          <p className="why" data-testid="train-backend-kernels">
            {b.report.kernels}
          </p>
          <ul className="probes">
            {b.report.probes.map((p) => (
              <li key={p.name}>
                <strong>{p.name}</strong>: {p.available ? p.detail : `unavailable (${p.detail})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
