"""Checks generated PyTorch modules against torchvision's own models.
Arguments: pairs MODULE.py NAME, NAME a torchvision.models builder (resnet50, googlenet, ...). For each pair, builds
both (torchvision's with random weights: no download), compares their state_dicts' keys and shapes, then loads
torchvision's state_dict into the generated module with load_state_dict(strict=True), as a user would load
torchvision's released weights, and runs both in eval mode on one random 224x224 image.
Prints one JSON object per pair: {"path", "name", "missing", "unexpected", "misshapen", "loaded", "max_diff", "scale"} (the largest |logit| of torchvision's model).
Used by export.test.ts; needs PyTorch and torchvision (Debian: python3-torch, python3-torchvision)."""
import importlib.util
import json
import sys

import torch
import torchvision

torch.set_num_threads(2)
torch.manual_seed(0)
# GoogLeNet's released weights come without its auxiliary classifiers and with input scaling off for our comparison.
KWARGS = {"googlenet": {"aux_logits": False, "init_weights": True, "transform_input": False}}

args = sys.argv[1:]
for path, name in zip(args[0::2], args[1::2]):
    spec = importlib.util.spec_from_file_location("generated", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    ours = mod.build_model().eval()
    theirs = getattr(torchvision.models, name)(weights=None, **KWARGS.get(name, {})).eval()
    a, b = ours.state_dict(), theirs.state_dict()
    misshapen = sorted(k for k in a.keys() & b.keys() if tuple(a[k].shape) != tuple(b[k].shape))
    out = {"path": path, "name": name, "missing": sorted(b.keys() - a.keys()), "unexpected": sorted(a.keys() - b.keys()), "misshapen": misshapen, "loaded": False, "max_diff": None, "scale": None}
    if not out["missing"] and not out["unexpected"] and not misshapen:
        ours.load_state_dict(b, strict=True)
        out["loaded"] = True
        x = torch.rand(1, 3, 224, 224)
        with torch.no_grad():
            y = theirs(x)
            out["max_diff"] = float((ours(x) - y).abs().max())
            out["scale"] = float(y.abs().max())
    print(json.dumps(out), flush=True)
