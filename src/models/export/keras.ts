/**
 * Generates Keras (Python, functional API) code that builds exactly this network. Channels-last like the app,
 * so `model.count_params()` equals the app's total (batch norm's moving statistics included); the file says so.
 */
import { analyze, type NetworkAnalysis } from '../analyze';
import { formatExact } from '../format';
import { shortcutPadBefore } from '../layers';
import { axisOut } from '../layers/util';
import { pair, type ActivationFn, type LayerSpec, type NetworkSpec, type Padding } from '../spec';
import { comment, countLines, identifiers, pyString, tuple } from './common';
import { fileBase, type CodeResult } from './pytorch';

/** A Keras layer name: Keras 3 refuses '/' in names. */
const kname = (id: string) => pyString(id.replace(/\//g, '_'));

const pyAct = (fn: ActivationFn | undefined) => pyString(fn ?? 'linear');

/** 'valid' / 'same' as Keras writes them, or null when padding needs a ZeroPadding2D in front. */
function simplePadding(p: Padding | undefined): 'valid' | 'same' | null {
  return p === undefined || p === 'valid' ? 'valid' : p === 'same' ? 'same' : null;
}

/** Generates Keras code for a spec; refuses (with the engine's first message) when the network has errors. */
export function toKeras(spec: NetworkSpec, analysis: NetworkAnalysis = analyze(spec)): CodeResult {
  if (analysis.errorCount > 0) {
    const first = analysis.issues.find((i) => i.severity === 'error');
    return { ok: false, error: `Fix the network's errors before exporting code (${analysis.errorCount}): ${first?.message ?? ''}` };
  }
  const py = identifiers();
  const v = (id: string) => py(id);
  const shapeOf = new Map(analysis.layers.map((l) => [l.id, l.outputShape!]));
  const nodeById = new Map(spec.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  const usesTf = spec.nodes.some((n) => n.kind === 'lrn');
  for (const i of spec.inputs) lines.push(`${v(i.id)} = keras.Input(shape=(${i.shape.join(', ')}${i.shape.length === 1 ? ',' : ''}), name=${pyString(i.id)})`);
  for (const l of analysis.layers) {
    if (l.kind === 'input' || !l.inModel) continue;
    const n = nodeById.get(l.id)! as LayerSpec;
    const name = kname(n.id);
    const x = v(n.inputs[0]!);
    const out = v(n.id);
    const inShape = shapeOf.get(n.inputs[0]!)!;
    const padFirst = (p: Padding | undefined): string => {
      if (p === undefined || typeof p === 'string' || p.top + p.bottom + p.left + p.right === 0) return x;
      lines.push(`${out}_pad = layers.ZeroPadding2D(padding=((${p.top}, ${p.bottom}), (${p.left}, ${p.right})), name=${kname(`${n.id}_pad`)})(${x})`);
      return `${out}_pad`;
    };
    switch (n.kind) {
      case 'conv2d': {
        const xin = padFirst(n.padding);
        const groups = n.groups && n.groups > 1 ? `, groups=${n.groups}` : '';
        lines.push(`${out} = layers.Conv2D(${n.filters}, kernel_size=${tuple(n.kernel)}, strides=${tuple(n.stride ?? 1)}, padding=${pyString(simplePadding(n.padding) ?? 'valid')}, dilation_rate=${tuple(n.dilation ?? 1)}${groups}, use_bias=${n.bias === false ? 'False' : 'True'}, activation=${pyAct(n.activation)}, name=${name})(${xin})`);
        break;
      }
      case 'depthwiseConv2d': {
        const xin = padFirst(n.padding);
        lines.push(`${out} = layers.DepthwiseConv2D(kernel_size=${tuple(n.kernel)}, strides=${tuple(n.stride ?? 1)}, padding=${pyString(simplePadding(n.padding) ?? 'valid')}, depth_multiplier=${n.depthMultiplier ?? 1}, dilation_rate=${tuple(n.dilation ?? 1)}, use_bias=${n.bias === false ? 'False' : 'True'}, activation=${pyAct(n.activation)}, name=${name})(${xin})`);
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const cls = n.kind === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D';
        const simple = simplePadding(n.padding);
        const k = pair(n.pool);
        const s = pair(n.stride ?? n.pool);
        if (simple === 'same' || (simple === 'valid' && !n.ceil)) {
          lines.push(`${out} = layers.${cls}(pool_size=${tuple(n.pool)}, strides=${tuple(n.stride ?? n.pool)}, padding=${pyString(simple)}, name=${name})(${x})`);
          break;
        }
        // Explicit padding and PyTorch's ceil mode: pad first (extra rows at the bottom/right for ceil mode), then pool.
        const p = typeof n.padding === 'object' ? n.padding : { top: 0, bottom: 0, left: 0, right: 0 };
        const outH = axisOut(inShape[0]!, k[0], s[0], 1, p.top, p.bottom, n.ceil);
        const outW = axisOut(inShape[1]!, k[1], s[1], 1, p.left, p.right, n.ceil);
        const extraH = Math.max(0, (outH - 1) * s[0] + k[0] - (inShape[0]! + p.top + p.bottom));
        const extraW = Math.max(0, (outW - 1) * s[1] + k[1] - (inShape[1]! + p.left + p.right));
        if (extraH + extraW > 0) lines.push(comment(`${n.id}: ceil mode as extra zero padding at the bottom/right (${extraH} row(s), ${extraW} column(s)); PyTorch ignores those cells instead.`));
        lines.push(`${out}_pad = layers.ZeroPadding2D(padding=((${p.top}, ${p.bottom + extraH}), (${p.left}, ${p.right + extraW})), name=${kname(`${n.id}_pad`)})(${x})`);
        lines.push(`${out} = layers.${cls}(pool_size=${tuple(n.pool)}, strides=${tuple(n.stride ?? n.pool)}, padding="valid", name=${name})(${out}_pad)`);
        break;
      }
      case 'globalAvgPool2d':
        lines.push(`${out} = layers.GlobalAveragePooling2D(name=${name})(${x})`);
        break;
      case 'dense':
        lines.push(`${out} = layers.Dense(${n.units}, use_bias=${n.bias === false ? 'False' : 'True'}, activation=${pyAct(n.activation)}, name=${name})(${x})`);
        break;
      case 'flatten':
        lines.push(`${out} = layers.Flatten(name=${name})(${x})`);
        break;
      case 'dropout':
        lines.push(`${out} = layers.Dropout(${n.rate}, name=${name})(${x})`);
        break;
      case 'batchNorm':
        lines.push(`${out} = layers.BatchNormalization(axis=-1, epsilon=${n.epsilon ?? 1e-3}, momentum=${n.momentum ?? 0.99}, name=${name})(${x})`);
        break;
      case 'lrn':
        lines.push(
          `${out} = layers.Lambda(lambda t: tf.nn.local_response_normalization(t, depth_radius=${(n.size - 1) / 2}, bias=${n.k}, alpha=${n.alpha} / ${n.size}, beta=${n.beta}), name=${name})(${x})`,
        );
        break;
      case 'activation':
        lines.push(`${out} = layers.Activation(${pyAct(n.fn)}, name=${name})(${x})`);
        break;
      case 'zeroPad2d': {
        const p = n.padding;
        lines.push(`${out} = layers.ZeroPadding2D(padding=((${p.top}, ${p.bottom}), (${p.left}, ${p.right})), name=${name})(${x})`);
        break;
      }
      case 'shortcutPad': {
        const st = n.stride ?? 2;
        const cin = inShape[2]!;
        const before = shortcutPadBefore(cin, n.channels);
        lines.push(`${out} = layers.Lambda(lambda t: tf.pad(t[:, ::${st}, ::${st}, :], [[0, 0], [0, 0], [0, 0], [${before}, ${n.channels - cin - before}]]), name=${name})(${x})  # option A`);
        break;
      }
      case 'add':
        if ((n.activation ?? 'linear') === 'linear') lines.push(`${out} = layers.Add(name=${name})([${n.inputs.map(v).join(', ')}])`);
        else {
          lines.push(`${out}_sum = layers.Add(name=${kname(`${n.id}_sum`)})([${n.inputs.map(v).join(', ')}])`);
          lines.push(`${out} = layers.Activation(${pyAct(n.activation)}, name=${name})(${out}_sum)`);
        }
        break;
      case 'concat':
        lines.push(`${out} = layers.Concatenate(axis=-1, name=${name})([${n.inputs.map(v).join(', ')}])`);
        break;
    }
  }
  const c = countLines(analysis);
  const frozen = spec.nodes.filter((n) => n.trainable === false && analysis.layers.some((l) => l.id === n.id && l.inModel && l.trainableParams > 0)).map((n) => n.id);
  const ins = spec.inputs.map((i) => v(i.id));
  const outs = spec.outputs.map(v);
  const kerasModel = `keras.Model(inputs=${ins.length === 1 ? ins[0] : `[${ins.join(', ')}]`}, outputs=${outs.length === 1 ? outs[0] : `[${outs.join(', ')}]`}, name=${pyString(fileBase(spec.name))})`;
  const code = [
    comment(`${spec.name}: Keras code generated by ConvAtlas (functional API, channels last).`),
    comment(`Expected parameters: ${c.total} (model.count_params()).`),
    comment(`Trainable: ${c.trainable}; non-trainable: ${c.nonTrainable} (batch norm moving mean and variance).`),
    ...(frozen.length > 0 ? [comment(`Frozen: ${formatExact(analysis.totals.frozenParams)} of the trainable parameters, in ${frozen.join(', ')} (Keras then counts them as non-trainable).`)] : []),
    'import tensorflow as tf',
    'from tensorflow import keras',
    'from tensorflow.keras import layers',
    ...(usesTf ? [comment('Local response normalization has no Keras layer: a Lambda calls tf.nn (alpha divided by size, as the app counts it).')] : []),
    '',
    '',
    'def build_model():',
    `    ${pyString(`Builds ${spec.name} as ConvAtlas analyses it.`)}`,
    ...lines.map((l) => `    ${l}`),
    ...(frozen.length === 0
      ? [`    return ${kerasModel}`]
      : [`    model = ${kerasModel}`, ...frozen.map((id) => `    model.get_layer(${kname(id)}).trainable = False  # frozen in ConvAtlas (trainable: false)`), '    return model']),
    '',
    '',
    `EXPECTED_PARAMETERS = ${analysis.totals.params}`,
    '',
    "if __name__ == '__main__':",
    '    model = build_model()',
    '    model.summary()',
    "    assert model.count_params() == EXPECTED_PARAMETERS, (model.count_params(), EXPECTED_PARAMETERS)",
    '',
  ].join('\n');
  return { ok: true, code, fileName: `${fileBase(spec.name)}_keras.py` };
}
