/**
 * `npm run transfer -- --from <model> --to <task> --per-class N --regime frozen|partial|full|scratch [--cut <layer>]
 * [--head softmax|knn] [--seed S] [--steps N] [--lr X] [--json]`: one transfer run in Node on wasm; prints test
 * accuracy, time, trainable and frozen parameters (one JSON object with --json).
 */
import { isTaskId, sameImages, TASKS } from '../data/tasks';
import { SHIPPED_MODELS, shippedModel } from '../predict/catalog';
import { shippedSpec } from '../predict/models';
import { cutPoints, defaultCut, isRegime, REGIMES, TRANSFER_RECIPE, type TransferConfig } from '../training/transfer';
import type { CommandResult } from './entry';
import { runTransfer } from './transferRun';

export const TRANSFER_USAGE = `Usage: npm run transfer -- --from <model> --to <task> --per-class N|all --regime ${REGIMES.join('|')} [options]
  --from       a shipped model (${SHIPPED_MODELS.map((m) => m.id).join(', ')})
  --to         the task to transfer to (${Object.keys(TASKS).join(', ')})
  --per-class  labelled training images per class, or 'all'
  --regime     frozen: train a new softmax on the frozen output of --cut; partial: freeze up to --cut, train the rest;
               full: train everything from the pretrained weights; scratch: the same network from random weights
Options:
  --cut LAYER  the last frozen layer (frozen, partial; default: the layer before the old classifier)
  --head softmax|knn   frozen only: a softmax layer (default) or k-nearest-neighbours (k = 5) on the features
  --seed S     the sample's and the weights' seed (default ${TRANSFER_RECIPE.seed})
  --steps N    optimizer steps (default ${TRANSFER_RECIPE.steps}); --lr X Adam's learning rate (default ${TRANSFER_RECIPE.learningRate})
  --json       one JSON object: {"from","to","perClass","regime","cut","testAccuracy","trainableParams","frozenParams","seconds",...}`;

const fail = (message: string, code = 2): CommandResult => ({ stdout: '', stderr: `transfer: ${message}\n`, code });

/** Parses the arguments, runs the transfer, formats the answer; never throws for bad input. */
export async function runTransferCommand(argv: readonly string[]): Promise<CommandResult> {
  const opts = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') return { stdout: TRANSFER_USAGE + '\n', stderr: '', code: 0 };
    else if (a.startsWith('--')) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) return fail(`${a} needs a value`);
      opts.set(a.slice(2), v);
    } else return fail(`unexpected argument '${a}'\n${TRANSFER_USAGE}`);
  }
  const known = ['from', 'to', 'per-class', 'regime', 'cut', 'head', 'seed', 'steps', 'lr'];
  const unknown = [...opts.keys()].find((k) => !known.includes(k));
  if (unknown) return fail(`unknown option --${unknown}\n${TRANSFER_USAGE}`);
  const from = opts.get('from');
  const to = opts.get('to');
  const regime = opts.get('regime');
  const per = opts.get('per-class');
  if (!from || !to || !regime || !per) return fail(`--from, --to, --per-class and --regime are needed\n${TRANSFER_USAGE}`);
  const m = shippedModel(from);
  if (!m) return fail(`'${from}' is not a shipped model; these are: ${SHIPPED_MODELS.map((s) => s.id).join(', ')}`);
  if (!isTaskId(to)) return fail(`'${to}' is not a task; these are: ${Object.keys(TASKS).join(', ')}`);
  if (!sameImages(m.dataset, TASKS[to].dataset)) return fail(`${m.name} takes ${m.dataset} images; ${TASKS[to].name}'s are of another shape`);
  if (!isRegime(regime)) return fail(`--regime takes ${REGIMES.join(', ')}, not '${regime}'`);
  const int = (name: string, v: string | undefined, min: number): number | undefined | string => {
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isSafeInteger(n) && n >= min ? n : `--${name} takes a whole number from ${min}, not '${v}'`;
  };
  const perClass = per === 'all' ? undefined : int('per-class', per, 1);
  const seed = int('seed', opts.get('seed'), 0);
  const steps = int('steps', opts.get('steps'), 1);
  for (const v of [perClass, seed, steps]) if (typeof v === 'string') return fail(v);
  const lr = opts.has('lr') ? Number(opts.get('lr')) : TRANSFER_RECIPE.learningRate;
  if (!(lr > 0 && lr < 10)) return fail(`--lr takes a learning rate above 0, not '${opts.get('lr')}'`);
  const head = opts.get('head') ?? 'softmax';
  if (head !== 'softmax' && head !== 'knn') return fail(`--head takes softmax or knn, not '${head}'`);
  if (head === 'knn' && regime !== 'frozen') return fail('--head knn goes with --regime frozen: the neighbours are found in the frozen features');
  const cut = opts.get('cut');
  if (cut !== undefined && (regime === 'full' || regime === 'scratch')) return fail(`--cut goes with --regime frozen or partial; ${regime} trains every layer`);
  const spec = shippedSpec(m);
  const cuts = cutPoints(spec);
  if (cut !== undefined && !cuts.includes(cut)) return fail(`${m.name} cannot be cut after '${cut}'; it can after: ${cuts.join(', ')}`);
  const t: TransferConfig = {
    from,
    task: to,
    regime,
    head,
    ...(perClass !== undefined ? { perClass: perClass as number } : {}),
    ...(regime === 'frozen' || regime === 'partial' ? { cut: cut ?? defaultCut(spec)! } : {}),
  };
  const r = await runTransfer(t, { ...TRANSFER_RECIPE, learningRate: lr, ...(seed !== undefined ? { seed: seed as number } : {}), ...(steps !== undefined ? { steps: steps as number } : {}) });
  if (json) return { stdout: JSON.stringify(r) + '\n', stderr: '', code: 0 };
  const lines = [
    `${m.name} -> ${TASKS[to].name}, ${r.perClass === 'all' ? 'all' : r.perClass} per class (${r.trainImages} training images), ${regime}${r.cut ? ` at ${r.cut}` : ''}${head === 'knn' ? ', kNN head' : ''}, seed ${r.seed}`,
    `test accuracy ${(r.testAccuracy * 100).toFixed(2)}% on ${r.testImages} images`,
    `trainable ${r.trainableParams.toLocaleString('en-US')} parameters, frozen ${r.frozenParams.toLocaleString('en-US')}`,
    `${r.seconds.toFixed(1)} s${r.features ? `; frozen features ${r.features.source}${r.features.computeMs > 0 ? ` in ${(r.features.computeMs / 1000).toFixed(2)} s` : ''}` : ''}`,
  ];
  return { stdout: lines.join('\n') + '\n', stderr: '', code: 0 };
}
