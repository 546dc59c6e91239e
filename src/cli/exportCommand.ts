/**
 * `npm run export -- <zoo id | spec or model.json file> --format pytorch|keras|tfjs --out DIR [--input HxWxC]`:
 * writes the files the app exports for a network. pytorch: `model.py` (the nn.Module; `build_model()` returns it),
 * plus `weights.npz` when a model.json with weights is given; keras: the functional-API script; tfjs: model.json and
 * one weights file (the given model.json's weights, else freshly initialised ones, as the app's TF.js export).
 * Argv in, {code, stdout, stderr} out; files only through the io passed in; never throws for bad input.
 */
import { parseArgs } from 'node:util';
import { analyze, formatBytes, parseShape, withInputShape, zooEntry, type NetworkSpec } from '../models';
import { toKeras } from '../models/export/keras';
import { fileBase, toPyTorch } from '../models/export/pytorch';
import { npz, toStateDict } from '../models/export/pytorchWeights';
import { atlasMeta } from '../models/modelMeta';
import { manifestWeights, type NamedWeight } from '../models/weights';
import type { CommandResult } from './entry';
import { errorLine, fsReason, loadNetworkFile, oneLine, quote, UsageError, zooOrThrow, type Named, type NetworkFile } from './networkArg';

/** The formats `--format` takes. */
export const EXPORT_FORMATS = ['pytorch', 'keras', 'tfjs'] as const;
type Format = (typeof EXPORT_FORMATS)[number];

/** Exit codes: 0 written; 1 the network has errors (nothing written); 2 bad usage, unreadable input or unwritable DIR; 3 internal. */
export const EXPORT_EXIT = { ok: 0, networkErrors: 1, usage: 2, internal: 3 } as const;

export const EXPORT_USAGE = `Usage: npm run -s export -- <network id | spec.json | model.json> --format pytorch|keras|tfjs --out DIR [--input HxWxC]

Writes the files the app exports for a zoo network or a network file (a ConvAtlas spec as the builder exports it,
or a Keras/TF.js layers-format model.json) into DIR (created if missing):
  pytorch  model.py: the network as an nn.Module (build_model() returns it; logits out, predict() applies the
           softmax), and weights.npz (its state_dict) when a model.json with weights is given
  keras    <name>_keras.py: the network in Keras's functional API
  tfjs     <name>.model.json and <name>.weights.bin: a TF.js layers model (the model.json's own weights when one is
           given, otherwise freshly initialised)
Options:
  --input HxWxC  export the network at another input size, e.g. --input 64x64x3
  -h, --help     show this help
Exit status: 0 written; 1 the network has errors at this input size (nothing written); 2 bad usage, an unreadable
or invalid file, or a DIR that cannot be written; 3 internal failure. Each failure is one stderr line.
`;

/** What the command reads and writes; the entry passes the file system, tests a folder of their own. */
export interface ExportIo {
  /** A file's text; throws (with a code such as ENOENT) when it cannot be read. */
  readText(path: string): string;
  /** A file's bytes; throws like readText. */
  readBytes(path: string): Uint8Array;
  /** Creates `dir` (and its parents) when missing and writes `name` in it; throws when it cannot. */
  write(dir: string, name: string, data: string | Uint8Array): void;
  /** Loads TF.js (its backend started) for the tfjs format: builds and serialises the model, with `weights` copied in when given. */
  tfjs(spec: NetworkSpec, base: string, weights: NamedWeight[] | null, meta: ReturnType<typeof atlasMeta>): Promise<{ modelJson: string; weights: ArrayBuffer; weightsFileName: string; params: number }>;
}

interface Options {
  network: string;
  format: Format;
  out: string;
  input?: number[];
}

/** Parses argv, builds the files and writes them; every failure is an exit code and one stderr line. */
export async function runExport(argv: readonly string[], io: ExportIo): Promise<CommandResult> {
  try {
    return await exportOrThrow([...argv], io);
  } catch (e) {
    if (e instanceof UsageError) return { code: EXPORT_EXIT.usage, stdout: '', stderr: `export: ${e.message}\n` };
    return { code: EXPORT_EXIT.internal, stdout: '', stderr: `export: internal error: ${errorLine(e)}\n` };
  }
}

