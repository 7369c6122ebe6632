#!/usr/bin/python3
"""Fixtures for torch.save / torch.load interop: files written by Python PyTorch 1.13.

Run through the golden pipeline (scripts/golden/run.py):

    npm run golden -- serialization

Writes test/golden/serialization/<name>.pt (each written by torch.save with the
options in CASES; pickle_save.pt by LibTorch's C++ torch::pickle_save, from
scripts/golden/pickle_save_fixture.cc built here with g++) and
test/golden/serialization/expected.json: for every file, the
loaded object described by `describe` (test/serialization.test.ts builds the same
description of what torchts loads and compares the two).

`describe` (also imported by test/serialization_check.py, which checks files
torchts wrote) turns an object into JSON:
  tensor  -> {"tensor": dtype, "shape", "stride", "offset", "storage": k (k-th
             distinct storage met, in traversal order), "data": base64 of the
             raw bytes of its values in row-major order, "requires_grad",
             "parameter"}
  dict    -> {"dict": [[key, value], ...], "int_keys": bool, "ordered": bool,
              "metadata": describe(_metadata) or null}, items in a JS object's key
             order (integer-like keys ascending first, then as inserted)
  list / tuple -> {"list": [...]} / {"tuple": [...]}
  int beyond 2^53 -> {"bigint": "digits"}; float nan/inf -> {"float": "nan"|"inf"|"-inf"}
  torch.device -> {"device": "cuda:1"}; dtype -> {"dtype": "float16"}; bytes -> {"bytes": base64}
  None, bool, str, other numbers -> themselves
"""
import base64
import collections
import json
import math
import os
import subprocess
import sys
import tempfile

import torch

import encode

OUT = os.path.join(encode.FIXTURES, "serialization")
DTYPE_NAMES = {
    torch.float32: "float32", torch.float64: "float64", torch.float16: "float16", torch.bfloat16: "bfloat16",
    torch.int8: "int8", torch.int16: "int16", torch.int32: "int32", torch.int64: "int64",
    torch.uint8: "uint8", torch.bool: "bool",
}


def raw_bytes(t):
    flat = t.detach().reshape(-1).contiguous()
    if flat.numel() == 0:
        return b""
    return flat.view(torch.uint8).numpy().tobytes()


def js_key_order(item):
    """A JS object's key order: integer-like keys ascending, then the others as inserted."""
    k = item[0]
    text = k if isinstance(k, str) else str(k)
    if text.isdigit() and (text == "0" or not text.startswith("0")) and int(text) < 2 ** 32 - 1:
        return (0, int(text))
    return (1, 0)


def describe(obj, storages=None):
    if storages is None:
        storages = {}
    if isinstance(obj, torch.Tensor):
        key = obj.storage().data_ptr() if obj.storage().size() > 0 else ("empty", id(obj))
        if key not in storages:
            storages[key] = len(storages)
        return {
            "tensor": DTYPE_NAMES[obj.dtype], "shape": list(obj.shape), "stride": list(obj.stride()),
            "offset": obj.storage_offset(), "storage": storages[key],
            "data": base64.b64encode(raw_bytes(obj)).decode(), "requires_grad": obj.requires_grad,
            "parameter": isinstance(obj, torch.nn.Parameter),
        }
    if isinstance(obj, dict):
        meta = getattr(obj, "_metadata", None)
        int_keys = len(obj) > 0 and all(isinstance(k, int) for k in obj)
        items = sorted(obj.items(), key=js_key_order) if len(obj) > 0 else []
        return {
            "dict": [[k if isinstance(k, str) else str(k), describe(v, storages)] for k, v in items],
            "int_keys": int_keys,
            "ordered": isinstance(obj, collections.OrderedDict),
            "metadata": describe(meta, storages) if meta is not None else None,
        }
    if isinstance(obj, list):
        return {"list": [describe(v, storages) for v in obj]}
    if isinstance(obj, tuple):
        return {"tuple": [describe(v, storages) for v in obj]}
    if isinstance(obj, bytes):
        return {"bytes": base64.b64encode(obj).decode()}
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, int):
        return obj if abs(obj) <= 2 ** 53 - 1 else {"bigint": str(obj)}
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else {"float": "nan" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")}
    if isinstance(obj, torch.device):
        return {"device": str(obj)}
    if isinstance(obj, torch.dtype):
        return {"dtype": DTYPE_NAMES[obj]}
    raise TypeError(f"cannot describe {type(obj)}")


def model():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    m(torch.randn(5, 4)).sum().backward()
    return m


def adam_state():
    m = model()
    opt = torch.optim.Adam(m.parameters(), lr=0.01, betas=(0.8, 0.99), weight_decay=0.001)
    for _ in range(2):
        opt.zero_grad()
        m(torch.randn(5, 4)).pow(2).sum().backward()
        opt.step()
    return opt.state_dict()


def checkpoint():
    m = model()
    opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, nesterov=True)
    opt.zero_grad()
    m(torch.randn(5, 4)).sum().backward()
    opt.step()
    return {"epoch": 5, "model_state_dict": m.state_dict(), "optimizer_state_dict": opt.state_dict(),
            "loss": 0.25, "note": "h\u00e9llo \u2713"}


