#!/usr/bin/python3
"""PyTorch's argument-parser signatures for the ops torchts dispatches through its table and for its
hand-written Tensor methods, and the messages it raises for calls that match none of them
(test/arg_errors.test.ts).

    /usr/bin/python3 scripts/golden/arg_errors.py     # npm run golden -- arg_errors
    bash scripts/libtorch2 trixie golden arg_errors   # test/golden/2.6/ (sid: 2.14)

scripts/gen-python-signatures.js (`npm run gen`) turns every release's signatures into
lib/ops/python_signatures.ts, the table the library formats its messages from.

`signatures.<form>.<op>` is the "expected one of" list Python prints for torch.<op> (form
function) and Tensor.<op> (form method), provoked with more arguments than any signature takes;
`positional.<form>.<op>` is [min_args, max_pos_args] of an op with one signature (whose parser
reports only counts). `cases` are calls and the exact message Python raises for them; "@T" in
args stands for a float tensor of shape (2, 3). `copy_numbers`: x.copy_(number) for a zero x.
"""
import json
import os
import re
import subprocess

import torch

import encode

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LISTS = ["UNARY", "UNARY_PURE", "BINARY", "BINARY_WRAPPED", "BINARY_TENSOR", "GENERIC", "TORCH_ONLY"]


def ops_table():
    return json.loads(subprocess.check_output(
        ["node", "-e", "console.log(JSON.stringify(require('./scripts/ops.js')))"], cwd=ROOT))


def op_names():
    table = ops_table()
    names = set()
    for key in LISTS:
        names.update(table[key])
    names.update(n + "_" for n in table["UNARY"] + table["BINARY"] + table["BINARY_WRAPPED"])
    for root, _, files in os.walk(os.path.join(ROOT, "lib")):  # ops the TS layer calls by name
        for f in files:
            if f.endswith(".ts"):
                with open(os.path.join(root, f), encoding="utf-8") as src:
                    names.update(re.findall(r"callAten\('(\w+)'", src.read()))
    with open(os.path.join(ROOT, "lib", "functions.ts"), encoding="utf-8") as src:  # the torch.* functions
        names.update(re.findall(r"^export const (\w+) =", src.read(), re.M))
    with open(os.path.join(ROOT, "lib", "tensor.ts"), encoding="utf-8") as src:  # hand-written Tensor methods
        names.update(re.findall(r"^  (\w+)\(", src.read(), re.M))
    with open(os.path.join(ROOT, "lib", "tensor_methods.ts"), encoding="utf-8") as src:
        names.update(re.findall(r"define\('(\w+)'", src.read()))
    return sorted(names)


class Sentinel:
    pass


COMBINATION = re.compile(r"^\w+\(\) received an invalid combination of arguments - got \([^)]*\), but expected (one of:\n(.*)|(\(.*\)))$", re.S)
VARARGS = re.compile(r"^\w+\(\): argument '\w+' \(position 1\) must be tuple of (ints|SymInts)(, not|, but found element of type) Sentinel( at pos 0)?$")
TAKES = re.compile(r"^\w+\(\) takes (?:from (\d+) to (\d+)|(\d+)) positional arguments? but \d+ were given$")


def provoke(fn, self_args):
    """The signature list or the positional counts of fn, from a call no signature accepts."""
    try:
        fn(*self_args, *[Sentinel()] * 40)
    except TypeError as e:
        msg = str(e)
        m = COMBINATION.match(msg)
        if m:
            if m.group(3):
                return "signatures", [m.group(3)]
            return "signatures", [line[3:] for line in m.group(2).split("\n") if line.startswith(" * ")]
        m = TAKES.match(msg)
        if m:
            lo, hi = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(3))
            return "positional", [int(lo), int(hi)]
        if VARARGS.match(msg):  # the one positional parameter, an int list, took every argument
            return "positional", [1, 1]
    except Exception:
        pass
    return None, None


def signatures():
    out = {"signatures": {"function": {}, "method": {}}, "positional": {"function": {}, "method": {}}}
    x = torch.ones(2, 3)
    for name in op_names():
        for form, fn, self_args in [("function", getattr(torch, name, None), [x]), ("method", getattr(torch.Tensor, name, None), [x])]:
            if fn is None:
                continue
            kind, value = provoke(fn, self_args)
            if kind is not None:
                out[kind][form][name] = value
    return out


def arg(v):
    return torch.ones(2, 3) if v == "@T" else [arg(e) for e in v] if isinstance(v, list) else v


