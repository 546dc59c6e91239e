/**
 * Batch normalisation for training with the closed-form gradient
 *   dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)),  dgamma = sum(dy * xhat),  dbeta = sum(dy)
 * instead of TF.js differentiating moments and FusedBatchNorm op by op (~25 full-size element-wise ops and a
 * full-size Tile per layer: a quarter of a small ResNet's training step on wasm). On a backend with ConvAtlas's own
 * kernels (atlasKernels.ts) forward and backward are one kernel each; elsewhere the same formula runs as tf ops.
 * The layer is TF.js's BatchNormalization in every other respect and saves as one (its class name is the same).
 */
import * as tf from '@tensorflow/tfjs';
import { BN_BACKWARD, BN_FORWARD } from './atlasKernels';

interface BatchNormInternals {
  epsilon: number;
  momentum: number;
  axis: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

type Kwargs = Record<string, unknown>;
type BatchNormClass = new (args: Parameters<typeof tf.layers.batchNormalization>[0]) => tf.layers.Layer & BatchNormInternals;

// TF.js exports the class only through its factory: one throwaway instance hands over its constructor.
const StockBatchNormalization = tf.layers.batchNormalization({ name: 'convatlas_bn_class_probe' }).constructor as BatchNormClass;

function ownKernels(): boolean {
  return !!tf.getKernel(BN_FORWARD, tf.getBackend()) && !!tf.getKernel(BN_BACKWARD, tf.getBackend());
}

/**
 * Normalises x over every axis but the last with the batch's statistics; returns y and the batch mean and (biased)
 * variance, which the caller disposes (tidy does not: they are kept). Differentiable in x, gamma and beta through
 * the closed form above.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const stats: tf.Tensor1D[] = [];
  const op = tf.customGrad((...args: unknown[]) => {
    const [xi, g, b, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    let y: tf.Tensor;
    let mean: tf.Tensor1D;
    let variance: tf.Tensor1D;
    if (ownKernels()) {
      [y, mean, variance] = tf.engine().runKernel(BN_FORWARD, { x: xi, gamma: g, beta: b }, { epsilon }) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    } else {
      ({ mean, variance } = tf.moments(xi, axes) as { mean: tf.Tensor1D; variance: tf.Tensor1D });
      y = tf.batchNorm(xi, mean, variance, b, g, epsilon);
    }
    save([xi, mean, variance, g]);
    stats.push(tf.keep(mean), tf.keep(variance));
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, m, v, gs] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        if (ownKernels()) return tf.engine().runKernel(BN_BACKWARD, { x: xs, dy, mean: m, variance: v, gamma: gs }, { epsilon }) as tf.Tensor[];
        const count = dy.size / dy.shape[dy.rank - 1]!;
        const inv = tf.rsqrt(tf.add(v, epsilon));
        const xhat = tf.mul(tf.sub(xs, m), inv);
        const dbeta = tf.sum(dy, axes);
        const dgamma = tf.sum(tf.mul(dy, xhat), axes);
        const k = tf.mul(gs, inv);
        const dx = tf.mul(k, tf.sub(tf.sub(dy, tf.div(dbeta, count)), tf.mul(xhat, tf.div(dgamma, count))));
        return [dx, dgamma, dbeta];
      },
    };
  });
  const y = op(x, gamma, beta) as tf.Tensor;
  return { y, mean: stats[0]!, variance: stats[1]! };
}

/** TF.js's BatchNormalization layer, training through batchNormTraining when it normalises the last axis. */
export class TrainingBatchNorm extends StockBatchNormalization {
  static className = 'BatchNormalization';

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const lastAxis = this.axis === -1 || this.axis === x.rank - 1;
    if (!kwargs.training || !lastAxis || !this.center || !this.scale) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x, this.gamma.read() as tf.Tensor1D, this.beta.read() as tf.Tensor1D, this.epsilon);
      // The moving statistics move as TF.js's layer moves them: v <- v - (v - batch) * (1 - momentum).
      for (const [v, batch] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        const old = v.read();
        v.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - this.momentum)));
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}