def shared():
    torch.manual_seed(1)
    w = torch.randn(4, 3)
    base = torch.arange(10, dtype=torch.float64)
    p = torch.nn.Parameter(torch.randn(3))
    return {"a": w, "b": w, "row": w[1], "t": w.t(), "slice": base[2:7:2], "base": base,
            "param": p, "param_view": p.data[1:], "requires_grad": torch.ones(2, requires_grad=True)}


def every_dtype():
    torch.manual_seed(2)
    out = collections.OrderedDict()
    out["float32"] = torch.tensor([1.5, -0.0, float("inf"), float("-inf"), float("nan"), 1e-45, 3.4e38])
    out["float64"] = torch.tensor([math.pi, -1e-308, 5e-324, float("nan")], dtype=torch.float64)
    out["float16"] = torch.tensor([1.0, 65504.0, 6e-8, -0.0, float("inf"), float("nan")], dtype=torch.float16)
    out["bfloat16"] = torch.tensor([1.0, 3.0e38, -1e-38, 0.1, float("nan")], dtype=torch.bfloat16)
    out["int8"] = torch.tensor([-128, 127, 0], dtype=torch.int8)
    out["int16"] = torch.tensor([-32768, 32767], dtype=torch.int16)
    out["int32"] = torch.tensor([-2 ** 31, 2 ** 31 - 1], dtype=torch.int32)
    out["int64"] = torch.tensor([-2 ** 63, 2 ** 63 - 1, 2 ** 53 + 1], dtype=torch.int64)
    out["uint8"] = torch.tensor([0, 255, 7], dtype=torch.uint8)
    out["bool"] = torch.tensor([True, False, True])
    out["zero_d"] = torch.tensor(3.25)
    out["zero_d_int"] = torch.tensor(-7)
    out["empty"] = torch.zeros(0, 3)
    out["empty_int"] = torch.zeros(2, 0, dtype=torch.int32)
    out["transposed"] = torch.randn(3, 5).t()
    out["strided"] = torch.arange(24, dtype=torch.int16).reshape(4, 6)[::2, 1::3]
    out["expanded"] = torch.randn(3, 1).expand(3, 4)
    out["channels_last"] = torch.randn(1, 2, 3, 3).to(memory_format=torch.channels_last)
    return out


