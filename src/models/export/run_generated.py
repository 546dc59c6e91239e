"""Runs generated PyTorch files: for each, builds the model (the file's build_model()), counts parameters and batch norm buffers,
and, when stdin's line for it lists input shapes (not null), runs predict() on a batch of 2 (eval mode,
no gradients). Prints one JSON object per file.
Used by export.test.ts; needs PyTorch (Debian: python3-torch)."""
import importlib.util
import json
import sys

import torch

torch.set_num_threads(2)
# Counting needs no random weights: skip the initialisers (most of the build time of VGG's 138 M parameters).
for _name in ("kaiming_uniform_", "uniform_", "normal_", "xavier_uniform_"):
    setattr(torch.nn.init, _name, lambda tensor, *args, **kwargs: tensor)

for path in sys.argv[1:]:
    spec = importlib.util.spec_from_file_location("generated", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.build_model().eval()
    params = sum(p.numel() for p in model.parameters())
    buffers = sum(b.numel() for n, b in model.named_buffers() if not n.endswith("num_batches_tracked"))
    shapes = json.loads(sys.stdin.readline())
    outs = ()
    if shapes is not None:
        with torch.no_grad():
            y = model.predict(*[torch.zeros(2, *s) for s in shapes])
        outs = y if isinstance(y, tuple) else (y,)
    print(json.dumps({"path": path, "params": params, "buffers": buffers, "outputs": [list(t.shape) for t in outs]}), flush=True)
