/**
 * The course's worked examples as small specs run through the engine, so every number a lesson shows is
 * computed live (never typed in): the Inception bottleneck's cost, 1x1 convolution vs a dense layer,
 * a residual block with an identity or a projection shortcut, and VGG's stacked 3x3 convolutions against one
 * large one. Pure; tested in Node.
 */
import { analyze, SpecBuilder, type LayerAnalysis, type NetworkAnalysis, type NetworkSpec, type Shape } from '../../models';

/** The course's Inception example: a 28x28x192 input, a 5x5 same convolution to 32 channels. */
export const INCEPTION_INPUT: Shape = [28, 28, 192];
export const INCEPTION_OUT = 32;
export const INCEPTION_KERNEL = 5;

const layer = (a: NetworkAnalysis, id: string): LayerAnalysis => a.layers.find((l) => l.id === id)!;

export interface InceptionCost {
  naive: { macs: number; params: number };
  bottleneck: { k: number; reduceMacs: number; convMacs: number; macs: number; params: number; middle: Shape | null };
  /** naive / bottleneck multiplications. */
  ratio: number;
  output: Shape | null;
}

/** Multiplications of the naive 5x5 branch against a 1x1 bottleneck of k channels followed by the same 5x5. */
export function inceptionCost(k: number): InceptionCost {
  const n = new SpecBuilder('5x5 same convolution', INCEPTION_INPUT);
  n.conv('conv5x5', INCEPTION_OUT, INCEPTION_KERNEL, { padding: 'same' });
  const naive = analyze(n.build());
  const b = new SpecBuilder('1x1 bottleneck then 5x5', INCEPTION_INPUT);
  b.conv('reduce1x1', k, 1);
  b.conv('conv5x5', INCEPTION_OUT, INCEPTION_KERNEL, { padding: 'same' });
  const bn = analyze(b.build());
  return {
    naive: { macs: naive.totals.macs, params: naive.totals.params },
    bottleneck: {
      k,
      reduceMacs: layer(bn, 'reduce1x1').macs,
      convMacs: layer(bn, 'conv5x5').macs,
      macs: bn.totals.macs,
      params: bn.totals.params,
      middle: layer(bn, 'reduce1x1').outputShape,
    },
    ratio: naive.totals.macs / bn.totals.macs,
    output: layer(naive, 'conv5x5').outputShape,
  };
}

export interface OneByOne {
  conv: { output: Shape | null; params: number; macs: number };
  dense: { output: Shape | null; params: number; macs: number };
  positions: number;
}

/** A 1x1 convolution 28x28x192 -> 28x28x32 next to one dense layer 192 -> 32: same weights, applied at every position. */
export function oneByOne(cin = 192, cout = 32, size = 28): OneByOne {
  const c = new SpecBuilder('1x1 convolution', [size, size, cin]);
  c.conv('conv1x1', cout, 1);
  const ca = analyze(c.build());
  const d = new SpecBuilder('dense at one position', [cin]);
  d.dense('fc', cout);
  const da = analyze(d.build());
  return {
    conv: { output: layer(ca, 'conv1x1').outputShape, params: ca.totals.params, macs: ca.totals.macs },
    dense: { output: layer(da, 'fc').outputShape, params: da.totals.params, macs: da.totals.macs },
    positions: size * size,
  };
}

export interface ResidualBlock {
  spec: NetworkSpec;
  analysis: NetworkAnalysis;
  projection: boolean;
}

/**
 * A basic residual block on 56x56x64: two 3x3 convolutions, then a[l+2] = g(z[l+2] + a[l]). When the block halves
 * the image or changes the channels, the shortcut becomes a 1x1 projection (stride s) so the shapes can be added.
 */
export function residualBlock(channels: number, stride: number): ResidualBlock {
  const cin = 64;
  const b = new SpecBuilder('Residual block', [56, 56, cin], 'a[l]');
  b.conv('z[l+1] 3x3', channels, 3, { stride, padding: 'same', bias: false });
  b.bn('bn1');
  b.act('a[l+1] relu', 'relu');
  b.conv('z[l+2] 3x3', channels, 3, { padding: 'same', bias: false });
  const main = b.bn('bn2');
  const projection = stride !== 1 || channels !== cin;
  let shortcut = 'a[l]';
  if (projection) {
    b.conv('W_s 1x1 projection', channels, 1, { stride, bias: false, from: 'a[l]' });
    shortcut = b.bn('bn_s');
  }
  b.sum('a[l+2] = g(z + a[l])', [main, shortcut], 'relu');
  const spec = b.build();
  return { spec, analysis: analyze(spec), projection };
}

/** The image the stacked-convolutions lesson works on (its side; the channels are the lesson's C). */
export const STACK_SIDE = 56;

/** One convolution of the stack or the single large one, as the engine analysed it. */
export interface StackLayer {
  id: string;
  /** The receptive field's side in input pixels (square kernels, stride 1). */
  field: number;
  params: number;
}

/** Both designs at C channels in and out: n stacked 3x3 'same' convolutions with ReLU, or one (2n+1)x(2n+1). */
export interface StackedConvs {
  channels: number;
  depth: number;
  /** 2n + 1: the single convolution's kernel. */
  kernel: number;
  stack: { layers: StackLayer[]; field: number; params: number; macs: number; relus: number };
  single: { field: number; params: number; macs: number; relus: number };
}

/** The receptive field and weights of a node, read from the analysis. */
function stackLayer(a: NetworkAnalysis, id: string): StackLayer {
  const l = layer(a, id);
  return { id, field: l.receptiveField?.kind === 'local' ? l.receptiveField.rows.size : 0, params: l.params };
}

/**
 * VGG's argument: n stacked 3x3 convolutions see what one (2n+1)x(2n+1) convolution sees, with n x 9C^2 weights
 * against (2n+1)^2 C^2 and n non-linearities against one. Biases are left out so the counts are the weights alone.
 */
export function stackedConvs(channels: number, depth: number): StackedConvs {
  const input: Shape = [STACK_SIDE, STACK_SIDE, channels];
  const kernel = 2 * depth + 1;
  const s = new SpecBuilder(`${depth} stacked 3x3 convolutions`, input);
  const ids = Array.from({ length: depth }, (_, i) => s.conv(`conv3x3_${i + 1}`, channels, 3, { padding: 'same', bias: false, act: 'relu' }));
  const stack = analyze(s.build());
  const o = new SpecBuilder(`one ${kernel}x${kernel} convolution`, input);
  const oneId = o.conv(`conv${kernel}x${kernel}`, channels, kernel, { padding: 'same', bias: false, act: 'relu' });
  const single = analyze(o.build());
  const layers = ids.map((id) => stackLayer(stack, id));
  const one = stackLayer(single, oneId);
  return {
    channels,
    depth,
    kernel,
    stack: { layers, field: layers[layers.length - 1]!.field, params: stack.totals.params, macs: stack.totals.macs, relus: depth },
    single: { field: one.field, params: one.params, macs: single.totals.macs, relus: 1 },
  };
}
