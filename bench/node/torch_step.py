"""PyTorch reference for `npm run bench:train -- --node`: trains the module ConvAtlas's PyTorch exporter wrote for
the same spec (so the layers and the parameter count are identical by construction) with the app's training step:
Adam(lr 1e-3, eps 1e-7 as TF.js), the Trainer's loss on a softmax output (-mean(sum(y * log(p + 1e-7)))) or
cross-entropy on logits, the accuracy count, and the loss read back every step, on random data.

Usage: python3 torch_step.py MODULE.py --shape C,H,W --batch N --threads T --warmup W --iters I [--softmax]
Prints one JSON line: params, per-step milliseconds, images per second (median step).
"""
import argparse
import importlib.util
import json
import statistics
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("module")
    ap.add_argument("--shape", required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--softmax", action="store_true", help="the network ends in a softmax (the module returns its logits)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    spec = importlib.util.spec_from_file_location("generated", a.module)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.build_model().train()
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    shape = [int(s) for s in a.shape.split(",")]
    xs = [torch.rand(a.batch, *shape) for _ in range(4)]
    labels = [torch.randint(0, a.classes, (a.batch,)) for _ in range(4)]

    def step(s):
        x, lab = xs[s % 4], labels[s % 4]
        opt.zero_grad()
        out = model(x)
        correct = (out.argmax(-1) == lab).float().sum()
        if a.softmax:
            # The module returns logits; TF.js's loss reads the softmax layer's probabilities.
            loss = -(F.one_hot(lab, a.classes).float() * torch.log(F.softmax(out, -1) + 1e-7)).sum(-1).mean()
        else:
            loss = F.cross_entropy(out, lab)
        loss.backward()
        opt.step()
        return loss.item(), correct.item()

    for s in range(a.warmup):
        step(s)
    ms = []
    for s in range(a.iters):
        t0 = time.perf_counter()
        step(s)
        ms.append((time.perf_counter() - t0) * 1000)
    med = statistics.median(ms)
    print(json.dumps({
        "runtime": f"PyTorch {torch.__version__} CPU, {a.threads} thread(s)",
        "params": {"trainable": trainable, "nonTrainable": buffers},
        "stepMs": [round(x, 2) for x in ms],
        "imgPerSec": round(a.batch * 1000 / med, 1),
    }))


if __name__ == "__main__":
    main()
