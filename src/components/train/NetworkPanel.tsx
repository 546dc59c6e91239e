/** Which zoo network to train, how its input is adapted to the data, and whether it fits the memory budget. */
import { useAppStore, selectTrainActions, selectTrainBusy, selectTrainModelId, selectTrainPlan } from '../../store';
import { formatBytes, formatCount, ZOO } from '../../models';
import { useShallow } from 'zustand/react/shallow';

/** The network select and the plan's verdict: the adaptation note, the memory estimate, or the refusal. */
export function NetworkPanel() {
  const modelId = useAppStore(selectTrainModelId);
  const plan = useAppStore(selectTrainPlan);
  const busy = useAppStore(selectTrainBusy);
  const { setTrainModel } = useAppStore(useShallow(selectTrainActions));
  return (
    <section className="panel" aria-labelledby="train-net-h">
      <h2 id="train-net-h">Network</h2>
      <label>
        Network{' '}
        <select data-testid="train-model" value={modelId} disabled={busy} onChange={(e) => setTrainModel(e.target.value)}>
          {ZOO.map((z) => (
            <option key={z.id} value={z.id}>
              {z.name}
            </option>
          ))}
        </select>
      </label>
      {plan.memory && (
        <p className="memory" data-testid="train-memory" title={`${plan.memory.total} bytes`}>
          Training memory: about <strong>{formatBytes(plan.memory.total)}</strong> at batch {plan.memory.batchSize} (weights, gradients, optimizer state and
          stored activations, float32; {formatCount(plan.memory.activations / 4)} activation values).
        </p>
      )}
      {plan.ok ? (
        <p className="notice" data-testid="train-adaptation">
          {plan.adaptation.note}
        </p>
      ) : (
        <div className="notice error" role="alert" data-testid="train-refused">
          <strong>{plan.name} cannot train here:</strong>
          <ul>
            {plan.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
