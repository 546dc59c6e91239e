/**
 * The `summary` command as a pure function: argv in, {code, stdout, stderr} out.
 * No process, fs or console access here, so tests call it directly; src/cli/summary.ts writes and exits.
 */
import { parseArgs } from 'node:util';
import {
  analyze,
  formatBytes,
  parseShape,
  summaryText,
  trainingMemory,
  withInputShape,
  ZOO,
  zooEntry,
  type LayerAnalysis,
  type NetworkAnalysis,
  type NetworkSpec,
  type TrainingMemory,
  type ZooEntry,
} from '../models';
import type { CommandResult } from './entry';
import { errorLine, loadNetworkFile, oneLine, quote, UsageError, zooOrThrow, type Named } from './networkArg';

/** Exit codes: 0 ok, 1 the network has analysis errors (output still printed), 2 bad usage, 3 internal failure. */
export const EXIT = { ok: 0, analysisErrors: 1, usage: 2, internal: 3 } as const;

/** The optimizer the training-memory estimate assumes. */
const OPTIMIZER = 'adam' as const;

export const USAGE = `Usage: npm run summary -- <network id> [--input HxWxC] [--batch N] [--json]
       npm run summary -- --spec path.json [--input HxWxC] [--batch N] [--json]
       npm run summary -- --list [--json]

Prints a torchinfo-style table of a zoo network: each layer's output shape, parameters, MACs,
activation memory and receptive field (input pixels one output value sees, and the jump between
neighbouring outputs), then the totals (float32; MACs count a multiply-add once, convolutions and
dense only).

Options:
  --spec FILE    analyse a network file instead of a zoo network: a ConvAtlas spec (.json, as the
                 builder exports it) or a Keras/TF.js layers-format model.json (topology only)
  --input HxWxC  analyse the network at another input size, e.g. --input 64x64x3
  --batch N      batch size shown in the output shapes and used for the training-memory estimate
                 (weights + gradients + Adam state + stored activations x N); default 1
  --json         print one JSON object instead of the table
  --list         list the network ids with name and year
  -h, --help     show this help

Exit status: 0 ok, 1 the network has errors at this input size (output still printed),
2 bad usage (unknown network or option, bad value, unreadable or invalid --spec file), 3 internal failure.
Use 'npm run -s summary -- ...' (or 'npx tsx src/cli/summary.ts ...') to keep npm's banner off stdout.
`;

/** What the command may read; the entry passes the file system, tests pass files of their own. */
export interface CommandIo {
  /** The text of a file; throws (with a message) when it cannot be read. */
  readFile(path: string): string;
}

const NO_FILES: CommandIo = {
  readFile() {
    throw new Error('no file access');
  },
};

/** Parses argv and builds the command's output; never throws (every failure becomes an exit code and one stderr line). */
export function run(argv: readonly string[], io: CommandIo = NO_FILES): CommandResult {
  try {
    return runOrThrow([...argv], io);
  } catch (e) {
    if (e instanceof UsageError) return { code: EXIT.usage, stdout: '', stderr: `summary: ${e.message}\n` };
    return { code: EXIT.internal, stdout: '', stderr: `summary: internal error: ${errorLine(e)}\n` };
  }
}

interface Options {
  id: string | undefined;
  spec?: string;
  input: number[] | undefined;
  batch: number | undefined;
  json: boolean;
  list: boolean;
  help: boolean;
}

const VALUE_OPTIONS = new Set(['--input', '--batch', '--spec']);

