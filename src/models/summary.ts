/** The Keras/torchinfo-style summary of an analysis, as rows and as plain text. Pure; shared by the UI and the CLI. */
import type { NetworkAnalysis } from './analyze';
import { layerDef } from './layers';
import { formatBytes, formatCount, formatExact } from './format';
import { formatField, formatJump, type ReceptiveField } from './receptiveField';

export interface SummaryRow {
  name: string;
  kind: string;
  /** Human label of the kind, e.g. "conv", "max pool". */
  kindLabel: string;
  inputs: string[];
  outputShape: number[] | null;
  params: number;
  macs: number;
  activationBytes: number;
  /** Which input pixels one output value depends on (see receptiveField.ts). */
  receptiveField: ReceptiveField | null;
  error: string | null;
}

export function summaryRows(a: NetworkAnalysis): SummaryRow[] {
  return a.layers.map((l) => ({
    name: l.id,
    kind: l.kind,
    kindLabel: l.kind === 'input' ? 'input' : (layerDef(l.kind)?.label ?? String(l.kind)),
    inputs: l.inputs,
    outputShape: l.outputShape,
    params: l.params,
    macs: l.macs,
    activationBytes: l.activationBytes,
    receptiveField: l.receptiveField,
    error: l.errors[0]?.message ?? (l.blockedBy.length > 0 ? `waits on ${l.blockedBy.map((b) => `'${b}'`).join(', ')}` : null),
  }));
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

/** A plain-text table like torchinfo's, with totals and what each figure counts. */
export function summaryText(a: NetworkAnalysis, batchSize = 1): string {
  const rows = summaryRows(a);
  const header = ['Layer (kind)', 'Output shape', 'Param #', 'MACs', 'Activations', 'Receptive field', 'Jump'];
  const body = rows.map((r) => [
    `${r.name} (${r.kindLabel})`,
    r.outputShape ? `[${batchSize}, ${r.outputShape.join(', ')}]` : 'error',
    formatExact(r.params),
    formatExact(r.macs),
    formatBytes(r.activationBytes),
    r.outputShape ? formatField(r.receptiveField) : '',
    r.outputShape ? formatJump(r.receptiveField) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i >= 2)).join('  ').trimEnd();
  const rule = '='.repeat(widths.reduce((x, y) => x + y + 2, -2));
  const t = a.totals;
  const out = [rule, line(header), rule, ...body.map(line), rule];
  out.push(
    `Total params: ${formatExact(t.params)} (${formatBytes(t.weightBytes)})`,
    `Trainable params: ${formatExact(t.trainableParams)}`,
    `Non-trainable params: ${formatExact(t.nonTrainableParams)}`,
    ...(t.frozenParams > 0 ? [`Frozen params: ${formatExact(t.frozenParams)} (trainable: false; no gradients, no optimizer state)`] : []),
    `MACs per image: ${formatExact(t.macs)} (${formatCount(t.macs)}; FLOPs = 2 x MACs; convolutions and dense layers only)`,
    `Activation memory per image: ${formatBytes(t.activationBytes)} (every layer's output, input included, ${a.bytesPerValue * 8}-bit)`,
    'Receptive field: the input pixels one output value depends on, rows x cols, padding included; jump: input pixels between neighbouring outputs',
  );
  const errs = a.issues.filter((i) => i.severity === 'error');
  if (errs.length > 0) out.push(rule, `${errs.length} error${errs.length === 1 ? '' : 's'}:`, ...errs.map((e) => `  - ${e.message}`));
  out.push(rule);
  return out.join('\n');
}
