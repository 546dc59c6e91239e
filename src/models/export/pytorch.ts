/**
 * Generates a runnable PyTorch `nn.Module` that builds exactly this network, so a user can train it for real.
 * Shapes follow PyTorch's NCHW layout; the parameter count (and batch norm's running statistics) equal the app's,
 * and the file states them in a comment. Only layers on a path to an output are emitted. The file also defines
 * `load_convatlas_weights(model, path)`, which loads weights exported by ConvAtlas (pytorchWeights.ts: a NumPy .npz of
 * the module's state_dict) with a strict `model.load_state_dict`.
 */
import { analyze, type NetworkAnalysis } from '../analyze';
import { shortcutPadBefore } from '../layers';
import { isSoftmaxLayer, pair, type ActivationFn, type LayerSpec, type NetworkSpec } from '../spec';
import type { AugmentSettings } from '../../data/augment/pipeline';
import { className, comment, countLines, identifiers, pyString, resolvePads, tuple } from './common';
import { initLines, moduleLayout, usesBlock, type ModuleLayout } from './pytorchLayout';
import { torchvisionAugment } from './torchvisionAugment';

/** A run's augmentation and the size of the images it distorts (the dataset's, before padding to the input). */
export interface ExportAugment {
  settings: AugmentSettings;
  height: number;
  width: number;
}

/** The transform function and two blank lines, or nothing when no op is on. */
function augmentLines(a: ExportAugment): string[] {
  const lines = torchvisionAugment(a.settings, a.height, a.width);
  return lines.length > 0 ? [...lines, '', ''] : [];
}

export type CodeResult = { ok: true; code: string; fileName: string } | { ok: false; error: string };

function act(fn: ActivationFn | undefined, x: string, isImage: boolean): string {
  switch (fn) {
    case 'relu':
      return `F.relu(${x})`;
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'softmax':
      return `F.softmax(${x}, dim=1)${isImage ? '  # over channels' : ''}`;
    default:
      return x;
  }
}

/**
 * Generates PyTorch code for a spec; refuses (with the engine's first message) when the network has errors. With
 * `augment` (a run's augmentation) the file also defines `convatlas_train_transform()` (torchvisionAugment.ts).
 */
