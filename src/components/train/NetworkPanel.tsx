/**
 * Which network to train (the zoo's, or one saved on Build), how its input is adapted to the data, whether it fits
 * the memory budget, and, when it cannot take the data as it is, the changes that would let it, as a diff to accept.
 */
import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatCount, formatExact, ZOO } from '../../models';
import { selectSavedNetworks, selectTrainActions, selectTrainModelId, selectTraining, selectTrainPlan, useAppStore } from '../../store';

/** The network select, the plan's verdict, and the adaptation offer with its diff. */
export function NetworkPanel() {
  const modelId = useAppStore(selectTrainModelId);
  const plan = useAppStore(selectTrainPlan);
  const saved = useAppStore(selectSavedNetworks);
  const { custom, adaptAccepted } = useAppStore(useShallow((s) => ({ custom: selectTraining(s).custom, adaptAccepted: selectTraining(s).adaptAccepted })));
  const { setTrainModel, acceptAdaptation } = useAppStore(useShallow(selectTrainActions));
  const heldOnly = custom && custom.key === modelId && !saved.some((m) => `saved:${m.id}` === modelId);
  return (
    <section className="panel" aria-labelledby="train-net-h">
      <h2 id="train-net-h">Network</h2>
      <label>
        Network{' '}
        <select data-testid="train-model" value={modelId} onChange={(e) => void setTrainModel(e.target.value)}>
          <optgroup label="Classic networks">
            {ZOO.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </optgroup>
          {(saved.length > 0 || heldOnly) && (
            <optgroup label="Your networks (Build)">
              {saved.map((m) => (
                <option key={m.id} value={`saved:${m.id}`}>
                  {m.name}
                </option>
              ))}
              {heldOnly && <option value={custom.key}>{custom.name}</option>}
            </optgroup>
          )}
        </select>
      </label>
      {plan.memory && (
        <p className="memory" data-testid="train-memory" title={`${plan.memory.total} bytes`}>
          Training memory: about <strong>{formatBytes(plan.memory.total)}</strong> at batch {plan.memory.batchSize} (weights, gradients, optimizer state and
          stored activations, float32; {formatCount(plan.memory.activations / 4)} activation values).
        </p>
      )}
      {plan.ok ? (
        <>
          {plan.changes.length > 0 && (
            <div className="notice adapt" data-testid="train-adapted">
              <p>
                Training the adapted network ({plan.changes.length} change{plan.changes.length === 1 ? '' : 's'}: {plan.changes.map((c) => `${c.node} ${c.before} → ${c.after}`).join('; ')}).{' '}
                <button type="button" className="mini" onClick={() => acceptAdaptation(false)}>
                  Undo the changes
                </button>
              </p>
            </div>
          )}
          <p className="notice" data-testid="train-adaptation">
            {plan.adaptation.note}
          </p>
        </>
      ) : (
        <div className="notice error" role="alert" data-testid="train-refused">
          <strong>{plan.name} cannot train here as it is:</strong>
          <ul>
            {plan.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {!plan.ok && plan.offer && !adaptAccepted && (
        <div className="adapt-offer" data-testid="train-offer">
          <p>These changes let it train on this data; the engine re-analysed the result:</p>
          <div className="spec-diff-wrap">
            <table className="spec-diff" data-testid="train-offer-diff">
              <caption className="visually-hidden">Changes to the network</caption>
              <thead>
                <tr>
                  <th scope="col">layer: what</th>
                  <th scope="col">now</th>
                  <th scope="col">adapted</th>
                </tr>
              </thead>
              <tbody>
                {plan.offer.changes.map((c) => (
                  <tr key={c.node}>
                    <th scope="row">
                      {c.node}
                      <span className="what">{c.what}</span>
                    </th>
                    <td className="before">{c.before}</td>
                    <td className="after">{c.after}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">
                    all<span className="what">trainable parameters</span>
                  </th>
                  <td className="before">{formatExact(plan.offer.params.before)}</td>
                  <td className="after">{formatExact(plan.offer.params.after)}</td>
                </tr>
                <tr>
                  <th scope="row">
                    all<span className="what">training memory at batch {plan.offer.memory.batchSize}</span>
                  </th>
                  <td className="before">{plan.memory ? formatBytes(plan.memory.total) : '—'}</td>
                  <td className="after">{formatBytes(plan.offer.memory.total)}</td>
                </tr>
              </tbody>
            </table>
          </div>
          <button type="button" data-testid="train-accept" onClick={() => acceptAdaptation(true)}>
            Train the adapted network
          </button>
        </div>
      )}
    </section>
  );
}
