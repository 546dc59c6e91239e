/**
 * The arithmetic behind a layer's figures, as the course writes it, with the layer's own values filled in:
 * output size floor((n + 2p - f) / s) + 1, parameters f x f x n_C(prev) x n_C + n_C, MACs. Each line is
 * computed here from the spec and checked against the engine's figure, so a teacher can show both agree.
 */
import { formatExact, pair, type LayerAnalysis, type LayerSpec, type NetworkSpec, type Shape } from '../models';
import { slide } from '../models/layers/util';

export interface ArithmeticLine {
  /** What the line computes: "output height", "parameters", "MACs". */
  what: string;
  /** The general formula. */
  formula: string;
  /** The formula with the values filled in, ending in its result. */
  worked: string;
  result: number;
  /** The engine's figure for the same quantity (equal unless the engine and the formula disagree). */
  engine: number | null;
}

const x = (...v: (number | string)[]) => v.join(' x ');
const n = formatExact;

function sizeLines(axis: 'height' | 'width', nIn: number, f: number, s: number, d: number, before: number, after: number, out: number, ceil: boolean): ArithmeticLine {
  const eff = d * (f - 1) + 1;
  const sym = before === after;
  const padText = sym ? `2 x ${before}` : `${before} + ${after}`;
  const fText = d > 1 ? `${eff} (dilated ${f})` : String(f);
  const round = ceil ? 'ceil' : 'floor';
  const raw = (nIn + before + after - eff) / s;
  const result = (ceil ? Math.ceil(raw) : Math.floor(raw)) + 1;
  return {
    what: `output ${axis}`,
    formula: `${round}((n + 2p - f) / s) + 1`,
    worked: `${round}((${nIn} + ${padText} - ${fText}) / ${s}) + 1 = ${result}`,
    result,
    engine: out,
  };
}

function windowLines(input: Shape, out: Shape, kernel: LayerSpec & { padding?: unknown }, k: number | [number, number], stride: number | [number, number], dil: number | [number, number], ceil: boolean): ArithmeticLine[] {
  const padding = (kernel as { padding?: 'same' | 'valid' | { top: number; bottom: number; left: number; right: number } }).padding ?? 'valid';
  const r = slide('kernel', input, k, stride, dil, padding, ceil);
  if (!r.ok) return [];
  const [kh, kw] = pair(k);
  const [sh, sw] = pair(stride);
  const [dh, dw] = pair(dil);
  const [pt, pb, pl, pr] = r.geo.pads;
  const lines = [sizeLines('height', input[0]!, kh, sh, dh, pt, pb, out[0]!, ceil)];
  if (input[1] !== input[0] || kw !== kh || sw !== sh || pl !== pt || pr !== pb) lines.push(sizeLines('width', input[1]!, kw, sw, dw, pl, pr, out[1]!, ceil));
  if (padding === 'same') lines[0]!.worked += ` ('same' padding: ${pt}${pb !== pt ? `+${pb}` : ''} px)`;
  return lines;
}

