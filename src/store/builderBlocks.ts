/**
 * The blocks of the course as templates the builder inserts whole: VGG block, residual (identity and projection),
 * bottleneck, Inception (naive and 1x1-reduced), NiN. Channel counts follow the input, so a block always fits.
 */
import { pad, type LayerSpec, type NetworkSpec } from '../models';
import { insertAfter, uniqueId } from './builderEdits';

export type BlockId = 'vgg' | 'residual' | 'residual-projection' | 'bottleneck' | 'inception-naive' | 'inception-reduced' | 'nin';

export interface BlockDef {
  id: BlockId;
  label: string;
  /** What it is, in one line, for the palette's tooltip. */
  about: string;
}

export const BLOCKS: readonly BlockDef[] = [
  { id: 'vgg', label: 'VGG block', about: 'two 3x3 convolutions (same padding, ReLU), then 2x2 max pooling' },
  { id: 'residual', label: 'Residual block (identity)', about: 'conv-BN-ReLU-conv-BN plus the input, then ReLU; keeps the shape' },
  { id: 'residual-projection', label: 'Residual block (projection)', about: 'stride-2 residual block doubling the channels; a 1x1 conv + BN projects the shortcut' },
  { id: 'bottleneck', label: 'Bottleneck block', about: '1x1 reduce, 3x3, 1x1 expand (x4), with a projection shortcut when the channels change' },
  { id: 'inception-naive', label: 'Inception module (naive)', about: '1x1, 3x3 and 5x5 convolutions and 3x3 max pooling side by side, concatenated' },
  { id: 'inception-reduced', label: 'Inception module (1x1 reduced)', about: '1x1 convolutions shrink the channels before the 3x3 and 5x5 ones and after the pooling' },
  { id: 'nin', label: 'NiN block', about: 'a convolution followed by two 1x1 convolutions (an MLP across channels), all ReLU' },
];

/** Inserts a block after `after`, spliced into the chain; `channels` is the channel count flowing into it. */
export function insertBlock(spec: NetworkSpec, block: BlockId, after: string, channels: number): { spec: NetworkSpec; id: string } {
  const taken = new Set([...spec.inputs.map((i) => i.id), ...spec.nodes.map((n) => n.id)]);
  const prefix = uniqueId(spec, block.replace(/-.*/, ''), false, new Set([...taken].map((t) => t.replace(/\..*$/, ''))));
  const nodes: LayerSpec[] = [];
  const id = (s: string) => `${prefix}.${s}`;
  const push = (n: LayerSpec) => {
    nodes.push(n);
    return n.id;
  };
  const conv = (name: string, from: string, filters: number, kernel: number, o: { stride?: number; act?: boolean; bias?: boolean } = {}) =>
    // Explicit symmetric padding (k-1)/2, as torchvision writes these blocks; it keeps H x W at stride 1.
    push({ id: id(name), kind: 'conv2d', inputs: [from], filters, kernel, ...(kernel > 1 ? { padding: pad((kernel - 1) / 2) } : {}), ...(o.stride ? { stride: o.stride } : {}), ...(o.bias === false ? { bias: false } : {}), ...(o.act === false ? {} : { activation: 'relu' }) });
  const bn = (name: string, from: string) => push({ id: id(name), kind: 'batchNorm', inputs: [from], epsilon: 1e-5 });
  const relu = (name: string, from: string) => push({ id: id(name), kind: 'activation', inputs: [from], fn: 'relu' });
  const c = Math.max(1, channels);
  let end: string;
  switch (block) {
    case 'vgg': {
      const f = Math.min(512, Math.max(64, c * 2));
      const a = conv('conv1', after, f, 3);
      const b = conv('conv2', a, f, 3);
      end = push({ id: id('pool'), kind: 'maxPool2d', inputs: [b], pool: 2 });
      break;
    }
    case 'residual':
    case 'residual-projection': {
      const proj = block === 'residual-projection';
      const f = proj ? c * 2 : c;
      const s = proj ? 2 : 1;
      const c1 = conv('conv1', after, f, 3, { stride: s, act: false, bias: false });
      const r1 = relu('relu1', bn('bn1', c1));
      const b2 = bn('bn2', conv('conv2', r1, f, 3, { act: false, bias: false }));
      const short = proj ? bn('downsample.bn', conv('downsample.conv', after, f, 1, { stride: 2, act: false, bias: false })) : after;
      end = push({ id: id('add'), kind: 'add', inputs: [b2, short], activation: 'relu' });
      break;
    }
    case 'bottleneck': {
      const width = Math.max(1, Math.round(c / 4) || 1);
      const out = width * 4;
      const r1 = relu('relu1', bn('bn1', conv('conv1', after, width, 1, { act: false, bias: false })));
      const r2 = relu('relu2', bn('bn2', conv('conv2', r1, width, 3, { act: false, bias: false })));
      const b3 = bn('bn3', conv('conv3', r2, out, 1, { act: false, bias: false }));
      const short = out === c ? after : bn('downsample.bn', conv('downsample.conv', after, out, 1, { act: false, bias: false }));
      end = push({ id: id('add'), kind: 'add', inputs: [b3, short], activation: 'relu' });
      break;
    }
    case 'inception-naive': {
      const b1 = conv('1x1', after, 64, 1);
      const b2 = conv('3x3', after, 128, 3);
      const b3 = conv('5x5', after, 32, 5);
      const b4 = push({ id: id('pool'), kind: 'maxPool2d', inputs: [after], pool: 3, stride: 1, padding: 'same' });
      end = push({ id: id('concat'), kind: 'concat', inputs: [b1, b2, b3, b4] });
      break;
    }
    case 'inception-reduced': {
      const b1 = conv('1x1', after, 64, 1);
      const b2 = conv('3x3', conv('3x3.reduce', after, 96, 1), 128, 3);
      const b3 = conv('5x5', conv('5x5.reduce', after, 16, 1), 32, 5);
      const p = push({ id: id('pool'), kind: 'maxPool2d', inputs: [after], pool: 3, stride: 1, padding: 'same' });
      const b4 = conv('pool.proj', p, 32, 1);
      end = push({ id: id('concat'), kind: 'concat', inputs: [b1, b2, b3, b4] });
      break;
    }
    case 'nin': {
      const a = conv('conv', after, 96, 3);
      const b = conv('mlp1', a, 96, 1);
      end = conv('mlp2', b, 96, 1);
      break;
    }
  }
  return { spec: insertAfter(spec, after, nodes, end), id: end };
}
