/**
 * Generates a runnable PyTorch `nn.Module` that builds exactly this network, so a user can train it for real.
 * Shapes follow PyTorch's NCHW layout; the parameter count (and batch norm's running statistics) equal the app's,
 * and the file states them in a comment. Only layers on a path to an output are emitted. The file also defines
 * `load_convatlas_weights(model, path)`, which loads weights exported by ConvAtlas (pytorchWeights.ts: a NumPy .npz of
 * the module's state_dict) with a strict `model.load_state_dict`.
 */
import { analyze, type NetworkAnalysis } from '../analyze';
import { shortcutPadBefore } from '../layers';
import { pair, type ActivationFn, type LayerSpec, type NetworkSpec } from '../spec';
import type { AugmentSettings } from '../../data/augment/pipeline';
import { className, comment, countLines, identifiers, pyString, resolvePads, tuple } from './common';
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
  const names = pythonNames(spec, analysis);
  const py = (id: string) => names.get(id)!;
  const shapeOf = new Map(analysis.layers.map((l) => [l.id, l.outputShape!]));
  const nodeById = new Map(spec.nodes.map((n) => [n.id, n]));
  const init: string[] = [];
  const fwd: string[] = [];
  const v = (id: string) => `x_${py(id)}`;
  const inModel = analysis.layers.filter((l) => l.kind !== 'input' && l.inModel);
  for (const l of inModel) {
    const n = nodeById.get(l.id)! as LayerSpec;
    const inShape = shapeOf.get(n.inputs[0]!)!;
    const x = v(n.inputs[0]!);
    const name = py(n.id);
    const out = v(n.id);
    const cin = inShape[inShape.length - 1]!;
    const img = l.outputShape!.length === 3;
    fwd.push(`        ${comment(`${n.id} (${n.kind}) -> ${l.outputShape!.join("x")}${img ? " (HxWxC)" : ""}`)}`);
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
        init.push(`        self.${name} = nn.Conv2d(${cin}, ${cout}, kernel_size=${tuple(k)}, stride=${tuple(s)}, padding=${padArg}, dilation=${tuple(d)}, groups=${groups}, bias=${n.bias === false ? 'False' : 'True'})`);
        const xin = symmetric ? x : `F.pad(${x}, (${le}, ${r}, ${t}, ${b}))`;
        fwd.push(`        ${out} = ${act(n.activation, `self.${name}(${xin})`, img)}`);
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
        init.push(`        self.${name} = nn.${max ? 'MaxPool2d' : 'AvgPool2d'}(kernel_size=${tuple(k)}, stride=${tuple(s)}, padding=${padArg}, ceil_mode=${n.ceil ? 'True' : 'False'}${extra})`);
        const xin = fits ? x : `F.pad(${x}, (${le}, ${r}, ${t}, ${b})${max ? ", value=float('-inf')" : ''})`;
        fwd.push(`        ${out} = self.${name}(${xin})`);
        break;
      }
      case 'globalAvgPool2d':
        fwd.push(`        ${out} = torch.mean(${x}, dim=(2, 3))`);
        break;
      case 'dense': {
        const fin = inShape.reduce((a, c) => a * c, 1);
        init.push(`        self.${name} = nn.Linear(${fin}, ${n.units}, bias=${n.bias === false ? 'False' : 'True'})`);
        fwd.push(`        ${out} = ${act(n.activation, `self.${name}(${x})`, false)}`);
        break;
      }
      case 'flatten':
        fwd.push(`        ${out} = torch.flatten(${x}, 1)`);
        break;
      case 'dropout':
        init.push(`        self.${name} = nn.Dropout(p=${n.rate})`);
        fwd.push(`        ${out} = self.${name}(${x})`);
        break;
      case 'batchNorm':
        init.push(`        self.${name} = nn.BatchNorm${inShape.length === 3 ? '2d' : '1d'}(${cin}, eps=${n.epsilon ?? 1e-3}, momentum=${+(1 - (n.momentum ?? 0.99)).toFixed(6)})`);
        fwd.push(`        ${out} = self.${name}(${x})`);
        break;
      case 'lrn':
        init.push(`        self.${name} = nn.LocalResponseNorm(${n.size}, alpha=${n.alpha}, beta=${n.beta}, k=${n.k})`);
        fwd.push(`        ${out} = self.${name}(${x})`);
        break;
      case 'activation':
        fwd.push(`        ${out} = ${act(n.fn, x, img)}`);
        break;
      case 'zeroPad2d': {
        const p = n.padding;
        init.push(`        self.${name} = nn.ZeroPad2d((${p.left}, ${p.right}, ${p.top}, ${p.bottom}))`);
        fwd.push(`        ${out} = self.${name}(${x})`);
        break;
      }
      case 'shortcutPad': {
        const st = n.stride ?? 2;
        const before = shortcutPadBefore(cin, n.channels);
        fwd.push(`        ${out} = F.pad(${x}[:, :, ::${st}, ::${st}], (0, 0, 0, 0, ${before}, ${n.channels - cin - before}))  # option A: no parameters`);
        break;
      }
      case 'add':
        fwd.push(`        ${out} = ${act(n.activation, n.inputs.map(v).join(' + '), img)}`);
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
  const asInference = inModel.filter((l) => (l.kind === 'batchNorm' || l.kind === 'dropout') && nodeById.get(l.id)?.trainable === false).map((l) => `self.${py(l.id)}`);
  const args = spec.inputs.map((i) => v(i.id)).join(', ');
  const outs = spec.outputs.map(v);
  const example = spec.inputs.map((i) => `torch.zeros(2, ${i.shape.length === 3 ? `${i.shape[2]}, ${i.shape[0]}, ${i.shape[1]}` : i.shape[0]})`).join(', ');
  const code = [
    comment(`${spec.name}: PyTorch code generated by ConvAtlas.`),
    comment(`Expected parameters: ${c.trainable} (sum(p.numel() for p in model.parameters())).`),
    comment(`Expected non-trainable values: ${c.nonTrainable} (batch norm running_mean + running_var buffers; num_batches_tracked not counted).`),
    comment(`Expected total, as ConvAtlas counts it: ${c.total}.`),
    comment('Layout: NCHW (PyTorch). Inputs: ' + spec.inputs.map((i) => `${i.id} ${i.shape.length === 3 ? `(N, ${i.shape[2]}, ${i.shape[0]}, ${i.shape[1]})` : `(N, ${i.shape[0]})`}`).join(', ')),
    comment("'same' padding is resolved to explicit pads as TensorFlow does; softmax outputs are probabilities."),
    comment(`Weights exported by ConvAtlas (a .npz of this module's state_dict): model = ${cls}(); load_convatlas_weights(model, 'weights.npz') (a strict model.load_state_dict); model.eval().`),
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
    `class ${cls}(nn.Module):`,
    `    ${pyString(`${spec.name}, built layer by layer as ConvAtlas analyses it.`)}`,
    '',
    `    EXPECTED_PARAMETERS = ${analysis.totals.trainableParams}`,
    `    EXPECTED_BUFFERS = ${analysis.totals.nonTrainableParams}`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length > 0 ? init : ['        pass']),
    ...frozen.map((id) => `        self.${py(id)}.requires_grad_(False)  # frozen in ConvAtlas (trainable: false)`),
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
    '',
    "if __name__ == '__main__':",
    `    model = ${cls}().eval()`,
    '    params = sum(p.numel() for p in model.parameters())',
    "    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith('num_batches_tracked'))",
    `    print('parameters', params, 'expected', ${cls}.EXPECTED_PARAMETERS)`,
    `    print('buffers', buffers, 'expected', ${cls}.EXPECTED_BUFFERS)`,
    '    with torch.no_grad():',
    `        y = model(${example})`,
    "    print('output', [tuple(t.shape) for t in (y if isinstance(y, tuple) else (y,))])",
    '',
  ].join('\n');
  return { ok: true, code, fileName: `${fileBase(spec.name)}.py` };
}

/**
 * The Python name of every input and every layer the module holds (spec id -> identifier), given in the order
 * toPyTorch meets them, so that attribute names (and state_dict keys) agree wherever they are needed.
 */
export function pythonNames(spec: NetworkSpec, analysis: NetworkAnalysis = analyze(spec)): Map<string, string> {
  const py = identifiers();
  const ids = [...spec.inputs.map((i) => i.id), ...analysis.layers.filter((l) => l.kind !== 'input' && l.inModel).map((l) => l.id)];
  return new Map(ids.map((id) => [id, py(id)]));
}

/** A file name from the network's name. */
export function fileBase(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'network';
}
