#!/usr/bin/python3
"""Golden messages for test/binder.test.ts: the TypeErrors CPython (and PyTorch's argument parser,
for its C++ functions) raise when a call does not bind to a signature.

Run with Debian's interpreter (python3-torch 1.13):

    npm run golden -- binder

Writes test/golden/binder.json: {"python", "torch_version", "cases": [{target, args, kwargs, message}]}.
Each target is a torch function, constructor, Module method, optimizer or scheduler (or the
synthetic signature `sig(a, b, c, d=1, *, e, g=2)`); for each, the script makes the calls that leave
0, 1, 2 and 3+ required arguments out, name an unknown keyword, give an argument twice, and give
too many positionally. `message` is null when the call binds. Arguments are JSON values or
{"tensor": shape, "dtype"?} (zeros of that shape). Optimizers get one parameter tensor and
schedulers an SGD optimizer ahead of the arguments, as the JS side does.
"""
import inspect
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

import encode

warnings.simplefilter("ignore")


def sig(a, b, c, d=1, *, e, g=2):
    return None


def module_method(name):
    def call(*args, **kwargs):
        return getattr(nn.Linear(2, 2), name)(*args, **kwargs)
    call.__signature_of__ = getattr(nn.Module, name)
    return call


def scheduler(cls):
    def call(*args, **kwargs):
        w = torch.zeros(2, requires_grad=True)
        return cls(torch.optim.SGD([w], lr=0.1), *args, **kwargs)
    call.__signature_of__ = cls.__init__
    call.__implicit__ = ["self", "optimizer"]
    return call


def optimizer(cls):
    def call(*args, **kwargs):
        return cls([torch.zeros(2, requires_grad=True)], *args, **kwargs)
    call.__signature_of__ = cls.__init__
    call.__implicit__ = ["self", "params"]
    return call


# target name -> (callable, values for the required parameters the JS side passes, JSON-encoded)
T = {"tensor": [2, 3]}
TARGETS = {
    "sig": (sig, {"a": 1, "b": 2, "c": 3, "e": 5}),
    "F.dropout": (F.dropout, {"input": {"tensor": [2, 3]}}),
    "F.relu": (F.relu, {"input": {"tensor": [2, 3]}}),
    "F.mse_loss": (F.mse_loss, {"input": {"tensor": [2, 3]}, "target": {"tensor": [2, 3]}}),
    "F.cross_entropy": (F.cross_entropy, {"input": {"tensor": [2, 3]}, "target": {"tensor": [2], "dtype": "int64"}}),
    "F.layer_norm": (F.layer_norm, {"input": {"tensor": [2, 3]}, "normalized_shape": [3]}),
    "F.triplet_margin_loss": (F.triplet_margin_loss, {"anchor": T, "positive": T, "negative": T}),
    "nn.Linear": (nn.Linear, {"in_features": 4, "out_features": 3}),
    "nn.Conv2d": (nn.Conv2d, {"in_channels": 3, "out_channels": 4, "kernel_size": 3}),
    "nn.BatchNorm1d": (nn.BatchNorm1d, {"num_features": 4}),
    "nn.Dropout": (nn.Dropout, {}),
    "nn.Threshold": (nn.Threshold, {"threshold": 0.1, "value": 0.0}),
    "nn.CrossEntropyLoss": (nn.CrossEntropyLoss, {}),
    "Module.register_buffer": (module_method("register_buffer"), {"name": "b", "tensor": T}),
    "Module.named_parameters": (module_method("named_parameters"), {}),
    "Module.train": (module_method("train"), {}),
    "optim.SGD": (optimizer(torch.optim.SGD), {"lr": 0.1}),
    "optim.Adam": (optimizer(torch.optim.Adam), {}),
    "lr_scheduler.StepLR": (scheduler(torch.optim.lr_scheduler.StepLR), {"step_size": 3}),
    "lr_scheduler.ExponentialLR": (scheduler(torch.optim.lr_scheduler.ExponentialLR), {"gamma": 0.9}),
    "lr_scheduler.CyclicLR": (scheduler(torch.optim.lr_scheduler.CyclicLR), {"base_lr": 0.01, "max_lr": 0.1}),
}


def decode(v):
    if isinstance(v, dict) and "tensor" in v:
        return torch.zeros(v["tensor"], dtype=getattr(torch, v.get("dtype", "float32")))
    return v


def message(fn, args, kwargs):
    try:
        fn(*[decode(a) for a in args], **{k: decode(v) for k, v in kwargs.items()})
    except TypeError as e:
        return str(e)
    except Exception:  # bound; the body raised (e.g. SGD without lr in PyTorch 1.x)
        return None
    return None


def parameters(fn):
    target = getattr(fn, "__signature_of__", fn)
    skip = set(getattr(fn, "__implicit__", ["self"]))
    params = [p for p in inspect.signature(target).parameters.values() if p.name not in skip]
    positional = [p for p in params if p.kind == p.POSITIONAL_OR_KEYWORD]
    kwonly = [p for p in params if p.kind == p.KEYWORD_ONLY]
    return positional, kwonly


def cases_for(name, fn, values):
    positional, kwonly = parameters(fn)
    required = [p.name for p in positional if p.default is p.empty]
    required_kw = {p.name: values[p.name] for p in kwonly if p.default is p.empty}
    given = [values[n] for n in required]
    calls = [("binds", given, dict(required_kw))]
    for k in range(1, len(required) + 1):
        calls.append((f"missing {k}", given[: len(required) - k], dict(required_kw)))
    if required_kw:
        calls.append(("missing keyword-only", given, {}))
    calls.append(("unexpected keyword", given, {**required_kw, "bogus_option": 1}))
    if required:
        calls.append(("given twice", given, {**required_kw, required[0]: given[0]}))
    extra = [values.get(p.name, p.default) for p in positional[len(required):]]
    calls.append(("too many positional", given + extra + [0], dict(required_kw)))
    out = []
    for what, args, kwargs in calls:
        out.append({"target": name, "case": what, "args": args, "kwargs": kwargs, "message": message(fn, args, kwargs)})
    return out


def main():
    cases = []
    for name, (fn, values) in TARGETS.items():
        cases.extend(cases_for(name, fn, values))
    encode.write("binder", {"python": sys.version.split()[0], "cases": cases})


if __name__ == "__main__":
    main()
