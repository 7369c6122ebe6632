#!/usr/bin/python3
"""Golden optimizer trajectories for test/optim.test.ts.

    /usr/bin/python3 scripts/golden/optim.py     # Debian's python3-torch (same LibTorch)

The tiny two-layer net of tiny_net.py is trained
for STEPS steps on fixed data with each optimizer configuration; the fixture records every
parameter after every step, the state keys, and the printed optimizer. Writes
test/golden/optim.json (npm run golden -- optim), encoded as scripts/golden/encode.py describes.
"""
import inspect

import torch

import encode
import tiny_net
from tiny_net import INIT, NAMES

STEPS = 20


# (name, optimizer class, groups: "all" | "split" (weights with weight_decay / biases), kwargs, frozen)
CONFIGS = [
    ("sgd", "SGD", "all", {"lr": 0.05}),
    ("sgd_momentum", "SGD", "all", {"lr": 0.05, "momentum": 0.9}),
    ("sgd_nesterov", "SGD", "all", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd_dampening_wd", "SGD", "all", {"lr": 0.05, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.01}),
    ("sgd_maximize", "SGD", "all", {"lr": 0.01, "maximize": True}),
    ("sgd_groups", "SGD", "split", {"lr": 0.05, "momentum": 0.9}),
    ("adagrad", "Adagrad", "all", {"lr": 0.1}),
    ("adagrad_options", "Adagrad", "all", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-8}),
    ("rmsprop", "RMSprop", "all", {"lr": 0.01, "alpha": 0.9}),
    ("rmsprop_centered_momentum", "RMSprop", "all", {"lr": 0.01, "momentum": 0.9, "centered": True, "weight_decay": 0.01}),
    ("adam", "Adam", "all", {"lr": 0.05}),
    ("adam_notebook", "Adam", "all", {"lr": 0.05, "betas": (0.9, 0.999)}),
    ("adam_amsgrad_wd", "Adam", "all", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.01}),
    ("adam_maximize", "Adam", "all", {"lr": 0.01, "maximize": True}),
    ("adamw", "AdamW", "all", {"lr": 0.05}),
    ("adamw_amsgrad", "AdamW", "all", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True}),
    ("adamw_groups", "AdamW", "split", {"lr": 0.05}),
    ("adamax", "Adamax", "all", {"lr": 0.05}),
    ("adamax_wd", "Adamax", "all", {"lr": 0.05, "weight_decay": 0.01, "betas": (0.8, 0.99)}),
    ("nadam", "NAdam", "all", {"lr": 0.05}),
    ("nadam_options", "NAdam", "all", {"lr": 0.05, "weight_decay": 0.01, "momentum_decay": 0.01}),
    ("radam", "RAdam", "all", {"lr": 0.05}),
    ("radam_wd", "RAdam", "all", {"lr": 0.05, "weight_decay": 0.01, "betas": (0.9, 0.99)}),
]
# Options of newer releases: each release's fixture has the cases its PyTorch can run. "split" gives
# the weights weight_decay 1e-3 and the biases the default, so the step reads it per group.
if "decoupled_weight_decay" in inspect.signature(torch.optim.NAdam).parameters:
    CONFIGS += [
        ("nadam_decoupled", "NAdam", "split", {"lr": 0.05, "weight_decay": 0.05, "decoupled_weight_decay": True}),
        ("radam_decoupled", "RAdam", "split", {"lr": 0.05, "weight_decay": 0.05, "decoupled_weight_decay": True}),
        ("nadam_maximize", "NAdam", "all", {"lr": 0.01, "maximize": True}),
        ("adamax_maximize", "Adamax", "all", {"lr": 0.01, "maximize": True}),
    ]


def run(cls_name, groups, kwargs, frozen):
    p = {k: v.clone().requires_grad_(k not in frozen) for k, v in INIT.items()}
    if groups == "all":
        params = [p[k] for k in NAMES]
    else:
        params = [{"params": [p["w1"], p["w2"], p["w3"]], "weight_decay": 1e-3}, {"params": [p["b1"], p["b2"]]}]
    opt = getattr(torch.optim, cls_name)(params, **kwargs)
    traj = tiny_net.train(opt, p, STEPS)
    state_keys = {k: sorted(opt.state[p[k]].keys()) for k in NAMES if p[k] in opt.state}
    return {"trajectory": traj, "state_keys": state_keys, "repr": repr(opt)}


cases = []
for name, cls_name, groups, kwargs in CONFIGS:
    case = {"name": name, "cls": cls_name, "groups": groups, "kwargs": kwargs, "frozen": []}
    case.update(run(cls_name, groups, kwargs, []))
    cases.append(case)
# A frozen parameter (requires_grad=False) is skipped.
case = {"name": "adam_frozen_b1", "cls": "Adam", "groups": "all", "kwargs": {"lr": 0.05}, "frozen": ["b1"]}
case.update(run("Adam", "all", {"lr": 0.05}, ["b1"]))
cases.append(case)

encode.write("optim", {
    "steps": STEPS,
    **tiny_net.fixture(),
    "cases": cases,
})
