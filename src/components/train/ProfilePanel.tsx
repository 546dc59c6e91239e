/**
 * "Profile one step": where one training step of the chosen network spends its time, kernel by kernel, so a
 * student sees that training is mostly the convolutions' two gradients, not the forward pass they drew.
 */
import { useShallow } from 'zustand/react/shallow';
import { selectStepProfile, selectTrainActions, selectTrainBusy, selectTrainPlan, useAppStore } from '../../store';

/** What each kernel TF.js names is, in the course's words. */
const WHAT: Record<string, string> = {
  Conv2D: 'convolution, forward',
  FusedConv2D: 'convolution (+ bias, activation), forward',
  Conv2DBackpropInput: "convolution's gradient for its input (passes the error back)",
  Conv2DBackpropFilter: "convolution's gradient for its filters (what the optimizer updates)",
  DepthwiseConv2dNative: 'depthwise convolution, forward',
  DepthwiseConv2dNativeBackpropInput: "depthwise convolution's gradient for its input",
  DepthwiseConv2dNativeBackpropFilter: "depthwise convolution's gradient for its filters",
  AtlasBatchNormForward: 'batch norm: batch mean and variance, normalise',
  AtlasBatchNormBackward: "batch norm's gradient (closed form)",
  FusedBatchNorm: 'batch norm, normalise',
  BatchMatMul: 'dense layer: matrix multiply (forward or gradient)',
  _FusedMatMul: 'dense layer (+ bias, activation), forward',
  MaxPool: 'max pooling, forward',
  MaxPoolGrad: "max pooling's gradient (to each window's maximum)",
  AvgPool: 'average pooling, forward',
  AvgPoolGrad: "average pooling's gradient",
  Relu: 'ReLU, forward',
  Step: "ReLU's gradient (1 where the input was positive)",
  Multiply: 'element-wise multiply (optimizer update, gradients)',
  Add: 'element-wise add (residual sums, optimizer update)',
  Sub: 'element-wise subtract (optimizer update)',
  RealDiv: 'element-wise divide (Adam)',
  Sqrt: 'square root (Adam)',
  Square: 'square (Adam)',
  Sum: 'sum (bias gradients, loss)',
  Mean: 'mean (global average pooling, loss)',
  PadV2: 'padding',
  Slice: 'crop (padding\'s gradient)',
  Cast: 'type conversion',
  Identity: 'copy (tensors kept for the backward pass)',
  LRN: 'local response normalisation, forward',
  LRNGrad: "local response normalisation's gradient",
  ConcatV2: 'concatenation (Inception branches)',
};

export function ProfilePanel() {
  const p = useAppStore(selectStepProfile);
  const plan = useAppStore(selectTrainPlan);
  const busy = useAppStore(selectTrainBusy);
  const { profileTrainingStep } = useAppStore(useShallow(selectTrainActions));
  const r = p.result;
  return (
    <section className="panel" aria-labelledby="train-profile-h" data-testid="train-profile">
      <h2 id="train-profile-h">Where a training step's time goes</h2>
      <p className="why">
        Times one step (forward, backward, optimizer) of a fresh copy of the network at the batch size above, after two
        warm-up steps, kernel by kernel. It does not touch a run's weights.
      </p>
      <button type="button" data-testid="train-profile-start" disabled={busy || !plan.ok || p.status === 'running'} onClick={() => void profileTrainingStep()}>
        {p.status === 'running' ? 'Profiling...' : 'Profile one step'}
      </button>
      {busy && <span className="why"> (while a run trains, its own images/s say how fast it goes)</span>}
      {p.status === 'error' && (
        <p className="notice error" role="alert" data-testid="train-profile-error">
          {p.error}
        </p>
      )}
      {r && (
        <>
          <p data-testid="train-profile-summary">
            {p.modelName}, batch {r.batchSize}, on {r.backend}: <strong>{r.wallMs.toFixed(1)} ms</strong> a step (
            {Math.round((r.batchSize * 1000) / r.wallMs).toLocaleString('en-US')} images/s), {r.kernelMs.toFixed(1)} ms in {r.kernelCalls.toLocaleString('en-US')} kernel
            calls, {Math.max(0, r.outsideMs).toFixed(1)} ms outside them (layers, gradient tape, optimizer bookkeeping in JavaScript).
          </p>
          <table className="profile" data-testid="train-profile-table">
            <caption>The kernels that took longest; the bar is the share of the step.</caption>
            <thead>
              <tr>
                <th scope="col">kernel</th>
                <th scope="col">what it computes</th>
                <th scope="col">calls</th>
                <th scope="col">ms</th>
                <th scope="col">share</th>
              </tr>
            </thead>
            <tbody>
              {r.kernels.slice(0, 10).map((k) => (
                <tr key={k.kernel}>
                  <th scope="row">
                    <code>{k.kernel}</code>
                  </th>
                  <td>{WHAT[k.kernel] ?? ''}</td>
                  <td>{k.calls}</td>
                  <td>{k.ms.toFixed(2)}</td>
                  <td className="share">
                    <span className="bar" style={{ width: `${Math.min(100, k.share)}%` }} aria-hidden="true" />
                    {k.share.toFixed(1)}%
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
