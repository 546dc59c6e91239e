/** A saved TF.js model's weights read out of its files: the manifest's names and shapes over the one weights buffer. */

/** One TF.js weight, named as serializeModel's manifest names it ('conv1/kernel', 'bn1/moving_mean'). */
export interface NamedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * The float32 weights a TF.js model.json's manifest describes, cut out of its (one) weights buffer, in order (views
 * of the buffer, not copies); throws a sentence when the manifest is missing, a weight is not float32, or the buffer
 * is shorter or longer than the manifest says.
 */
export function manifestWeights(modelJson: string, weights: ArrayBuffer): NamedWeight[] {
  const groups = (JSON.parse(modelJson) as { weightsManifest?: { weights: { name: string; shape: number[]; dtype?: string }[] }[] }).weightsManifest;
  if (!Array.isArray(groups)) throw new Error('The model.json has no weightsManifest, so there is no way to find its weights.');
  let offset = 0;
  const out = groups
    .flatMap((g) => g.weights)
    .map((w) => {
      if ((w.dtype ?? 'float32') !== 'float32') throw new Error(`Weight ${w.name} is ${w.dtype}; only float32 weights are read.`);
      const size = w.shape.reduce((a, c) => a * c, 1);
      if (offset + size * 4 > weights.byteLength) throw new Error(`The weights file ends before ${w.name}: it belongs to another model or is damaged.`);
      const data = new Float32Array(weights, offset, size);
      offset += size * 4;
      return { name: w.name, shape: w.shape, data };
    });
  if (offset !== weights.byteLength) throw new Error(`The weights file holds ${weights.byteLength} bytes, the manifest describes ${offset}.`);
  return out;
}
