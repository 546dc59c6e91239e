"""Loads ConvAtlas weight exports into generated PyTorch modules and runs them.
Arguments: triples MODULE.py WEIGHTS.npz INPUTS.npz. For each, builds the module, calls the file's build_model() and its own
load_convatlas_weights(model, WEIGHTS) (a strict load_state_dict), and runs predict() (forward, and softmax where the network ends in one) in eval mode on the NCHW
arrays in INPUTS (in the order of the module's inputs). Prints one JSON object per triple:
{"path": MODULE, "outputs": [{"shape": [...], "values": [...]}]}, each output as NHWC (if an image) flattened.
Used by pytorchWeights.test.ts; needs PyTorch and NumPy (Debian: python3-torch)."""
import importlib.util
import json
import sys

import numpy as np
import torch

torch.set_num_threads(2)

args = sys.argv[1:]
for path, weights, inputs in zip(args[0::3], args[1::3], args[2::3]):
    spec = importlib.util.spec_from_file_location("generated", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.build_model()
    mod.load_convatlas_weights(model, weights)
    model.eval()
    with np.load(inputs) as arrays:
        xs = [torch.from_numpy(arrays[k].copy()) for k in arrays.files]
    with torch.no_grad():
        y = model.predict(*xs)
    outs = []
    for t in y if isinstance(y, tuple) else (y,):
        if t.dim() == 4:
            t = t.permute(0, 2, 3, 1)
        outs.append({"shape": list(t.shape), "values": t.reshape(-1).tolist()})
    print(json.dumps({"path": path, "outputs": outs}), flush=True)