export function toPyTorch(spec: NetworkSpec, analysis: NetworkAnalysis = analyze(spec), augment?: ExportAugment): CodeResult {
  if (analysis.errorCount > 0) {
    const first = analysis.issues.find((i) => i.severity === 'error');
    return { ok: false, error: `Fix the network's errors before exporting code (${analysis.errorCount}): ${first?.message ?? ''}` };
  }
  const inModel = analysis.layers.filter((l) => l.kind !== 'input' && l.inModel);
  const layout = layoutOf(spec, analysis);
  const m = (id: string) => layout.access.get(id)!;
  const vars = identifiers();
  const v = (id: string) => `x_${vars(id)}`;
  const shapeOf = new Map(analysis.layers.map((l) => [l.id, l.outputShape!]));
  const nodeById = new Map(spec.nodes.map((n) => [n.id, n]));
  const logitOut = new Set(spec.outputs.filter((id) => endsInSoftmax(nodeById.get(id), shapeOf.get(id))));
  const ctor = new Map<string, string>();
  const fwd: string[] = [];
  for (const l of inModel) {
    const n = nodeById.get(l.id)! as LayerSpec;
    const inShape = shapeOf.get(n.inputs[0]!)!;
    const x = v(n.inputs[0]!);
    const out = v(n.id);
    const cin = inShape[inShape.length - 1]!;
    const img = l.outputShape!.length === 3;
    // A classifier's softmax is left to the loss (nn.CrossEntropyLoss takes logits) and to predict().
    const fn = logitOut.has(n.id) ? undefined : 'activation' in n ? n.activation : undefined;
    fwd.push(`        ${comment(`${n.id} (${n.kind}) -> ${l.outputShape!.join("x")}${img ? " (HxWxC)" : ""}${logitOut.has(n.id) ? ': logits (softmax in predict() and in the loss)' : ''}`)}`);
    switch (n.kind) {
      case 'conv2d':
      case 'depthwiseConv2d': {
        const k = n.kernel;
        const s = n.stride ?? 1;
        const d = n.dilation ?? 1;
        const [t, b, le, r] = resolvePads(n.padding, inShape, k, s, d);
        const symmetric = t === b && le === r;
        const cout = n.kind === 'conv2d' ? n.filters : cin * (n.depthMultiplier ?? 1);
        const groups = n.kind === 'conv2d' ? (n.groups ?? 1) : cin;
        const padArg = symmetric ? `(${t}, ${le})` : '0';
        ctor.set(n.id, `nn.Conv2d(${cin}, ${cout}, kernel_size=${tuple(k)}, stride=${tuple(s)}, padding=${padArg}, dilation=${tuple(d)}, groups=${groups}, bias=${n.bias === false ? 'False' : 'True'})`);
        const xin = symmetric ? x : `F.pad(${x}, (${le}, ${r}, ${t}, ${b}))`;
        fwd.push(`        ${out} = ${act(fn, `${m(n.id)}(${xin})`, img)}`);
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        const k = n.pool;
        const s = n.stride ?? n.pool;
        const [t, b, le, r] = resolvePads(n.padding, inShape, k, s);
        const [kh, kw] = pair(k);
        const fits = t === b && le === r && t <= Math.floor(kh / 2) && le <= Math.floor(kw / 2);
        const max = n.kind === 'maxPool2d';
        const extra = max ? '' : ', count_include_pad=False';
        const padArg = fits ? `(${t}, ${le})` : '0';
        ctor.set(n.id, `nn.${max ? 'MaxPool2d' : 'AvgPool2d'}(kernel_size=${tuple(k)}, stride=${tuple(s)}, padding=${padArg}, ceil_mode=${n.ceil ? 'True' : 'False'}${extra})`);
        const xin = fits ? x : `F.pad(${x}, (${le}, ${r}, ${t}, ${b})${max ? ", value=float('-inf')" : ''})`;
        fwd.push(`        ${out} = ${m(n.id)}(${xin})`);
        break;
      }
      case 'globalAvgPool2d':
        fwd.push(`        ${out} = torch.mean(${x}, dim=(2, 3))`);
        break;
      case 'dense': {
        const fin = inShape.reduce((a, c) => a * c, 1);
        ctor.set(n.id, `nn.Linear(${fin}, ${n.units}, bias=${n.bias === false ? 'False' : 'True'})`);
        fwd.push(`        ${out} = ${act(fn, `${m(n.id)}(${x})`, false)}`);
        break;
      }
      case 'flatten':
        fwd.push(`        ${out} = torch.flatten(${x}, 1)`);
        break;
      case 'dropout':
        ctor.set(n.id, `nn.Dropout(p=${n.rate})`);
        fwd.push(`        ${out} = ${m(n.id)}(${x})`);
        break;
      case 'batchNorm':
        ctor.set(n.id, `nn.BatchNorm${inShape.length === 3 ? '2d' : '1d'}(${cin}, eps=${n.epsilon ?? 1e-3}, momentum=${+(1 - (n.momentum ?? 0.99)).toFixed(6)})`);
        fwd.push(`        ${out} = ${m(n.id)}(${x})`);
        break;
      case 'lrn':
        ctor.set(n.id, `nn.LocalResponseNorm(${n.size}, alpha=${n.alpha}, beta=${n.beta}, k=${n.k})`);
        fwd.push(`        ${out} = ${m(n.id)}(${x})`);
        break;
      case 'activation':
        fwd.push(`        ${out} = ${logitOut.has(n.id) ? x : act(n.fn, x, img)}`);
        break;
      case 'zeroPad2d': {
        const p = n.padding;
        ctor.set(n.id, `nn.ZeroPad2d((${p.left}, ${p.right}, ${p.top}, ${p.bottom}))`);
        fwd.push(`        ${out} = ${m(n.id)}(${x})`);
        break;
      }
      case 'shortcutPad': {
        const st = n.stride ?? 2;
        const before = shortcutPadBefore(cin, n.channels);
        fwd.push(`        ${out} = F.pad(${x}[:, :, ::${st}, ::${st}], (0, 0, 0, 0, ${before}, ${n.channels - cin - before}))  # option A: no parameters`);
        break;
      }
      case 'add':
        fwd.push(`        ${out} = ${act(fn, n.inputs.map(v).join(' + '), img)}`);
        break;
      case 'concat':
        fwd.push(`        ${out} = torch.cat([${n.inputs.map(v).join(', ')}], dim=1)`);
        break;
    }
  }
  const cls = className(spec.name);
  const c = countLines(analysis);
  const frozen = inModel.filter((l) => l.trainableParams > 0 && nodeById.get(l.id)?.trainable === false).map((l) => l.id);
  // A frozen batch norm or dropout runs as at inference in ConvAtlas (a transfer run's frozen part): so here too.
  const asInference = inModel.filter((l) => (l.kind === 'batchNorm' || l.kind === 'dropout') && nodeById.get(l.id)?.trainable === false).map((l) => m(l.id));
  const args = spec.inputs.map((i) => v(i.id)).join(', ');
  const outs = spec.outputs.map(v);
  const probs = spec.outputs.map((id, i) => {
    const y = outs.length === 1 ? 'y' : `y[${i}]`;
    return logitOut.has(id) ? `F.softmax(${y}, dim=1)` : y;
  });
  const example = spec.inputs.map((i) => `torch.zeros(2, ${i.shape.length === 3 ? `${i.shape[2]}, ${i.shape[0]}, ${i.shape[1]}` : i.shape[0]})`).join(', ');
  const init = initLines(layout.root, (id) => ctor.get(id)!);
  const code = [
    comment(`${spec.name}: PyTorch code generated by ConvAtlas.`),
    comment(`Expected parameters: ${c.trainable} (sum(p.numel() for p in model.parameters())).`),
    comment(`Expected non-trainable values: ${c.nonTrainable} (batch norm running_mean + running_var buffers; num_batches_tracked not counted).`),
    comment(`Expected total, as ConvAtlas counts it: ${c.total}.`),
    comment('Layout: NCHW (PyTorch). Inputs: ' + spec.inputs.map((i) => `${i.id} ${i.shape.length === 3 ? `(N, ${i.shape[2]}, ${i.shape[0]}, ${i.shape[1]})` : `(N, ${i.shape[0]})`}`).join(', ')),
    comment("'same' padding is resolved to explicit pads as TensorFlow does."),
    ...(logitOut.size > 0 ? [comment('forward() returns logits, for nn.CrossEntropyLoss (which applies the softmax); predict() returns probabilities, as ConvAtlas does.')] : []),
    ...(layout.nested ? [comment("Layers are nested and named as the spec's ids (or their torchName) say (torchvision's names for its networks), so torchvision's released state_dicts load with load_state_dict(..., strict=True).")] : []),
    comment('Weights exported by ConvAtlas (a .npz of this module\'s state_dict): model = build_model(); load_convatlas_weights(model, \'weights.npz\') (a strict model.load_state_dict); model.eval().'),
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    '',
    'def load_convatlas_weights(model, path):',
    '    """Loads a ConvAtlas weights export (.npz, one array per state_dict key) with a strict model.load_state_dict."""',
    '    import numpy as np  # only here: building and training the module needs torch alone',
    '',
    '    with np.load(path) as arrays:',
    '        state = {k: torch.from_numpy(v.copy()) for k, v in arrays.items()}',
    '    model.load_state_dict(state)',
    '',
    '',
    ...(augment ? augmentLines(augment) : []),
    ...(usesBlock(layout.root)
      ? [
          'class Block(nn.Module):',
          '    """Holds layers under their names, as torchvision nests them; forward() below runs them."""',
          '',
          '    def __init__(self, **layers):',
          '        super().__init__()',
          '        for name, layer in layers.items():',
          '            self.add_module(name, layer)',
          '',
          '',
        ]
      : []),
    `class ${cls}(nn.Module):`,
    `    ${pyString(`${spec.name}, built layer by layer as ConvAtlas analyses it.`)}`,
    '',
    `    EXPECTED_PARAMETERS = ${analysis.totals.trainableParams}`,
    `    EXPECTED_BUFFERS = ${analysis.totals.nonTrainableParams}`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length > 0 ? init : ['        pass']),
    ...frozen.map((id) => `        ${m(id)}.requires_grad_(False)  # frozen in ConvAtlas (trainable: false)`),
    '',
    ...(asInference.length > 0
      ? [
          '    def train(self, mode=True):',
          '        # Frozen batch norm and dropout stay as at inference (moving statistics, no dropout), as ConvAtlas trains them.',
          '        super().train(mode)',
          `        for m in (${asInference.join(', ')}${asInference.length === 1 ? ',' : ''}):`,
          '            m.eval()',
          '        return self',
          '',
        ]
      : []),
    `    def forward(self, ${args}):`,
    ...fwd,
    `        return ${outs.length === 1 ? outs[0] : `(${outs.join(', ')})`}`,
    '',
    `    def predict(self, ${args}):`,
    '        """What ConvAtlas\'s predict gives: probabilities where the network ends in a softmax."""',
    `        y = self(${args})`,
    `        return ${probs.length === 1 ? probs[0] : `(${probs.join(', ')})`}`,
    '',
    '',
    'def build_model():',
    `    """A new ${cls}, freshly initialised."""`,
    `    return ${cls}()`,
    '',
    '',
    "if __name__ == '__main__':",
    '    model = build_model().eval()',
    '    params = sum(p.numel() for p in model.parameters())',
    "    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith('num_batches_tracked'))",
    `    print('parameters', params, 'expected', ${cls}.EXPECTED_PARAMETERS)`,
    `    print('buffers', buffers, 'expected', ${cls}.EXPECTED_BUFFERS)`,
    '    with torch.no_grad():',
    `        y = model.predict(${example})`,
    "    print('output', [tuple(t.shape) for t in (y if isinstance(y, tuple) else (y,))])",
    '',
  ].join('\n');
  return { ok: true, code, fileName: `${fileBase(spec.name)}.py` };
}