CASES = [
    # bad types, several signatures
    ("method", "clamp", ["a"], {}), ("function", "clamp", ["@T", "a"], {}), ("method", "clamp", [None, None, 3], {}),
    ("method", "sum", [1.5], {}), ("method", "sum", [1, 2, 3, 4, 5, 6], {}),
    ("method", "cumsum", [1.5], {}), ("function", "cumsum", ["@T"], {}), ("method", "cumsum", [], {"foo": 1}),
    ("method", "gather", [1, "a"], {}), ("function", "gather", ["@T", 1, "a"], {}), ("method", "gather", [1.5, "@T"], {}),
    ("method", "max", [1.5], {}), ("function", "max", ["@T", 1.5], {}), ("method", "min", [True, 1], {}),
    ("method", "std", [1.5], {}), ("method", "var", [[1, "a"]], {}), ("method", "mean", [None, "a"], {}),
    ("method", "index_add", [0, "@T"], {}), ("method", "index_fill", [0, "@T", "a"], {}), ("method", "scatter", [0, "@T"], {}),
    ("method", "masked_fill", ["@T", "a"], {}), ("method", "sort", [1.5], {}), ("method", "argsort", [1.5], {}),
    ("method", "diagonal", [1.5], {}), ("method", "kthvalue", [1.5], {}), ("method", "median", [1.5], {}),
    ("method", "nanmedian", [1.5], {}), ("method", "mode", [1.5], {}), ("method", "cumprod", ["@T", "@T"], {}),
    ("method", "logsumexp", [1.5], {}), ("method", "squeeze_", [1.5], {}), ("method", "unsqueeze_", [1.5], {}),
    ("method", "transpose_", [0, "a"], {}), ("method", "repeat_interleave", [1.5], {}), ("method", "lerp", ["@T", "a"], {}),
    ("method", "addcmul", ["@T", "@T", "a"], {}), ("method", "addcdiv", ["@T", "@T", "a"], {}), ("method", "diff", [1.5], {}),
    ("method", "tensor_split", [1.5], {}), ("method", "isclose", [1.5], {}),
    ("method", "scatter_add", [0, "@T", "a"], {}), 
    ("method", "all", [1.5], {}),
    ("method", "any", [1.5], {}), ("method", "amax", [1.5], {}), ("method", "aminmax", [1.5], {}),
    ("function", "aminmax", ["@T", "a"], {}), ("method", "topk", [1, "a"], {}), ("method", "roll", [1.5], {}),
    # too many arguments
    ("method", "add", [1, 2, 3], {}), ("function", "add", ["@T"], {}), ("method", "clamp", [1, 2, 3, 4], {}),
    ("method", "cumsum", [0, 1, 2, 3], {}), ("method", "sort", [0, True, 1, 2], {}), ("function", "gather", ["@T", 1, "@T", 2, 3], {}),
    # keywords
    ("method", "cumsum", [], {"foo": 1}), ("method", "gather", [], {"foo": 1}), 
    ("method", "clamp", [], {"lo": 1}), ("method", "sort", [], {"foo": True}), ("function", "cumsum", ["@T"], {"foo": 0}),
    ("method", "topk", [1], {"foo": 2}), ("method", "topk", [1], {"k": 2}), ("method", "topk", [], {}),
    ("function", "topk", ["@T"], {"largest": 1}), ("method", "diagonal", [], {"offset": 1.5}), ("method", "roll", [], {}),
    ("function", "roll", ["@T", 1], {"dims": "a"}), ("method", "isclose", ["@T"], {"rtol": "a"}), ("method", "diff", [1, 0, 1.5], {}),
    # function forms
    ("function", "topk", ["@T", "a"], {}), ("function", "kthvalue", ["@T", 1.5], {}), ("function", "diagonal", ["@T", 1.5], {}),
    ("function", "mode", ["@T", 1.5], {}), ("function", "logsumexp", ["@T", 1.5], {}), ("function", "index_add", ["@T", 0, "@T"], {}),
    ("function", "masked_fill", ["@T", "@T", "a"], {}), ("function", "lerp", ["@T", "@T", "a"], {}), ("function", "sort", ["@T", 1.5], {}),
    ("function", "argsort", ["@T", 1.5], {}), ("function", "std", ["@T", 1.5], {}), ("function", "all", ["@T", 1.5], {}),
    ("function", "tensor_split", ["@T", 1.5], {}), ("function", "roll", ["@T", 1.5], {}), ("function", "amax", ["@T", 1.5], {}),
    ("function", "scatter", ["@T", 0, "@T"], {}), ("function", "repeat_interleave", ["@T", 1.5], {}), ("function", "isclose", ["@T", 1.5], {}),
    # hand-written methods and native fast paths (binary ops: see hand_written_cases)
    ("method", "mul", ["@T", "@T"], {}), ("method", "div", ["a"], {"rounding_mode": "floor"}), ("method", "div", ["@T"], {"rounding_mode": 1}),
    ("method", "pow", [], {}), ("method", "subtract", ["a"], {}), ("method", "multiply", ["a"], {}), ("method", "divide", ["a"], {}),
    ("method", "softmax", [1.5], {}), ("method", "log_softmax", [1.5], {}), ("method", "softmax", [], {}),
    ("method", "where", ["@T"], {}), ("method", "where", ["a", "@T"], {}), ("method", "fill_", ["a"], {}), ("method", "fill_", [], {}),
    ("method", "zero_", [1], {}), ("method", "copy_", ["a"], {}), ("method", "copy_", ["@T", "a"], {}), ("method", "copy_", [], {}),
    ("method", "requires_grad_", ["a"], {}), ("method", "detach_", [1], {}), ("method", "addmm", [3, "@T"], {}), ("method", "addmm", ["@T"], {}),
    ("method", "addmm", ["@T", "@T"], {"beta": "a"}), ("method", "nonzero", [1], {}),
    ("method", "view", ["a"], {}), ("method", "view", [1.5], {}), ("method", "view", [2, "a"], {}), ("method", "reshape", ["a"], {}),
    ("method", "reshape", [[3, 1.5]], {}), ("method", "permute", ["a"], {}), ("method", "expand", ["a"], {}), ("method", "repeat", ["a"], {}),
    ("method", "transpose", [1.5, 1], {}), ("method", "transpose", [0], {}), ("method", "swapaxes", [1.5, 1], {}), ("method", "swapdims", [0], {}),
    ("method", "flatten", [1.5], {}), ("method", "squeeze", [1.5], {}), ("method", "unsqueeze", [1.5], {}), ("method", "unsqueeze", [], {}),
    ("method", "select", [1.5, 0], {}), ("method", "narrow", [0, "a", 1], {}), ("method", "chunk", [1.5], {}), ("method", "unbind", [1.5], {}),
    ("method", "size", [1.5], {}), ("method", "stride", [1.5], {}), ("method", "is_contiguous", ["a"], {}), ("method", "dim", [1], {}),
    ("method", "numel", [1], {}), ("method", "index_put_", ["a", "@T"], {}), ("method", "index_put", ["@T"], {}),
    ("method", "sum", [1.5], {}), ("method", "mean", [1.5], {}), ("method", "exp", [1], {}), ("method", "exp_", [1], {}), ("method", "abs", [1], {}),
    ("function", "mul", ["@T", "a"], {}), ("function", "matmul", ["@T", 3], {}), ("function", "reshape", ["@T", "a"], {}),
    ("function", "transpose", ["@T", 1.5, 1], {}), ("function", "softmax", ["@T", 1.5], {}), ("function", "pow", ["@T", "a"], {}),
    ("function", "eq", ["@T", "a"], {}), ("function", "unsqueeze", ["@T", 1.5], {}), ("function", "narrow", ["@T", 0, "a", 1], {}),
]


