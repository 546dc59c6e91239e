/**
 * TF.js's Adam with each variable's step as one kernel where the backend has ConvAtlas's (`AtlasAdam`, atlas.wasm):
 * the same arithmetic in the same order, so the same float32 results, in one call instead of eleven (a small
 * ResNet's 26 variables cost ~290 kernel calls a step otherwise). Elsewhere it is TF.js's AdamOptimizer unchanged;
 * its state (moments, iterations) is the same, so checkpoints move between the two.
 */
import * as tf from '@tensorflow/tfjs';

/** The kernel name; atlasKernels.ts registers it on wasm. */
export const ADAM_KERNEL = 'AtlasAdam';

/** The AdamOptimizer fields a fused step reads and writes (private in TF.js's typings). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

/** Adam (TF.js's defaults: beta1 0.9, beta2 0.999, epsilon 1e-7) whose update is one kernel per variable. */
export class FusedAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999);
  }

  applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_KERNEL, tf.getBackend())) return super.applyGradients(variableGradients);
    const s = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // As TF.js: 1 - b^t in float32 on the backend's values, the other constants rounded from double.
    const c1 = Math.fround(1 - s.accBeta1.dataSync()[0]!);
    const c2 = Math.fround(1 - s.accBeta2.dataSync()[0]!);
    const attrs = { beta1: s.beta1, oneMinusBeta1: 1 - s.beta1, beta2: s.beta2, oneMinusBeta2: 1 - s.beta2, c1, c2, negLearningRate: -s.learningRate, epsilon: s.epsilon };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i]!.variable;
        const v = s.accumulatedSecondMoment[i]!.variable;
        const [w2, m2, v2] = tf.engine().runKernel(ADAM_KERNEL, { w: value, g: gradient, m, v }, attrs) as tf.Tensor[];
        m.assign(m2!);
        v.assign(v2!);
        value.assign(w2!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    s.incrementIterations();
  }
}
