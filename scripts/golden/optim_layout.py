#!/usr/bin/python3
"""Golden layout of every optimizer's param groups and LR scheduler's state (test/optim_layout.test.ts).

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
    if isinstance(v, dict):
        return {str(k): kind(x) for k, x in v.items()}
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

# LR schedulers over SGD(lr, momentum=0.9): state_dict() key order and value types after 3 steps (an
# epoch's metric of 1.0 for ReduceLROnPlateau). Python's CyclicLR keeps `_scale_fn_ref` (a
# WeakMethod) and 1.13's OneCycleLR `anneal_func` (a method): functions, not saved state, so left out.
SCHEDULERS = [
    ("StepLR", 1, {"step_size": 2}), ("StepLR", 1, {"step_size": 2, "gamma": 1}), ("MultiStepLR", 1, {"milestones": [1, 3]}),
    ("ConstantLR", 1, {}), ("ConstantLR", 0.5, {"factor": 1, "total_iters": 2}), ("LinearLR", 1, {}),
    ("LinearLR", 0.5, {"start_factor": 1, "end_factor": 1}), ("ExponentialLR", 1, {"gamma": 1}), ("PolynomialLR", 1, {}),
    ("PolynomialLR", 1, {"power": 2}), ("CosineAnnealingLR", 1, {"T_max": 4}), ("CosineAnnealingWarmRestarts", 1, {"T_0": 2}),
    ("CyclicLR", 1, {"base_lr": 0, "max_lr": 1}), ("CyclicLR", 1, {"base_lr": 0, "max_lr": 1, "gamma": 1, "mode": "exp_range"}),
    ("OneCycleLR", 1, {"max_lr": 1, "total_steps": 10}), ("OneCycleLR", 1, {"max_lr": 1, "total_steps": 10, "three_phase": True}),
    ("ReduceLROnPlateau", 1, {}), ("ReduceLROnPlateau", 1, {"factor": 0, "min_lr": 0, "eps": 0, "threshold": 0, "cooldown": 1}),
]
NOT_STATE = {"_scale_fn_ref", "anneal_func"}

schedulers = []
for cls, lr, kwargs in SCHEDULERS:
    opt = torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=lr, momentum=0.9)
    sched = getattr(torch.optim.lr_scheduler, cls)(opt, **kwargs)
    for _ in range(3):
        opt.step()
        sched.step(1.0) if cls == "ReduceLROnPlateau" else sched.step()
    state = {k: v for k, v in sched.state_dict().items() if k not in NOT_STATE}
    schedulers.append({"cls": cls, "lr": lr, "kwargs": encode.plain(kwargs), "keys": list(state),
                       "types": {k: kind(v) for k, v in state.items()}})

encode.write("optim_layout", {"cases": cases, "schedulers": schedulers})