/** Kinds that hold an nn.Module in the generated file (the others are functions in forward()). */
const MODULE_KINDS = new Set<LayerSpec['kind']>(['conv2d', 'depthwiseConv2d', 'maxPool2d', 'avgPool2d', 'dense', 'dropout', 'batchNorm', 'lrn', 'zeroPad2d']);

/** A classifier output: a vector from a softmax (a dense layer's, or a softmax layer's). */
function endsInSoftmax(n: LayerSpec | undefined, shape: readonly number[] | undefined): boolean {
  return shape?.length === 1 && isSoftmaxLayer(n);
}

function layoutOf(spec: NetworkSpec, analysis: NetworkAnalysis): ModuleLayout {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const ids = analysis.layers.filter((l) => l.kind !== 'input' && l.inModel && MODULE_KINDS.has(byId.get(l.id)!.kind as LayerSpec['kind'])).map((l) => l.id);
  return moduleLayout(ids, (id) => byId.get(id)?.torchName ?? id);
}

/**
 * The state_dict prefix of every layer the generated module holds (spec id -> "layer1.0.conv1", or a flat name), so
 * that exported weights are keyed exactly as the module's state_dict.
 */
export function pythonNames(spec: NetworkSpec, analysis: NetworkAnalysis = analyze(spec)): Map<string, string> {
  return layoutOf(spec, analysis).prefix;
}

/** A file name from the network's name. */
export function fileBase(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'network';
}
