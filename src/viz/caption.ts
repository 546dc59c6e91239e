/**
 * What a layer is, in the words a lecture uses ("5x5 conv, 16 filters" / "stride 1, same, relu"; "2x2 max pool /2";
 * "dense 120"): the two caption lines of a diagram node, read from the layer's own fields. Pure.
 */
import { pair, type ActivationFn, type LayerSpec, type Padding } from '../models';

/** A node's caption: what the layer computes, and how (stride, padding, activation); `how` may be empty. */
export interface Caption {
  what: string;
  how: string;
}

function size(p: number | [number, number]): string {
  const [h, w] = pair(p);
  return `${h}x${w}`;
}

function strideText(p: number | [number, number]): string {
  const [h, w] = pair(p);
  return h === w ? String(h) : `${h}x${w}`;
}

function padText(p: Padding | undefined): string {
  if (p === undefined || p === 'valid') return 'valid';
  if (p === 'same') return 'same';
  const { top, bottom, left, right } = p;
  if (top === bottom && left === right && top === left) return `pad ${top}`;
  return `pad ${top},${right},${bottom},${left}`;
}

function act(fn: ActivationFn | undefined): string[] {
  return fn && fn !== 'linear' ? [fn] : [];
}

/** The caption of one layer. */
export function layerCaption(l: LayerSpec): Caption {
  const join = (parts: string[]) => parts.filter(Boolean).join(', ');
  switch (l.kind) {
    case 'conv2d': {
      const dil = l.dilation !== undefined && pair(l.dilation).some((d) => d !== 1) ? `dilation ${strideText(l.dilation)}` : '';
      const groups = l.groups !== undefined && l.groups > 1 ? `${l.groups} groups` : '';
      return { what: `${size(l.kernel)} conv, ${l.filters} filters`, how: join([`stride ${strideText(l.stride ?? 1)}`, padText(l.padding), dil, groups, ...act(l.activation)]) };
    }
    case 'depthwiseConv2d': {
      const mult = (l.depthMultiplier ?? 1) > 1 ? ` x${l.depthMultiplier}` : '';
      return { what: `${size(l.kernel)} depthwise conv${mult}`, how: join([`stride ${strideText(l.stride ?? 1)}`, padText(l.padding), ...act(l.activation)]) };
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const name = l.kind === 'maxPool2d' ? 'max' : 'avg';
      const padding = padText(l.padding);
      return { what: `${size(l.pool)} ${name} pool /${strideText(l.stride ?? l.pool)}`, how: join([padding === 'valid' ? '' : padding, l.ceil ? 'ceil' : '']) };
    }
    case 'globalAvgPool2d':
      return { what: 'global avg pool', how: '' };
    case 'dense':
      return { what: `dense ${l.units}`, how: join(act(l.activation)) };
    case 'flatten':
      return { what: 'flatten', how: '' };
    case 'dropout':
      return { what: `dropout ${l.rate}`, how: '' };
    case 'batchNorm':
      return { what: 'batch norm', how: '' };
    case 'lrn':
      return { what: `LRN, size ${l.size}`, how: '' };
    case 'activation':
      return { what: l.fn, how: '' };
    case 'zeroPad2d':
      return { what: `zero ${padText(l.padding)}`, how: '' };
    case 'shortcutPad':
      return { what: `shortcut /${l.stride ?? 2}, zero-pad to ${l.channels}`, how: '' };
    case 'add':
      return { what: 'add', how: join(act(l.activation)) };
    case 'concat':
      return { what: 'concat', how: '' };
  }
}