def values():
    return {
        "ints": [0, 1, -1, 255, 256, 65535, 65536, -2 ** 31, 2 ** 31, 2 ** 53 - 1, -2 ** 53 + 1],
        "bigints": [2 ** 53, -2 ** 53, 2 ** 70, -2 ** 70, 2 ** 64 - 1],
        "floats": [0.5, -1e-300, 1.7976931348623157e308, float("inf"), float("-inf"), float("nan")],
        "none": None, "true": True, "false": False,
        "text": "\u65e5\u672c\u8a9e \U0001F600 \"quoted\"\n", "empty_str": "",
        "list": [1, [2, [3, []]]], "tuple": (1, "two", (3.5,)), "empty_tuple": (), "empty_list": [], "empty_dict": {},
        "one_item": {"k": 1}, "int_keys": {3: "c", 1: "a", 2: "b"},
        "devices": [torch.device("cpu"), torch.device("cuda", 1), torch.device("cuda")],
        "dtype": torch.float16,
        "big_list": list(range(2500)),
    }


def schedulers():
    opt = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=0.1, momentum=0.9)
    multistep = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[2, 5], gamma=0.5)
    step = torch.optim.lr_scheduler.StepLR(opt, step_size=3)
    for _ in range(4):
        opt.step()
        multistep.step()
        step.step()
    return {"multistep": multistep.state_dict(), "step": step.state_dict()}


CASES = [
    # name, object factory, torch.save keyword arguments
    ("state_dict", lambda: model().state_dict(), {}),
    ("optimizer_adam", adam_state, {}),
    ("checkpoint", checkpoint, {}),
    ("shared", shared, {}),
    ("dtypes", every_dtype, {}),
    ("values", values, {}),
    ("tensor", lambda: torch.arange(6, dtype=torch.float32).reshape(2, 3), {}),
    ("parameter", lambda: torch.nn.Parameter(torch.tensor([1.0, 2.0])), {}),
    ("legacy_checkpoint", checkpoint, {"_use_new_zipfile_serialization": False}),
    ("legacy_shared", shared, {"_use_new_zipfile_serialization": False}),
    ("legacy_dtypes", every_dtype, {"_use_new_zipfile_serialization": False}),
    ("protocol1", shared, {"pickle_protocol": 1}),
    ("protocol4", checkpoint, {"pickle_protocol": 4}),
    ("protocol5", values, {"pickle_protocol": 5}),
    ("schedulers", schedulers, {}),
    ("bytes", lambda: {"blob": b"\x00\xffabc", "w": torch.ones(2)}, {}),
]


def pickle_save_file(path):
    """Builds scripts/golden/pickle_save_fixture.cc against the system LibTorch and runs it: a file written
    by LibTorch's C++ torch::pickle_save."""
    here = os.path.dirname(os.path.abspath(__file__))
    resolve = lambda flag: subprocess.check_output(["node", os.path.join(here, "..", "find-libtorch.js"), flag], text=True).split()
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "pickle_save_fixture")
        includes = [f"-I{d}" for d in resolve("--include-dirs")]
        subprocess.check_call(["g++", "-std=c++17", "-O0", *resolve("--cxx-flags"), *includes,
                               os.path.join(here, "pickle_save_fixture.cc"), "-o", exe, *resolve("--libs")])
        subprocess.check_call([exe, path])


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"torch_version": torch.__version__, "cases": {}}
    for name, make, kwargs in CASES:
        path = os.path.join(OUT, f"{name}.pt")
        torch.save(make(), path, **kwargs)
        loaded = torch.load(path, weights_only=False)  # its own file: 2.6 on default to weights_only=True
        try:
            torch.load(path, weights_only=True)
            weights_only = True
        except Exception:
            weights_only = False
        expected["cases"][name] = {"value": describe(loaded), "weights_only": weights_only}
    path = os.path.join(OUT, "pickle_save.pt")
    pickle_save_file(path)
    expected["cases"]["pickle_save"] = {"value": describe(torch.load(path, weights_only=False)), "weights_only": False}
    # A whole pickled model, which torch.load refuses (it would need the Python classes).
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 2)), os.path.join(OUT, "whole_model.pt"))
    # A TorchScript archive, which torch.load must refuse (torch.jit.load reads it).
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), os.path.join(OUT, "torchscript.pt"))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(CASES) + 3} files to {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
