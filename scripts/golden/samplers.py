#!/usr/bin/python3
"""Golden indices of torch.utils.data.WeightedRandomSampler (test/samplers.test.ts).

    /usr/bin/python3 scripts/golden/samplers.py     # npm run golden -- samplers

Each case draws two epochs, seeded by torch.manual_seed (the global generator) or by a
torch.Generator; `errors` records the constructor's and the first draw's errors.
"""
import torch
from torch.utils.data import WeightedRandomSampler

import encode

torch.manual_seed(0)
WEIGHTS = {
    "six": [0.1, 0.9, 0.4, 0.7, 3.0, 0.6],
    "uneven": [0.9, 0.4, 0.05, 0.2, 0.3, 0.1],
    "with zeros": [0.0, 1.0, 0.0, 2.0, 0.5],
    "hundred": torch.rand(100).double().tolist(),
    "class balance": [1 / 30] * 30 + [1 / 5] * 5,
}
# (weights, num_samples, replacement)
CONFIGS = [
    ("six", 5, True), ("six", 5, False), ("uneven", 5, False), ("uneven", 1, True), ("with zeros", 12, True),
    ("with zeros", 3, False), ("hundred", 50, False), ("hundred", 1000, True), ("hundred", 1, False), ("class balance", 70, True),
]

cases = []
for name, n, replacement in CONFIGS:
    w = WEIGHTS[name]
    for seed in (0, 7):
        torch.manual_seed(seed)
        s = WeightedRandomSampler(w, n, replacement)
        global_epochs = [list(s), list(s)]
        g = torch.Generator().manual_seed(seed)
        s = WeightedRandomSampler(w, n, replacement, generator=g)
        generator_epochs = [list(s), list(s)]
        cases.append({"weights": name, "num_samples": n, "replacement": replacement, "seed": seed,
                      "global": global_epochs, "generator": generator_epochs})

# (weights, num_samples, kwargs, draw)
ERROR_CALLS = [
    ([1.0, 2.0], 0, {}, False), ([1.0, 2.0], -3, {}, False), ([1.0, 2.0], 2.5, {}, False), ([1.0, 2.0], 2, {"replacement": 1}, False),
    ([[1.0, 2.0], [3.0, 4.0]], 2, {}, False),
    ([1.0, -2.0], 2, {}, True), ([0.0, 0.0], 2, {}, True), ([1.0, 2.0], 3, {"replacement": False}, True),
    ([1.0, float("inf")], 1, {}, True), ([1.0, -2.0], 2, {"replacement": False}, True),
]
errors = []
for w, n, kw, draw in ERROR_CALLS:
    for seeded in (False, True):
        def call():
            g = torch.Generator().manual_seed(1) if seeded else None
            s = WeightedRandomSampler(w, n, generator=g, **kw)
            if draw:
                list(s)
        errors.append({"weights": encode.plain(w), "num_samples": encode.plain(n), "kwargs": encode.plain(kw), "generator": seeded,
                       "error": encode.error_of(call)})

encode.write("samplers", {"weights": {k: encode.plain(v) for k, v in WEIGHTS.items()}, "cases": cases, "errors": errors})