function parse(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { format: { type: 'string' }, out: { type: 'string' }, input: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    if (argv.includes('--help') || argv.includes('-h')) return 'help';
    const msg = String((e as Error).message);
    const opt = /'(-[^' <]*)/.exec(msg)?.[1] ?? '?';
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${quote(opt)}; run with --help to see the options`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`option ${opt} needs a value, e.g. ${opt === '--format' ? '--format pytorch' : opt === '--out' ? '--out exported' : '--input 224x224x3'}`);
    throw new UsageError(oneLine(msg));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('missing network: give a zoo id or a spec/model.json file; run with --help');
  if (positionals.length > 1) throw new UsageError(`expected one network, got ${positionals.length} (${positionals.map(quote).join(', ')})`);
  const format = values.format;
  if (format === undefined) throw new UsageError(`missing --format; one of ${EXPORT_FORMATS.join(', ')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${quote(format)}; one of ${EXPORT_FORMATS.join(', ')}`);
  const out = values.out;
  if (out === undefined || out.trim() === '') throw new UsageError('missing --out DIR: the folder to write the files into');
  let input: number[] | undefined;
  if (values.input !== undefined) {
    const shape = parseShape(values.input);
    if (!shape || shape.length !== 3) throw new UsageError(`bad --input ${quote(values.input)}; expected HxWxC of positive whole numbers, e.g. 224x224x3`);
    input = shape;
  }
  return { network: positionals[0]!, format: format as Format, out, ...(input ? { input } : {}) };
}

/** A zoo id, or else a file path (it has a folder separator or ends in .json); anything else is an unknown id. */
function loadNetwork(arg: string, io: ExportIo): NetworkFile {
  if (!zooEntry(arg) && (/[\\/]/.test(arg) || /\.json$/i.test(arg))) return loadNetworkFile(arg, (p) => io.readText(p));
  const z = zooOrThrow(arg, 'run npm run -s summary -- --list to see the ids, or give a file path');
  return { entry: z, spec: z.build(), modelJson: null };
}

/** The weights a model.json names, read from beside it (all its files, in the manifest's order); null when it names none. */
function fileWeights(path: string, file: NetworkFile, io: ExportIo): NamedWeight[] | null {
  const groups = (file.modelJson?.value as { weightsManifest?: { paths?: string[]; weights?: unknown[] }[] } | undefined)?.weightsManifest;
  if (!Array.isArray(groups) || groups.every((g) => (g.weights ?? []).length === 0)) return null;
  const dir = path.includes('/') || path.includes('\\') ? path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) : '';
  const parts = groups.flatMap((g) => g.paths ?? []).map((p) => {
    try {
      return io.readBytes(dir + p);
    } catch (e) {
      throw new UsageError(`cannot read the weights ${quote(dir + p)} that ${quote(file.entry.id)} names: ${fsReason(e)}`);
    }
  });
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  try {
    return manifestWeights(file.modelJson!.text, all.buffer);
  } catch (e) {
    throw new UsageError(`${quote(file.entry.id)}: ${errorLine(e)}`);
  }
}

async function exportOrThrow(argv: string[], io: ExportIo): Promise<CommandResult> {
  const o = parse(argv);
  if (o === 'help') return { code: EXPORT_EXIT.ok, stdout: EXPORT_USAGE, stderr: '' };
  const file = loadNetwork(o.network, io);
  const spec = o.input ? withInputShape(file.spec, o.input) : file.spec;
  const analysis = analyze(spec);
  const named: Named = file.entry;
  if (analysis.errorCount > 0) {
    const first = analysis.issues.find((i) => i.severity === 'error')!;
    const n = analysis.errorCount;
    return { code: EXPORT_EXIT.networkErrors, stdout: '', stderr: `export: ${quote(named.id)} has ${n} error${n === 1 ? '' : 's'} at input ${spec.inputs[0]?.shape.join('x')}, nothing written; the first: ${oneLine(first.message)}\n` };
  }
  // Weights only when the input file carries them, and only when the input size is the file's own.
  const weights = file.modelJson && !o.input ? fileWeights(o.network, file, io) : null;
  const base = fileBase(spec.name);
  const files: { name: string; data: string | Uint8Array }[] = [];
  let what: string;
  if (o.format === 'pytorch') {
    const code = toPyTorch(spec, analysis);
    if (!code.ok) throw new UsageError(`${quote(named.id)}: ${oneLine(code.error)}`);
    files.push({ name: 'model.py', data: code.code });
    if (weights) {
      const identity = new Map(spec.nodes.map((n) => [n.id, n.id] as const));
      spec.inputs.forEach((i) => identity.set(i.id, i.id));
      let state;
      try {
        state = toStateDict(spec, identity, weights);
      } catch (e) {
        throw new UsageError(`${quote(named.id)}: its weights do not fit the module: ${errorLine(e)}`);
      }
      files.push({ name: 'weights.npz', data: npz(state) });
    }
    what = `PyTorch${weights ? ', with its weights' : ''}`;
  } else if (o.format === 'keras') {
    const code = toKeras(spec, analysis);
    if (!code.ok) throw new UsageError(`${quote(named.id)}: ${oneLine(code.error)}`);
    files.push({ name: code.fileName, data: code.code });
    what = 'Keras';
  } else {
    let r;
    try {
      r = await io.tfjs(spec, base, weights, file.modelJson ? atlasMeta(file.modelJson.text) : null);
    } catch (e) {
      throw new UsageError(`${quote(named.id)}: the TF.js model could not be built: ${errorLine(e)}`);
    }
    files.push({ name: `${base}.model.json`, data: r.modelJson }, { name: r.weightsFileName, data: new Uint8Array(r.weights) });
    what = `TF.js, ${weights ? 'its own weights' : 'freshly initialised weights'}`;
  }
  for (const f of files) {
    try {
      io.write(o.out, f.name, f.data);
    } catch (e) {
      throw new UsageError(`cannot write ${quote(f.name)} into ${quote(o.out)}: ${fsReason(e)}`);
    }
  }
  const size = (d: string | Uint8Array) => (typeof d === 'string' ? new TextEncoder().encode(d).byteLength : d.byteLength);
  const sep = o.out.endsWith('/') ? '' : '/';
  const lines = [
    `${oneLine(named.name)} (${oneLine(named.id)}), input ${spec.inputs[0]?.shape.join('x')}, ${analysis.totals.params.toLocaleString('en-US')} parameters, as ${what}:`,
    ...files.map((f) => `  ${o.out}${sep}${f.name}  ${formatBytes(size(f.data))}`),
  ];
  return { code: EXPORT_EXIT.ok, stdout: `${lines.join('\n')}\n`, stderr: '' };
}