def hand_written_cases():
    """A bad operand to every binary native fast path (the ones with a number operand take a str)."""
    table = ops_table()
    out = [("method", n, ["a"], {}) for n in table["BINARY"] + [n + "_" for n in table["BINARY"]]]
    return out + [("method", n, [1.5], {}) for n in table["BINARY_TENSOR"]]


def cases():
    out = []
    for form, name, args, kwargs in CASES + hand_written_cases():
        # x.name(...) calls the method descriptor, as Tensor.name(x, ...) does (a bound method object
        # would name Tensor rather than the C class in "takes no arguments").
        fn, self_args = (getattr(torch, name), []) if form == "function" else (getattr(torch.Tensor, name), [torch.ones(2, 3)])
        try:
            fn(*self_args, *[arg(a) for a in args], **{k: arg(v) for k, v in kwargs.items()})
        except TypeError as e:
            out.append({"form": form, "name": name, "args": args, "kwargs": kwargs, "message": str(e)})
            continue
        except Exception:  # a str is a dimension name to these: not an argument error
            pass
        raise AssertionError(f"{form} {name} {args} {kwargs} raised no TypeError")
    return out


def copy_numbers():
    """x.copy_(number): the parser takes a number for copy_'s Tensor (a 0-d int64, float64 or bool tensor)."""
    out = []
    for dtype, value in [("float64", 0.1), ("float32", 1), ("int32", 2.7), ("int32", True), ("bool", 0.5)]:
        x = torch.zeros(2, dtype=getattr(torch, dtype))
        out.append({"dtype": dtype, "value": value, "result": x.copy_(value).tolist()})
    return out


if __name__ == "__main__":
    table = signatures()
    encode.write("arg_errors", {**table, "cases": cases(), "copy_numbers": copy_numbers()})