function parse(argv: string[]): Options {
  // `--batch -1` would be "ambiguous" to parseArgs; join it so the value check below reports it plainly.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (VALUE_OPTIONS.has(a) && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        input: { type: 'string' },
        batch: { type: 'string' },
        spec: { type: 'string' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    // Asking for help wins over any other mistake on the line.
    const dashes = args.indexOf('--');
    if ((dashes < 0 ? args : args.slice(0, dashes)).some((a) => a === '--help' || a === '-h')) {
      return { id: undefined, input: undefined, batch: undefined, json: false, list: false, help: true };
    }
    throw new UsageError(parseArgsMessage(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { id: undefined, input: undefined, batch: undefined, json: false, list: false, help: true };
  const list = values.list === true;
  if (list && (positionals.length > 0 || values.input !== undefined || values.batch !== undefined || values.spec !== undefined)) {
    throw new UsageError('--list takes no network id, --spec, --input or --batch');
  }
  if (values.spec !== undefined && positionals.length > 0) throw new UsageError(`give a network id or --spec, not both (got ${quote(positionals[0]!)} and --spec)`);
  if (values.spec !== undefined && values.spec.trim() === '') throw new UsageError('--spec needs a file path, e.g. --spec my-network.json');
  if (!list && positionals.length === 0 && values.spec === undefined) throw new UsageError('missing network id; run with --list to see the ids, or --help');
  if (positionals.length > 1) {
    throw new UsageError(`expected one network id, got ${positionals.length} (${positionals.map(quote).join(', ')})`);
  }
  let input: number[] | undefined;
  if (values.input !== undefined) {
    const shape = parseShape(values.input);
    if (!shape || shape.length !== 3) {
      throw new UsageError(`bad --input ${quote(values.input)}; expected HxWxC of positive whole numbers, e.g. 224x224x3`);
    }
    input = shape;
  }
  let batch: number | undefined;
  if (values.batch !== undefined) {
    const b = /^\d+$/.test(values.batch.trim()) ? Number(values.batch.trim()) : NaN;
    if (!Number.isSafeInteger(b) || b < 1) {
      throw new UsageError(`bad --batch ${quote(values.batch)}; expected a positive whole number, e.g. 32`);
    }
    batch = b;
  }
  return { id: positionals[0], ...(values.spec !== undefined ? { spec: values.spec } : {}), input, batch, json: values.json === true, list, help: false };
}

function parseArgsMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = String(err?.message ?? e);
  const opt = /'(-[^' <]*)/.exec(msg)?.[1];
  switch (err?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quote(opt ?? '?')}; run with --help to see the options`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(msg)) return `option ${opt ?? ''} takes no value`;
      return `option ${opt ?? ''} needs a value, e.g. ${opt === '--batch' ? '--batch 32' : opt === '--spec' ? '--spec network.json' : '--input 224x224x3'}`;
    default:
      return oneLine(msg);
  }
}

function runOrThrow(argv: string[], io: CommandIo): CommandResult {
  const o = parse(argv);
  if (o.help) return { code: EXIT.ok, stdout: USAGE, stderr: '' };
  if (o.list) return { code: EXIT.ok, stdout: o.json ? `${toJson({ networks: ZOO.map(listItem) })}\n` : listText(), stderr: '' };

  let entry: Named;
  let base: NetworkSpec;
  if (o.spec !== undefined) {
    ({ entry, spec: base } = loadNetworkFile(o.spec, (p) => io.readFile(p)));
  } else {
    const found = zooOrThrow(o.id!, 'run with --list to see the ids');
    entry = found;
    base = found.build();
  }
  const spec = o.input ? withInputShape(base, o.input) : base;
  const a = analyze(spec);
  const inputShape = spec.inputs[0]?.shape ?? [];
  const memory = trainingMemory(a, o.batch ?? 1, OPTIMIZER);
  const stdout = o.json ? `${toJson(summaryJson(entry, inputShape, a, o.batch === undefined ? undefined : memory))}\n` : `${summaryReport(entry, inputShape, a, o.batch ?? 1, memory)}\n`;
  if (a.errorCount > 0) {
    const n = a.errorCount;
    return { code: EXIT.analysisErrors, stdout, stderr: `summary: ${quoteName(entry.id)} has ${n} error${n === 1 ? '' : 's'} at input ${inputShape.join('x')} (listed in the output)\n` };
  }
  return { code: EXIT.ok, stdout, stderr: '' };
}

/** A zoo id as is; a file name quoted with control characters escaped. */
function quoteName(id: string): string {
  return zooEntry(id) ? id : quote(id);
}

function listItem(z: ZooEntry) {
  return { id: z.id, name: z.name, year: z.year, family: z.family };
}

function listText(): string {
  const w = Math.max(...ZOO.map((z) => z.id.length));
  const wn = Math.max(...ZOO.map((z) => z.name.length));
  return ZOO.map((z) => `${z.id.padEnd(w)}  ${z.name.padEnd(wn)}  ${z.year}\n`).join('');
}

/**
 * A layer's receptive field in `--json`: receptiveField [rows, cols] with jump and start [rows, cols] (the first
 * field's centre), receptiveFieldVaries where branches step differently; after flatten or global pooling
 * receptiveField is {wholeInput, rows: [from, to], cols: [from, to]} (the input pixels it reads) and jump is null.
 */
function fieldJson(l: LayerAnalysis) {
  const f = l.receptiveField;
  if (!f) return { receptiveField: null, jump: null, start: null };
  if (f.kind === 'global') return { receptiveField: { wholeInput: f.whole, rows: [f.rows.from, f.rows.to], cols: [f.cols.from, f.cols.to] }, jump: null, start: null };
  return { receptiveField: [f.rows.size, f.cols.size], jump: [f.rows.jump, f.cols.jump], start: [f.rows.start, f.cols.start], ...(f.aligned ? {} : { receptiveFieldVaries: true }) };
}

/** The JSON form of `summary --json`: input, totals and per-layer shapes/params/MACs/receptive fields (shapes without the batch axis). */
export function summaryJson(entry: Named, input: readonly number[], a: NetworkAnalysis, memory?: TrainingMemory) {
  const t = a.totals;
  return {
    model: entry.id,
    name: entry.name,
    input: [...input],
    totals: {
      params: t.params,
      trainableParams: t.trainableParams,
      nonTrainableParams: t.nonTrainableParams,
      macs: t.macs,
      activationBytes: t.activationBytes,
      weightBytes: t.weightBytes,
    },
    layers: a.layers.map((l) => ({ name: l.id, kind: l.kind, outputShape: l.outputShape ? [...l.outputShape] : null, params: l.params, macs: l.macs, ...fieldJson(l) })),
    errors: a.issues.filter((i) => i.severity === 'error').map((i) => i.message),
    ...(memory ? { trainingMemory: { ...memory, bytesPerValue: a.bytesPerValue } } : {}),
  };
}

/**
 * JSON indented by two spaces, with any value whose compact form fits in 200 characters kept on one line: one layer
 * per line, its receptive field included (the longest zoo layer takes about 180).
 */
export function toJson(value: unknown, indent = ''): string {
  const compact = JSON.stringify(value) ?? 'null';
  if (compact.length + indent.length <= 200 || typeof value !== 'object' || value === null) return compact;
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => `${inner}${toJson(v, inner)}`)
    : Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`);
  if (items.length === 0) return compact;
  return Array.isArray(value) ? `[\n${items.join(',\n')}\n${indent}]` : `{\n${items.join(',\n')}\n${indent}}`;
}

