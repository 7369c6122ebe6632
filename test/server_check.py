#!/usr/bin/python3
"""Loads weights the training service served (a .pt state dict) with Python PyTorch, rebuilds the
model (Flatten, Linear+ReLU per hidden width, Linear(..., 10)) and classifies the first N
Fashion-MNIST test images read from Debian's IDX files. Prints JSON: {"shapes": {key: shape},
"classes": [...]}. Usage: server_check.py WEIGHTS.pt HIDDEN_JSON N"""
import gzip
import json
import sys

import torch

weights, hidden, n = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
state = torch.load(weights)
layers, width = [torch.nn.Flatten()], 28 * 28
for h in hidden:
    layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
    width = h
model = torch.nn.Sequential(*layers, torch.nn.Linear(width, 10))
model.load_state_dict(state)
model.eval()
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    raw = f.read()[16:16 + n * 28 * 28]
X = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(n, 28, 28).float() / 255
with torch.no_grad():
    classes = model(X).argmax(1).tolist()
json.dump({"shapes": {k: list(v.shape) for k, v in state.items()}, "classes": classes}, sys.stdout)