/** Worked arithmetic for one layer; empty when its shapes are unknown or it has nothing to compute. */
export function layerArithmetic(spec: LayerSpec | undefined, layer: LayerAnalysis, inputs: (Shape | null)[]): ArithmeticLine[] {
  const out = layer.outputShape;
  const input = inputs[0];
  if (!spec || !out || !input || inputs.some((i) => i === null)) return [];
  switch (spec.kind) {
    case 'conv2d': {
      const [kh, kw] = pair(spec.kernel);
      const groups = spec.groups ?? 1;
      const cin = input[2]! / groups;
      const bias = spec.bias === false ? 0 : spec.filters;
      const cinText = groups > 1 ? `${input[2]}/${groups}` : String(cin);
      const params = kh * kw * cin * spec.filters + bias;
      const macs = out[0]! * out[1]! * spec.filters * kh * kw * cin;
      return [
        ...windowLines(input, out, spec, spec.kernel, spec.stride ?? 1, spec.dilation ?? 1, false),
        {
          what: 'parameters',
          formula: bias ? 'f x f x n_C(prev) x n_C + n_C' : 'f x f x n_C(prev) x n_C (no bias)',
          worked: `${x(kh, kw, cinText, spec.filters)}${bias ? ` + ${spec.filters}` : ''} = ${n(params)}`,
          result: params,
          engine: layer.trainableParams,
        },
        {
          what: 'MACs',
          formula: 'n_H x n_W x n_C x f x f x n_C(prev)',
          worked: `${x(out[0]!, out[1]!, spec.filters, kh, kw, cinText)} = ${n(macs)}`,
          result: macs,
          engine: layer.macs,
        },
      ];
    }
    case 'depthwiseConv2d': {
      const [kh, kw] = pair(spec.kernel);
      const m = spec.depthMultiplier ?? 1;
      const c = input[2]!;
      const bias = spec.bias === false ? 0 : c * m;
      const params = kh * kw * c * m + bias;
      const macs = out[0]! * out[1]! * c * m * kh * kw;
      return [
        ...windowLines(input, out, spec, spec.kernel, spec.stride ?? 1, spec.dilation ?? 1, false),
        { what: 'parameters', formula: 'f x f x n_C(prev) x multiplier + bias', worked: `${x(kh, kw, c, m)}${bias ? ` + ${bias}` : ''} = ${n(params)}`, result: params, engine: layer.trainableParams },
        { what: 'MACs', formula: 'n_H x n_W x n_C(prev) x multiplier x f x f', worked: `${x(out[0]!, out[1]!, c, m, kh, kw)} = ${n(macs)}`, result: macs, engine: layer.macs },
      ];
    }
    case 'maxPool2d':
    case 'avgPool2d':
      return [
        ...windowLines(input, out, spec, spec.pool, spec.stride ?? spec.pool, 1, spec.ceil ?? false),
        { what: 'parameters', formula: 'pooling learns nothing', worked: '0', result: 0, engine: layer.params },
      ];
    case 'dense': {
      const nin = input.reduce((a, b) => a * b, 1);
      const bias = spec.bias === false ? 0 : spec.units;
      const params = nin * spec.units + bias;
      return [
        { what: 'parameters', formula: bias ? 'n_in x n_out + n_out' : 'n_in x n_out', worked: `${x(nin, spec.units)}${bias ? ` + ${spec.units}` : ''} = ${n(params)}`, result: params, engine: layer.trainableParams },
        { what: 'MACs', formula: 'n_in x n_out', worked: `${x(nin, spec.units)} = ${n(nin * spec.units)}`, result: nin * spec.units, engine: layer.macs },
      ];
    }
    case 'batchNorm': {
      const c = input[input.length - 1]!;
      return [
        { what: 'trainable parameters', formula: 'gamma and beta per channel: 2 x n_C', worked: `2 x ${c} = ${n(2 * c)}`, result: 2 * c, engine: layer.trainableParams },
        { what: 'non-trainable parameters', formula: 'moving mean and variance: 2 x n_C', worked: `2 x ${c} = ${n(2 * c)}`, result: 2 * c, engine: layer.nonTrainableParams },
      ];
    }
    case 'concat': {
      const cs = inputs.map((i) => i![i!.length - 1]!);
      const sum = cs.reduce((a, b) => a + b, 0);
      return [{ what: 'output channels', formula: 'sum of the branches’ channels', worked: `${cs.join(' + ')} = ${sum}`, result: sum, engine: out[out.length - 1]! }];
    }
    case 'globalAvgPool2d':
      return [{ what: 'output length', formula: 'one average per channel: n_C', worked: `${input[0]} x ${input[1]} averaged per channel -> ${input[2]}`, result: input[2]!, engine: out[0]! }];
    case 'flatten': {
      const len = input.reduce((a, b) => a * b, 1);
      return [{ what: 'output length', formula: 'n_H x n_W x n_C', worked: `${x(...input)} = ${n(len)}`, result: len, engine: out[0]! }];
    }
    default:
      return [];
  }
}

/** Looks a node's spec up by id; user-built specs may hold anything, so a missing node is undefined, not an error. */
export function nodeSpec(spec: NetworkSpec | null, id: string): LayerSpec | undefined {
  return spec?.nodes.find((nd) => nd.id === id);
}