function dtype(bytesPerValue: number): string {
  return ({ 4: 'float32', 2: 'float16', 1: 'int8' } as Record<number, string>)[bytesPerValue] ?? `${bytesPerValue * 8}-bit`;
}

/** One line stating the training-memory estimate and exactly what it counts. */
export function trainingMemoryLine(a: NetworkAnalysis, m: TrainingMemory): string {
  const perImage = m.batchSize > 0 ? m.activations / m.batchSize : 0;
  return (
    `Training memory (batch ${m.batchSize}, Adam, ${dtype(a.bytesPerValue)}): ${formatBytes(m.total)} = ` +
    `weights ${formatBytes(m.weights)} + gradients ${formatBytes(m.gradients)} + Adam state ${formatBytes(m.optimizerState)} + ` +
    `stored activations ${formatBytes(perImage)} x ${m.batchSize}` +
    (m.batchSize > 1 ? ` (${formatBytes(m.activations)})` : '')
  );
}

/** The text form: the shared summary table (batch in the output shapes) with a training-memory line among the totals. */
export function summaryReport(entry: Named, input: readonly number[], a: NetworkAnalysis, batch: number, memory: TrainingMemory): string {
  const lines = summaryText(a, batch).split('\n');
  const after = lines.findIndex((l) => l.startsWith('Activation memory per image:'));
  lines.splice(after >= 0 ? after + 1 : Math.max(0, lines.length - 1), 0, trainingMemoryLine(a, memory));
  return [`${oneLine(entry.name)} (${oneLine(entry.id)}), input ${input.join('x')}`, ...lines].join('\n');
}
