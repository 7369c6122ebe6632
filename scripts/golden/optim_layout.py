#!/usr/bin/python3
"""Golden layout of every optimizer's param groups (test/optim_layout.test.ts).

    /usr/bin/python3 scripts/golden/optim_layout.py     # npm run golden -- optim_layout

Each optimizer is built with its defaults and with whole-number arguments, which are Python ints
when a JS caller passes them (porting rule 10). A case records the printed optimizer, the key order
of state_dict()'s param group, and which of its values are Python floats (Adadelta's lr=1.0 and
ASGD's t0=1e6 are floats by default; the caller's 1 and 5 stay ints), or the error PyTorch raises
for the arguments (PyTorch 2.x's Adam and AdamW refuse int betas).
"""
import torch

import encode

CASES = [
    ("SGD", {"lr": 1}), ("SGD", {"lr": 1, "momentum": 1, "dampening": 1, "weight_decay": 1}),
    ("Adam", {}), ("Adam", {"lr": 1, "betas": (0, 0), "eps": 1, "weight_decay": 1}),
    ("AdamW", {}), ("AdamW", {"lr": 1, "betas": (0, 0), "eps": 1, "weight_decay": 1}),
    ("Adadelta", {}), ("Adadelta", {"lr": 1, "rho": 1, "eps": 1, "weight_decay": 1}),
    ("Adagrad", {}), ("Adagrad", {"lr": 1, "lr_decay": 1, "weight_decay": 1, "initial_accumulator_value": 1, "eps": 1}),
    ("Adamax", {}), ("Adamax", {"lr": 1, "betas": (0, 0), "eps": 1, "weight_decay": 1}),
    ("ASGD", {}), ("ASGD", {"lr": 0.05, "t0": 5}), ("ASGD", {"lr": 1, "lambd": 1, "alpha": 1, "t0": 1000000, "weight_decay": 1}),
    ("NAdam", {}), ("NAdam", {"lr": 1, "betas": (0, 0), "eps": 1, "weight_decay": 1, "momentum_decay": 1}),
    ("RAdam", {}), ("RAdam", {"lr": 1, "betas": (0, 0), "eps": 1, "weight_decay": 1}),
    ("RMSprop", {}), ("RMSprop", {"lr": 1, "alpha": 1, "eps": 1, "weight_decay": 1, "momentum": 1}),
    ("Rprop", {}), ("Rprop", {"lr": 1, "etas": (0.5, 2), "step_sizes": (1, 50)}),
    ("LBFGS", {}), ("LBFGS", {"lr": 2, "max_iter": 3, "tolerance_grad": 1, "tolerance_change": 1, "history_size": 7}),
    ("SparseAdam", {}), ("SparseAdam", {"lr": 1, "betas": (0, 0), "eps": 1}),
]


def kind(v):
    return [kind(x) for x in v] if isinstance(v, (list, tuple)) else type(v).__name__


cases = []
for cls, kwargs in CASES:
    case = {"cls": cls, "kwargs": encode.plain(kwargs)}
    try:
        opt = getattr(torch.optim, cls)([torch.nn.Parameter(torch.ones(2))], **kwargs)
    except ValueError as e:  # PyTorch 2.x's Adam: "betas must be either both floats or both Tensors"
        cases.append({**case, "error": encode.error(e)})
        continue
    group = opt.state_dict()["param_groups"][0]
    cases.append({**case, "repr": repr(opt), "keys": list(group), "types": {k: kind(v) for k, v in group.items() if k != "params"}})

encode.write("optim_layout", {"cases": cases})
