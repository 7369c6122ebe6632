#!/usr/bin/python3
"""Golden fixture for torchts' op, creation, random-stream and error tests.

Run with Debian's interpreter (the one that has python3-torch 1.13):

    /usr/bin/python3 scripts/golden/ops.py      (or: npm run golden -- ops)

Writes test/golden/ops.json: {"torch_version": ..., "cases": [...]}, encoded as
scripts/golden/encode.py describes. Every case
has a `group` (ops, dispatcher, random, creation, roundtrip, errors), a `name`,
its `inputs` and the call described as data so the TS tests replay it
generically (see test/helpers.ts):

  inputs: [{values (flat, row-major), shape, dtype, requires_grad}]
  call:   {kind: "method", target: i, name, args, kwargs}   inputs[i].name(*args, **kwargs)
          {kind: "torch", name, args, kwargs}               torch.name(*args, **kwargs)
          {kind: "aten", name, overload, args, kwargs}       torch.ops.aten.name[.overload](...)
          {kind: "index", target: i, items}                  inputs[i][items]
  then:   [{name, args, kwargs, on?}]  further method calls, each on the previous
          result (or on results[on]: 0 is the call's result, k the k-th step's)
  seed:   torch.manual_seed(seed) right before the call (random streams)

Argument markers besides encode.py's: {"$in": i} -> inputs[i],
{"$slice": [start, stop, step]} -> slice, "..." (in index items) -> Ellipsis.

`out` is encode.result(the call's result). For differentiable float results,
`w` and `grads` hold the gradient of (out * w).sum() with respect to every
input (null where none flows).
`errors` cases hold encode.error's `type` and `message`.
"""
import torch

import encode
from replay import I, Sl, boolmask, materialize, randint, randn, resolve, uniform, vals, zeros


# ---------------------------------------------------------------- call specs
def M(name, *args, target=0, **kwargs):
    return {"kind": "method", "target": target, "name": name, "args": list(args), "kwargs": kwargs}


def F(name, *args, **kwargs):
    return {"kind": "torch", "name": name, "args": list(args), "kwargs": kwargs}


def A(name, overload, *args, **kwargs):
    return {"kind": "aten", "name": name, "overload": overload, "args": list(args), "kwargs": kwargs}


def X(*items, target=0):
    return {"kind": "index", "target": target, "items": list(items)}


def S(name, *args, on=None, **kwargs):
    d = {"name": name, "args": list(args), "kwargs": kwargs}
    if on is not None:
        d["on"] = on
    return d


def enc_call(c):
    out = dict(c)
    if "args" in c:
        out["args"] = encode.plain(c["args"])
        out["kwargs"] = encode.plain(c["kwargs"])
    if "items" in c:
        out["items"] = encode.plain(c["items"])
    return out


def run_call(c, inputs):
    kind = c["kind"]
    if kind == "index":
        items = resolve(c["items"], inputs)
        return inputs[c["target"]][tuple(items) if len(items) != 1 else items[0]]
    args = resolve(c["args"], inputs)
    kwargs = {k: resolve(v, inputs) for k, v in c["kwargs"].items()}
    if kind == "method":
        return getattr(inputs[c["target"]], c["name"])(*args, **kwargs)
    if kind == "torch":
        return getattr(torch, c["name"])(*args, **kwargs)
    pkt = getattr(torch.ops.aten, c["name"])
    fn = getattr(pkt, c["overload"]) if c["overload"] is not None else pkt
    return fn(*args, **kwargs)


def run_steps(result, steps, inputs):
    history = [result]
    for s in steps:
        target = history[s["on"]] if "on" in s else history[-1]
        args = resolve(s["args"], inputs)
        kwargs = {k: resolve(v, inputs) for k, v in s["kwargs"].items()}
        history.append(getattr(target, s["name"])(*args, **kwargs))
    return history[-1]


# ---------------------------------------------------------------- encoding
def enc_input(spec, t):
    return encode.tensor(t, requires_grad=bool(spec["grad"]) and t.dtype.is_floating_point)


# ---------------------------------------------------------------- cases
CASES = []


def case(group, name, inputs, call, then=None, seed=None, grad=True, tol=None):
    CASES.append(dict(group=group, name=name, inputs=inputs, call=call, then=then or [], seed=seed, grad=grad, tol=tol))


def op(name, inputs, call, **kw):
    case("ops", name, inputs, call, **kw)


def arith():
    a, b = randn(2, 3), randn(2, 3)
    op("add tensor", [a, b], M("add", I(1)))
    op("add broadcast row", [randn(2, 3), randn(3)], M("add", I(1)))
    op("add broadcast col x row", [randn(3, 1), randn(1, 4)], M("add", I(1)))
    op("add broadcast 3d", [randn(2, 1, 3), randn(4, 1)], M("add", I(1)))
    op("add scalar", [a], M("add", 2.5))
    op("add alpha", [a, b], M("add", I(1), alpha=2))
    op("add alpha scalar", [a], M("add", 1.5, alpha=-3))
    op("torch.add alpha", [a, b], F("add", I(0), I(1), alpha=0.5))
    op("sub tensor", [a, b], M("sub", I(1)))
    op("sub alpha", [a, b], M("sub", I(1), alpha=3))
    op("sub scalar", [a], M("sub", 0.25))
    op("torch.rsub", [a, b], F("rsub", I(0), I(1)))
    op("mul tensor broadcast", [randn(4, 1), randn(3)], M("mul", I(1)))
    op("mul scalar", [a], M("mul", -1.5))
    op("div tensor", [randn(2, 3), uniform(0.5, 2, 2, 3)], M("div", I(1)))
    op("div scalar", [a], M("div", 4.0 + 0.5))
    op("div rounding floor", [randn(6), uniform(0.3, 1, 6)], M("div", I(1), rounding_mode="floor"))
    op("div rounding trunc", [randn(6), uniform(0.3, 1, 6)], M("div", I(1), rounding_mode="trunc"))
    op("div int rounding floor", [vals([7, -7, 7, -7, 9]), vals([2, 2, -2, -2, 3])], M("div", I(1), rounding_mode="floor"))
    op("div int64 floor", [vals([7, -7, 7, -7, 9], "int64"), vals([2, 2, -2, -2, 3], "int64")], M("div", I(1), rounding_mode="floor"))
    op("div int64 trunc", [vals([7, -7, 7, -7, 9], "int64"), vals([2, 2, -2, -2, 3], "int64")], M("div", I(1), rounding_mode="trunc"))
    op("div int64 true", [vals([7, -7, 7, -7, 9], "int64"), vals([2, 2, -2, -2, 3], "int64")], M("div", I(1)))
    op("floor_divide int64", [vals([7, -7, 7, -7, 9], "int64"), vals([2, 2, -2, -2, 3], "int64")], M("floor_divide", I(1)))
    op("true_divide int32", [vals([7, -7, 1], "int32"), vals([2, 2, 3], "int32")], M("true_divide", I(1)))
    op("pow scalar", [randn(2, 3)], M("pow", 2))
    op("pow scalar frac", [uniform(0.5, 2, 5)], M("pow", 1.5))
    op("pow tensor", [uniform(0.5, 2, 2, 3), randn(2, 3)], M("pow", I(1)))
    op("pow tensor broadcast", [uniform(0.5, 2, 2, 3), randn(3)], M("pow", I(1)))
    op("pow int tensor", [vals([1, 2, 3, -2], "int64"), vals([3, 2, 0, 3], "int64")], M("pow", I(1)))
    op("pow negative exponent", [uniform(0.5, 2, 4)], M("pow", -2))
    op("torch.pow scalar base", [randn(4)], F("pow", 2, I(0)))
    op("remainder tensor", [randn(6), uniform(0.3, 1, 6)], M("remainder", I(1)))
    op("remainder scalar", [vals([-3.5, -1.0, 0.5, 2.5, 7.25])], M("remainder", 2))
    op("remainder int negative", [vals([-7, -3, 3, 7], "int64"), vals([3, -3, -3, 3], "int64")], M("remainder", I(1)))
    op("fmod tensor", [randn(6), uniform(0.3, 1, 6)], M("fmod", I(1)))
    op("fmod scalar", [vals([-3.5, -1.0, 0.5, 2.5, 7.25])], M("fmod", 2))
    op("fmod int negative", [vals([-7, -3, 3, 7], "int64"), vals([3, -3, -3, 3], "int64")], M("fmod", I(1)))


def unary():
    x = randn(2, 4)
    pos = uniform(0.1, 3, 2, 4)
    for name in ["exp", "abs", "neg", "sign", "sin", "cos", "tanh", "sigmoid", "relu", "atan", "sinh", "floor", "ceil", "round", "trunc", "frac", "square", "erf", "expm1"]:
        op(name, [x], M(name))
    for name in ["log", "sqrt", "rsqrt", "log2", "log10", "log1p", "reciprocal", "tan", "cosh"]:
        op(name, [pos], M(name))
    op("asin", [uniform(-0.9, 0.9, 6)], M("asin"))
    op("acos", [uniform(-0.9, 0.9, 6)], M("acos"))
    op("torch.exp", [x], F("exp", I(0)))
    op("torch.tanh", [x], F("tanh", I(0)))
    op("exp float64", [randn(5, dtype="float64")], M("exp"))
    op("sigmoid float64", [randn(5, dtype="float64")], M("sigmoid"))
    op("abs int", [vals([-3, 0, 4, -1], "int64")], M("abs"))
    op("neg int32", [vals([-3, 0, 4, -1], "int32")], M("neg"))
    op("sign int", [vals([-3, 0, 4], "int64")], M("sign"))
    op("sqrt of int -> float", [vals([1, 4, 9, 2], "int64")], M("sqrt"))
    op("exp of int -> float", [vals([0, 1, 2], "int32")], M("exp"))
    op("log special values", [vals([0.0, -1.0, 1.0, float("inf")])], M("log"))
    op("sqrt negative nan", [vals([-1.0, 4.0])], M("sqrt"))
    op("clamp numbers", [x], M("clamp", -0.5, 0.5))
    op("clamp min only kw", [x], M("clamp", min=0.1))
    op("clamp max only kw", [x], M("clamp", max=0.2))
    op("clamp min positional only", [x], M("clamp", -0.3))
    op("clamp None min", [x], M("clamp", None, 0.3))
    op("clamp tensor bounds", [x, randn(4, grad=False), vals([1.0, 1.5, 2.0, 2.5])], M("clamp", I(1), I(2)))
    op("clamp int", [vals([-5, 0, 3, 9], "int64")], M("clamp", 0, 5))
    op("torch.clamp kw", [x], F("clamp", I(0), min=-1.0 + 0.25, max=0.75))
    op("clip", [x], M("clip", -0.5, 0.5))
    op("clamp_min", [x], M("clamp_min", 0.1))
    op("softmax dim1", [x], M("softmax", 1))
    op("log_softmax dim0", [x], M("log_softmax", 0))
    op("softmax dim kw", [x], M("softmax", dim=-1))
    op("maximum", [x, randn(2, 4)], M("maximum", I(1)))
    op("minimum broadcast", [x, randn(4)], M("minimum", I(1)))
    op("atan2", [x, randn(2, 4)], M("atan2", I(1)))
    op("lerp", [x, randn(2, 4), vals(0.3 + 0.0)], M("lerp", I(1), 0.3))
    op("addcmul", [x, randn(2, 4), randn(2, 4)], M("addcmul", I(1), I(2), value=0.5))
    op("addcdiv", [x, randn(2, 4), uniform(0.5, 1, 2, 4)], M("addcdiv", I(1), I(2), value=2))
    op("cumsum", [x], M("cumsum", 1))
    op("cumprod dim kw", [x], M("cumprod", dim=0))
    op("flip", [x], M("flip", [0, 1]))
    op("roll", [x], M("roll", 1, 1))
    op("tril", [randn(3, 3)], M("tril"))
    op("triu diag", [randn(3, 3)], M("triu", 1))
    op("sort", [randn(6)], M("sort"))
    op("sort descending", [randn(2, 4)], M("sort", 1, descending=True))
    op("topk", [randn(7)], M("topk", 3))
    op("argsort", [randn(6)], M("argsort"))


def linalg():
    op("matmul 2d", [randn(2, 3), randn(3, 4)], M("matmul", I(1)))
    op("matmul 1d-1d", [randn(4), randn(4)], M("matmul", I(1)))
    op("matmul 2d-1d", [randn(3, 4), randn(4)], M("matmul", I(1)))
    op("matmul 1d-2d", [randn(3), randn(3, 4)], M("matmul", I(1)))
    op("matmul batched broadcast", [randn(2, 2, 3), randn(3, 2)], M("matmul", I(1)))
    op("matmul batch broadcast both", [randn(2, 1, 2, 3), randn(3, 3, 2)], M("matmul", I(1)))
    op("torch.matmul float64", [randn(2, 3, dtype="float64"), randn(3, 2, dtype="float64")], F("matmul", I(0), I(1)))
    op("mm", [randn(3, 2), randn(2, 4)], M("mm", I(1)))
    op("bmm", [randn(2, 2, 3), randn(2, 3, 2)], M("bmm", I(1)))
    op("addmm", [randn(2, 4), randn(2, 3), randn(3, 4)], M("addmm", I(1), I(2)))
    op("addmm beta alpha", [randn(4), randn(2, 3), randn(3, 4)], M("addmm", I(1), I(2), beta=0.5, alpha=2))
    op("torch.addmm", [randn(2, 4), randn(2, 3), randn(3, 4)], F("addmm", I(0), I(1), I(2), beta=-1, alpha=0.25))
    op("outer", [randn(3), randn(4)], M("outer", I(1)))
    op("dot", [randn(5), randn(5)], M("dot", I(1)))
    op("mv", [randn(3, 4), randn(4)], M("mv", I(1)))
    op("matmul int64", [vals([[1, 2], [3, 4]], "int64"), vals([[5], [6]], "int64")], M("matmul", I(1)))
    op("t", [randn(2, 3)], M("t"))
    op("T property via permute", [randn(2, 3, 4)], M("permute", 2, 1, 0))


def reductions():
    x = randn(3, 4)
    x3 = randn(2, 3, 4)
    op("sum all", [x], M("sum"))
    op("sum dim", [x], M("sum", 1))
    op("sum dim keepdim", [x], M("sum", 0, keepdim=True))
    op("sum dim list", [x3], M("sum", [0, 2]))
    op("sum dim tuple keepdim", [x3], M("sum", (1, 2), True))
    op("sum negative dim", [x3], M("sum", -1))
    op("sum dtype float64", [x], M("sum", dtype=torch.float64))
    op("sum int -> int64", [vals([[1, 2], [3, 4]], "int32")], M("sum"))
    op("sum bool", [vals([True, False, True], "bool")], M("sum"))
    op("torch.sum dim kw", [x3], F("sum", I(0), dim=1, keepdim=True))
    op("mean all", [x], M("mean"))
    op("mean dim", [x3], M("mean", 1))
    op("mean dims keepdim", [x3], M("mean", [0, 1], keepdim=True))
    op("mean dim kw", [x3], M("mean", dim=-1))
    op("std", [x], M("std"))
    op("std unbiased False", [x], M("std", unbiased=False))
    op("std dim", [x], M("std", 1))
    op("std dim unbiased False keepdim", [x], M("std", 1, False, True))
    op("std dim kw unbiased", [x], M("std", dim=0, unbiased=False))
    op("std correction 0", [x], M("std", dim=1, correction=0))
    op("std correction 2", [x], M("std", 1, correction=2))
    op("var", [x], M("var"))
    op("var dim", [x3], M("var", 2))
    op("var unbiased False", [x], M("var", unbiased=False))
    op("var correction kw", [x3], M("var", dim=[0, 2], correction=0, keepdim=True))
    op("max all", [x], M("max"))
    op("max dim", [x], M("max", 1))
    op("max dim keepdim", [x], M("max", 0, True))
    op("max dim kw", [x3], M("max", dim=2, keepdim=True))
    op("max other", [x, randn(3, 4)], M("max", I(1)))
    op("min all", [x], M("min"))
    op("min dim", [x3], M("min", -1))
    op("torch.max dim", [x], F("max", I(0), 1))
    op("argmax all", [x], M("argmax"))
    op("argmax dim", [x], M("argmax", 1))
    op("argmax dim keepdim", [x3], M("argmax", dim=0, keepdim=True))
    op("argmin dim", [x], M("argmin", 0))
    op("argmin all", [x3], M("argmin"))
    op("norm default", [x], M("norm"))
    op("norm p1", [x], M("norm", 1))
    op("norm p2 dim", [x], M("norm", 2, 1))
    op("norm p2 dim keepdim kw", [x], M("norm", p=2, dim=1, keepdim=True))
    op("norm inf", [x], M("norm", float("inf")))
    op("norm -inf dim", [x], M("norm", float("-inf"), 0))
    op("norm inf dim kw", [x3], M("norm", p=float("inf"), dim=2))
    op("norm fro", [x], M("norm", "fro"))
    op("norm fro dims", [x3], M("norm", p="fro", dim=[1, 2]))
    op("norm p1 dims keepdim", [x3], M("norm", 1, (0, 2), True))
    op("norm p3", [x], M("norm", p=3))
    op("norm dim only kw", [x], M("norm", dim=0))
    op("torch.norm", [x], F("norm", I(0), p=1, dim=1))
    op("prod all", [uniform(0.5, 1.5, 3, 4)], M("prod"))
    op("prod dim", [uniform(0.5, 1.5, 3, 4)], M("prod", 1))
    op("prod dim keepdim", [uniform(0.5, 1.5, 3, 4)], M("prod", 0, keepdim=True))
    op("prod int", [vals([[1, 2, 3], [4, 5, 6]], "int64")], M("prod", 1))
    op("all", [vals([[True, False], [True, True]], "bool")], M("all"))
    op("all dim", [vals([[True, False], [True, True]], "bool")], M("all", 1))
    op("any", [vals([[False, False], [True, False]], "bool")], M("any"))
    op("any dim keepdim", [vals([[False, False], [True, False]], "bool")], M("any", 0, True))
    op("all float", [vals([1.0, 2.0, 0.0])], M("all"))
    op("logsumexp", [x], M("logsumexp", 1))
    op("logsumexp dims keepdim", [x3], M("logsumexp", [0, 2], keepdim=True))
    op("logsumexp kw", [x], M("logsumexp", dim=0))
    op("amax", [x3], M("amax", 1))
    op("median", [randn(7)], M("median"))
    op("median dim", [randn(3, 5)], M("median", 1))
    op("cummax", [randn(6)], M("cummax", 0))
    op("std_mean via torch", [x], F("std_mean", I(0), 1))
    op("var_mean unbiased False", [x], F("var_mean", I(0), 0, False))
    op("count_nonzero", [vals([[0.0, 1.0], [2.0, 0.0]])], M("count_nonzero"))
    op("sum empty dim -> all", [x], M("sum", []))
    op("mean of 0-d", [vals(2.5)], M("mean"))


def comparisons():
    a = randint(0, 3, 2, 3, dtype="float32")
    b = randint(0, 3, 2, 3, dtype="float32")
    for name in ["eq", "ne", "lt", "le", "gt", "ge"]:
        op(f"{name} tensor", [a, b], M(name, I(1)))
        op(f"{name} scalar", [a], M(name, 1))
    op("eq broadcast", [a, vals([0.0, 1.0, 2.0])], M("eq", I(1)))
    op("gt int float scalar", [vals([1, 2, 3], "int64")], M("gt", 1.5))
    op("lt int vs float tensor", [vals([1, 2, 3], "int64"), vals([1.5, 2.0, 2.5])], M("lt", I(1)))
    op("torch.eq", [a, b], F("eq", I(0), I(1)))
    op("isclose", [vals([1.0, 1.0001, 2.0, float("nan")]), vals([1.0, 1.0, 2.1, float("nan")])], M("isclose", I(1)))
    op("isclose rtol atol", [vals([1.0, 1.0001, 2.0]), vals([1.0, 1.0, 2.1])], M("isclose", I(1), rtol=0.0, atol=0.2))
    op("isclose equal_nan", [vals([1.0, float("nan")]), vals([1.0, float("nan")])], M("isclose", I(1), equal_nan=True))
    op("allclose true", [vals([1.0, 2.0]), vals([1.0, 2.0000001])], M("allclose", I(1)))
    op("allclose false", [vals([1.0, 2.0]), vals([1.0, 2.1])], M("allclose", I(1)))
    op("allclose atol kw", [vals([1.0, 2.0]), vals([1.0, 2.1])], M("allclose", I(1), atol=0.2))
    op("torch.allclose", [vals([1.0, 2.0]), vals([1.0, 2.0])], F("allclose", I(0), I(1)))
    op("equal true", [vals([1.0, 2.0]), vals([1.0, 2.0])], M("equal", I(1)))
    op("equal false", [vals([1.0, 2.0]), vals([1.0, 2.5])], M("equal", I(1)))
    op("torch.equal shapes differ", [vals([1.0, 2.0]), vals([[1.0, 2.0]])], F("equal", I(0), I(1)))
    op("isnan", [vals([1.0, float("nan"), float("inf")])], M("isnan"))
    op("isinf", [vals([1.0, float("nan"), float("-inf")])], M("isinf"))
    op("isfinite", [vals([1.0, float("nan"), float("-inf")])], M("isfinite"))
    op("logical_and", [vals([True, False, True], "bool"), vals([True, True, False], "bool")], M("logical_and", I(1)))
    op("logical_not float", [vals([0.0, 1.5, -2.0])], M("logical_not"))


def shapes():
    x = randn(2, 3, 4)
    op("view -1", [x], M("view", -1))
    op("view 6 -1", [x], M("view", 6, -1))
    op("view list", [x], M("view", [4, -1, 2]))
    op("reshape", [x], M("reshape", 4, 6))
    op("reshape -1 list", [x], M("reshape", [-1, 3]))
    op("reshape of transposed", [x], M("transpose", 0, 2), then=[S("reshape", -1)])
    op("torch.reshape", [x], F("reshape", I(0), (3, 8)))
    op("permute", [x], M("permute", 2, 0, 1))
    op("permute list", [x], M("permute", [1, 2, 0]))
    op("permute negative", [x], M("permute", -1, -3, -2))
    op("transpose", [x], M("transpose", 0, 2))
    op("transpose negative", [x], M("transpose", -1, -2))
    op("torch.transpose", [x], F("transpose", I(0), 1, 2))
    op("flatten", [x], M("flatten"))
    op("flatten start", [x], M("flatten", 1))
    op("flatten start end", [randn(2, 3, 2, 2)], M("flatten", 1, 2))
    op("flatten kw", [randn(2, 3, 2, 2)], M("flatten", start_dim=0, end_dim=1))
    op("torch.flatten", [x], F("flatten", I(0), 1))
    op("unflatten", [randn(2, 6)], M("unflatten", 1, (2, 3)))
    op("unflatten -1", [randn(2, 6)], M("unflatten", -1, (3, -1)))
    op("squeeze", [randn(1, 3, 1, 2)], M("squeeze"))
    op("squeeze dim", [randn(1, 3, 1, 2)], M("squeeze", 2))
    op("squeeze dim non-1 noop", [randn(1, 3, 1, 2)], M("squeeze", 1))
    op("unsqueeze 0", [randn(3)], M("unsqueeze", 0))
    op("unsqueeze -1", [randn(2, 3)], M("unsqueeze", -1))
    op("torch.unsqueeze", [randn(2, 3)], F("unsqueeze", I(0), 1))
    op("unsqueeze dim kw", [randn(3)], M("unsqueeze", dim=0))
    op("squeeze dim kw", [randn(2, 1)], M("squeeze", dim=1))
    op("transpose dims kw", [randn(2, 3)], M("transpose", dim0=0, dim1=1))
    op("select kw", [randn(2, 3)], M("select", dim=1, index=0))
    op("chunk", [randn(5, 2)], M("chunk", 3))
    op("chunk dim", [randn(2, 6)], M("chunk", 2, 1))
    op("chunk dim kw", [randn(2, 6)], M("chunk", 3, dim=1))
    op("torch.chunk", [randn(4)], F("chunk", I(0), 2))
    op("split size", [randn(5, 2)], M("split", 2))
    op("split sizes", [randn(5, 2)], M("split", [1, 4]))
    op("split size dim", [randn(2, 5)], M("split", 3, 1))
    op("split sections dim", [randn(2, 5)], M("split", [2, 2, 1], 1))
    op("split sections dim kw", [randn(2, 5)], M("split", [2, 3], dim=1))
    op("torch.split", [randn(6)], F("split", I(0), 4))
    op("cat dim0", [randn(2, 3), randn(1, 3)], F("cat", [I(0), I(1)]))
    op("cat dim1", [randn(2, 3), randn(2, 1)], F("cat", [I(0), I(1)], 1))
    op("cat dim -1 three", [randn(2, 1), randn(2, 2), randn(2, 1)], F("cat", [I(0), I(1), I(2)], -1))
    op("cat dim kw", [randn(2, 3), randn(2, 1)], F("cat", [I(0), I(1)], dim=1))
    op("cat int float promotes", [vals([1, 2], "int64"), vals([0.5])], F("cat", [I(0), I(1)]))
    op("stack", [randn(2, 3), randn(2, 3)], F("stack", [I(0), I(1)]))
    op("stack dim 1", [randn(2, 3), randn(2, 3)], F("stack", [I(0), I(1)], 1))
    op("stack dim -1", [randn(2, 3), randn(2, 3), randn(2, 3)], F("stack", [I(0), I(1), I(2)], -1))
    op("stack dim kw", [randn(2), randn(2)], F("stack", [I(0), I(1)], dim=1))
    op("repeat", [randn(2, 3)], M("repeat", 2, 1))
    op("repeat more dims", [randn(2, 3)], M("repeat", 2, 1, 3))
    op("repeat list", [randn(3)], M("repeat", [2, 2]))
    op("repeat_interleave int", [randn(3)], M("repeat_interleave", 2))
    op("repeat_interleave dim", [randn(2, 3)], M("repeat_interleave", 2, dim=1))
    op("repeat_interleave tensor", [randn(3), vals([1, 0, 2], "int64")], M("repeat_interleave", I(1)))
    op("repeat_interleave tensor dim", [randn(2, 3), vals([2, 1], "int64")], M("repeat_interleave", I(1), dim=0))
    op("expand", [randn(3, 1)], M("expand", 3, 4))
    op("expand -1", [randn(3, 1)], M("expand", 2, -1, 4))
    op("expand list", [randn(1, 3)], M("expand", [2, 3]))
    op("expand_as", [randn(3, 1), randn(3, 4)], M("expand_as", I(1)))
    op("contiguous of transposed", [randn(2, 3)], M("t"), then=[S("contiguous")])
    op("is_contiguous transposed", [randn(2, 3)], M("t"), then=[S("is_contiguous")], grad=False)
    op("view_as", [randn(6), randn(2, 3)], M("view_as", I(1)))
    op("swapaxes", [x], M("swapaxes", 0, 1))
    op("movedim", [x], M("movedim", 0, 2))
    op("unbind", [randn(2, 3)], M("unbind", 1))
    op("narrow", [randn(4, 3)], M("narrow", 0, 1, 2))
    op("narrow negative start", [randn(4, 3)], M("narrow", 1, -2, 2))
    op("diagonal", [randn(3, 3)], M("diagonal"))
    op("tile", [randn(2)], M("tile", (2, 2)))
    op("shape property", [x], M("size"), grad=False)
    op("size dim", [x], M("size", -1), grad=False)
    op("dim", [x], M("dim"), grad=False)
    op("numel", [x], M("numel"), grad=False)


def indexing():
    x = randn(4, 3)
    op("select", [x], M("select", 0, 2))
    op("select negative", [x], M("select", 1, -1))
    op("torch.select", [x], F("select", I(0), 1, 0))
    op("index_select", [x, vals([2, 0, 2], "int64")], M("index_select", 0, I(1)))
    op("index_select dim1", [x, vals([1], "int64")], M("index_select", 1, I(1)))
    op("torch.index_select", [x, vals([0, 1], "int64")], F("index_select", I(0), 1, I(1)))
    op("gather", [x, vals([[0, 2], [1, 1], [2, 0], [0, 0]], "int64")], M("gather", 1, I(1)))
    op("gather dim0", [x, vals([[3, 2, 1]], "int64")], M("gather", 0, I(1)))
    op("torch.gather", [x, vals([[0], [1], [2], [0]], "int64")], F("gather", I(0), 1, I(1)))
    op("scatter src", [zeros(3, 4), vals([[0, 1], [2, 3], [1, 1]], "int64"), randn(3, 2)], M("scatter", 1, I(1), I(2)))
    op("scatter value", [zeros(3, 4), vals([[0, 1], [2, 3], [1, 0]], "int64")], M("scatter", 1, I(1), 2.5))
    op("scatter value kw", [zeros(3, 4), vals([[0], [2], [3]], "int64")], M("scatter", 1, I(1), value=-1.5))
    op("scatter src grad", [randn(3, 4), vals([[0, 1], [2, 3], [1, 0]], "int64"), randn(3, 2)], M("scatter", 1, I(1), I(2)))
    op("scatter_add", [zeros(2, 3), vals([[0, 0, 1], [2, 2, 2]], "int64"), randn(2, 3)], M("scatter_add", 1, I(1), I(2)))
    op("scatter_ value", [zeros(2, 3), vals([[0], [2]], "int64")], M("scatter_", 1, I(1), 4.5), grad=False)
    op("masked_fill", [x, boolmask(4, 3)], M("masked_fill", I(1), 0.5))
    op("masked_fill broadcast mask", [x, vals([True, False, True], "bool")], M("masked_fill", I(1), -2))
    op("masked_fill -inf", [x, boolmask(4, 3)], M("masked_fill", I(1), float("-inf")), grad=False)
    op("masked_fill 0-d tensor value", [x, boolmask(4, 3), vals(3.25)], M("masked_fill", I(1), I(2)), grad=False)
    op("masked_fill_", [randn(4, 3, grad=False), boolmask(4, 3)], M("masked_fill_", I(1), 1.5), grad=False)
    op("where", [boolmask(4, 3), x, randn(4, 3)], F("where", I(0), I(1), I(2)))
    op("where broadcast", [boolmask(4, 1), x, randn(3)], F("where", I(0), I(1), I(2)))
    op("where scalar other", [boolmask(4, 3), x], F("where", I(0), I(1), 0.0 + 0.5))
    op("where single arg", [vals([[0.0, 1.0], [2.0, 0.0]])], F("where", I(0)), grad=False)
    op("tensor.where", [x, boolmask(4, 3), randn(4, 3)], M("where", I(1), I(2)))
    op("index bool mask", [x, boolmask(4, 3)], X(I(1)))
    op("index bool mask rows", [x, vals([True, False, True, True], "bool")], X(I(1)))
    op("index long tensor", [x, vals([3, 0, 3], "int64")], X(I(1)))
    op("index long 2d tensor", [x, vals([[0, 1], [3, 2]], "int64")], X(I(1)))
    op("index int list", [x], X([2, 0]))
    op("index [:, 1]", [x], X(Sl(), 1))
    op("index [1:3]", [x], X(Sl(1, 3)))
    op("index [::2]", [x], X(Sl(None, None, 2)))
    op("index [-1]", [x], X(-1))
    op("index [1, 2]", [x], X(1, 2))
    op("index [..., None]", [x], X(Ellipsis, None))
    op("index [None]", [x], X(None))
    op("index [..., 0]", [randn(2, 3, 4)], X(Ellipsis, 0))
    op("index [1:, ::2]", [x], X(Sl(1, None), Sl(None, None, 2)))
    op("index [:, idx]", [x, vals([2, 0], "int64")], X(Sl(), I(1)))
    op("index [idx, idx]", [x, vals([0, 3], "int64"), vals([2, 1], "int64")], X(I(1), I(2)))
    op("index negative slice", [x], X(Sl(-3, -1)))
    op("index_put_", [zeros(5), vals([0, 3], "int64"), vals([1.5, -2.0])], M("index_put_", (I(1),), I(2)), grad=False)
    op("index_put_ accumulate", [zeros(5), vals([0, 3, 0], "int64"), vals([1.5, -2.0, 1.0])], M("index_put_", (I(1),), I(2), True), grad=False)
    op("index_put_ accumulate kw", [zeros(5), vals([1, 1, 1], "int64"), vals([1.0, 2.0, 3.0])], M("index_put_", (I(1),), I(2), accumulate=True), grad=False)
    op("index_put_ 2d", [zeros(3, 3), vals([0, 2], "int64"), vals([1, 2], "int64"), vals([7.0, 8.0])], M("index_put_", (I(1), I(2)), I(3)), grad=False)
    op("index_put_ bool mask", [zeros(2, 2), vals([[True, False], [False, True]], "bool"), vals(9.0)], M("index_put_", (I(1),), I(2)), grad=False)
    op("index_put grad", [randn(5), vals([0, 3], "int64"), randn(2)], M("index_put", (I(1),), I(2)))
    op("index_add", [zeros(3, 2), vals([0, 2, 0], "int64"), randn(3, 2)], M("index_add", 0, I(1), I(2)))
    op("index_fill", [randn(3, 2), vals([1], "int64")], M("index_fill", 0, I(1), -1.0 + 0.5))
    op("masked_select", [x, boolmask(4, 3)], M("masked_select", I(1)))
    op("take", [x, vals([0, 5, 11], "int64")], M("take", I(1)))
    op("nonzero", [vals([[0.0, 1.0], [2.0, 0.0]])], M("nonzero"), grad=False)
    op("nonzero as_tuple", [vals([[0.0, 1.0], [2.0, 0.0]])], M("nonzero", as_tuple=True), grad=False)


def inplace():
    x = randn(2, 3, grad=False)
    op("add_ tensor", [x, randn(2, 3, grad=False)], M("add_", I(1)), grad=False)
    op("add_ scalar", [x], M("add_", 1.5), grad=False)
    op("add_ alpha", [x, randn(3, grad=False)], M("add_", I(1), alpha=-2), grad=False)
    op("sub_ alpha", [x, randn(2, 3, grad=False)], M("sub_", I(1), alpha=0.5), grad=False)
    op("mul_ tensor", [x, randn(2, 3, grad=False)], M("mul_", I(1)), grad=False)
    op("mul_ scalar", [x], M("mul_", -3), grad=False)
    op("div_ rounding", [x, uniform(0.3, 1, 2, 3, grad=False)], M("div_", I(1), rounding_mode="floor"), grad=False)
    op("pow_", [uniform(0.5, 2, 4, grad=False)], M("pow_", 2), grad=False)
    op("zero_", [x], M("zero_"), grad=False)
    op("fill_ scalar", [x], M("fill_", 2.5), grad=False)
    op("fill_ 0-d tensor", [x, vals(-1.25)], M("fill_", I(1)), grad=False)
    op("fill_ int tensor", [vals([1, 2, 3], "int64")], M("fill_", 7), grad=False)
    op("clamp_", [x], M("clamp_", -0.5, 0.5), grad=False)
    op("clamp_ min kw", [x], M("clamp_", min=0.0), grad=False)
    op("clamp_ max kw", [x], M("clamp_", max=0.0), grad=False)
    op("copy_", [x, randn(2, 3, grad=False)], M("copy_", I(1)), grad=False)
    op("copy_ broadcast", [x, randn(3, grad=False)], M("copy_", I(1)), grad=False)
    op("copy_ casts", [x, vals([[1, 2, 3], [4, 5, 6]], "int64")], M("copy_", I(1)), grad=False)
    op("copy_ into int truncates", [vals([0, 0, 0], "int32"), vals([1.7, -1.7, 2.5])], M("copy_", I(1)), grad=False)
    op("exp_", [x], M("exp_"), grad=False)
    op("relu_", [x], M("relu_"), grad=False)
    op("neg_", [x], M("neg_"), grad=False)
    op("sigmoid_", [x], M("sigmoid_"), grad=False)
    op("t_ then", [x], M("mul_", 2), then=[S("add_", 1)], grad=False)
    op("unsqueeze_", [randn(3, grad=False)], M("unsqueeze_", 0), grad=False)
    op("in-place on view writes base", [x], M("select", 0, 1), then=[S("fill_", 5), S("mul", 1, on=0)], grad=False)
    op("add_ int tensor with int", [vals([1, 2, 3], "int64")], M("add_", 4), grad=False)


def promotion():
    op("int64 + float32", [vals([1, 2, 3], "int64"), vals([0.5, 0.25, 0.125])], M("add", I(1)))
    op("int64 + 1.5", [vals([1, 2, 3], "int64")], M("add", 1.5))
    op("int64 * 2", [vals([1, 2, 3], "int64")], M("mul", 2))
    op("int32 + int64", [vals([1, 2, 3], "int32"), vals([4, 5, 6], "int64")], M("add", I(1)))
    op("int32 + 3 stays int32", [vals([1, 2, 3], "int32")], M("add", 3))
    op("int8 + uint8 -> int16", [vals([1, -2, 3], "int8"), vals([200, 2, 3], "uint8")], M("add", I(1)))
    op("uint8 + 1", [vals([254, 3], "uint8")], M("add", 1))
    op("float32 + float64", [vals([0.1, 0.2]), vals([0.3, 0.4], "float64")], M("add", I(1)))
    op("float64 tensor + float32 0-d", [vals([0.1, 0.2], "float64"), vals(0.3)], M("add", I(1)))
    op("float32 + float64 0-d stays float32", [vals([0.1, 0.2]), vals(0.3, "float64")], M("add", I(1)))
    op("int 0-d + float tensor", [vals(3, "int64"), vals([0.5, 1.5])], M("add", I(1)))
    op("float16 + float32", [vals([0.1, 0.2], "float16"), vals([0.3, 0.4])], M("add", I(1)))
    op("bfloat16 * 3", [vals([0.1, 0.2, 1000.0], "bfloat16")], M("mul", 3))
    op("float16 matmul", [vals([[0.5, 1.0], [1.5, 2.0]], "float16"), vals([[1.0], [2.0]], "float16")], M("mul", I(1)))
    op("bool + bool", [vals([True, False, True], "bool"), vals([True, True, False], "bool")], M("add", I(1)))
    op("bool + int", [vals([True, False], "bool"), vals([2, 3], "int64")], M("add", I(1)))
    op("bool * 1.5", [vals([True, False], "bool")], M("mul", 1.5))
    op("bool + float tensor", [vals([True, False], "bool"), vals([0.5, 0.5])], M("add", I(1)))
    op("int tensor / int scalar", [vals([1, 2, 3], "int64")], M("div", 2))
    op("int tensor // via floor_divide scalar", [vals([-3, 2, 7], "int64")], M("floor_divide", 2))
    op("int tensor remainder scalar", [vals([-3, 2, 7], "int64")], M("remainder", 3))
    op("int tensor pow float", [vals([1, 2, 3], "int64")], M("pow", 0.5))
    op("int tensor mean with dtype", [vals([1, 2, 4], "int64")], M("mean", dtype=torch.float64))
    op("to float64", [vals([1, 2, 3], "int64")], M("to", torch.float64))
    op("to int32 truncates", [vals([1.7, -1.7, 2.5])], M("to", torch.int32))
    op("to bool", [vals([0.0, 0.1, -2.0])], M("to", torch.bool))
    op("double()", [vals([0.1, 0.2])], M("double"))
    op("float() of int", [vals([1, 2], "int64")], M("float"))
    op("long() of float", [vals([2.9, -2.9])], M("long"))
    op("half()", [vals([0.1, 1.0 / 3])], M("half"))
    op("bool()", [vals([0, 3], "int64")], M("bool"))
    op("int8 wraparound add", [vals([100, -100], "int8")], M("add", 100))
    op("item float", [vals([2.5])], M("item"), grad=False)
    op("item int", [vals(7, "int64")], M("item"), grad=False)
    op("item bool", [vals(True, "bool")], M("item"), grad=False)
    op("tolist 2d", [vals([[1, 2], [3, 4]], "int32")], M("tolist"), grad=False)


def dispatcher():
    d = lambda *a, **k: case("dispatcher", *a, **k)
    d("aten.hardswish", [randn(2, 3)], A("hardswish", None, I(0)))
    d("aten.add.Tensor alpha", [randn(2, 3), randn(2, 3)], A("add", "Tensor", I(0), I(1), alpha=2))
    d("aten.add.Scalar", [randn(3)], A("add", "Scalar", I(0), 1.5))
    d("aten.add resolves Tensor", [randn(3), randn(3)], A("add", None, I(0), I(1)))
    d("aten.sum.dim_IntList", [randn(2, 3, 4)], A("sum", "dim_IntList", I(0), [0, 2]))
    d("aten.sum dim list resolves", [randn(2, 3, 4)], A("sum", None, I(0), [1, 2], True))
    d("aten.sum.default", [randn(2, 3)], A("sum", "default", I(0)))
    d("aten.max.dim", [randn(3, 4)], A("max", "dim", I(0), 1))
    d("aten.max dim resolves", [randn(3, 4)], A("max", None, I(0), 0, True))
    d("aten.max default", [randn(3, 4)], A("max", None, I(0)))
    d("aten.max other", [randn(3, 4), randn(3, 4)], A("max", "other", I(0), I(1)))
    d("aten.mean.dim kw", [randn(2, 3)], A("mean", "dim", I(0), [1], keepdim=True))
    d("aten.std.correction", [randn(3, 4)], A("std", "correction", I(0), [1], correction=0))
    d("aten.linear", [randn(2, 3), randn(4, 3), randn(4)], A("linear", None, I(0), I(1), I(2)))
    d("aten.gelu tanh", [randn(5)], A("gelu", None, I(0), approximate="tanh"))
    d("aten.leaky_relu", [randn(5)], A("leaky_relu", None, I(0), 0.2))
    d("aten.softplus", [randn(5)], A("softplus", None, I(0), 2, 10))
    d("aten.clamp Tensor overload", [randn(4), vals([-0.5, -0.5, 0.0, 0.0]), vals([0.5, 0.5, 1.0, 1.0])], A("clamp", "Tensor", I(0), I(1), I(2)))
    d("aten.where.self", [boolmask(3), randn(3), randn(3)], A("where", "self", I(0), I(1), I(2)))
    d("aten.zeros dtype", [], A("zeros", None, [2, 2], dtype=torch.int32), grad=False)
    d("aten.arange.start_step", [], A("arange", "start_step", 1, 10, 3), grad=False)
    d("aten.cat", [randn(2), randn(3)], A("cat", None, [I(0), I(1)]))
    d("aten.split_with_sizes", [randn(5)], A("split_with_sizes", None, I(0), [2, 3]))
    d("aten.sort returns tuple", [randn(5)], A("sort", None, I(0), 0, True))
    d("aten.topk", [randn(6)], A("topk", None, I(0), 2))
    d("aten.mse_loss", [randn(4), randn(4)], A("mse_loss", None, I(0), I(1)))
    d("aten.native_layer_norm", [randn(2, 3), randn(3), randn(3)], A("native_layer_norm", None, I(0), [3], I(1), I(2), 1e-5), grad=False)
    d("aten.embedding", [randn(5, 2), vals([[0, 4], [2, 2]], "int64")], A("embedding", None, I(0), I(1)))
    d("aten.is_nonzero", [vals([1.5])], A("is_nonzero", None, I(0)), grad=False)
    d("aten.size.int", [randn(2, 5)], A("size", "int", I(0), 1), grad=False)


def random_streams():
    r = lambda name, call, seed, inputs=None, **k: case("random", name, inputs or [], call, seed=seed, grad=False, **k)
    r("rand 5", F("rand", 5), 0)
    r("rand 2x3", F("rand", 2, 3), 1)
    r("rand list size", F("rand", [2, 2]), 42)
    r("rand float64", F("rand", 4, dtype=torch.float64), 3)
    r("randn 6", F("randn", 6), 0)
    r("randn 3x4", F("randn", 3, 4), 123)
    r("randn float64", F("randn", 5, dtype=torch.float64), 7)
    r("randn 17 (vectorized path)", F("randn", 17), 5)
    r("randint high", F("randint", 10, (8,)), 0)
    r("randint low high", F("randint", -5, 5, (2, 4)), 11)
    r("randint dtype", F("randint", 0, 100, (6,), dtype=torch.int32), 12)
    r("randperm 8", F("randperm", 8), 0)
    r("randperm 20", F("randperm", 20), 99)
    r("normal mean std size", F("normal", 2.5, 3.5, (5,)), 0)
    r("normal size kw", F("normal", 0.5, 2.5, size=(4,)), 1)
    r("randint size kw", F("randint", 0, 10, size=(5,)), 2)
    r("normal tensors", F("normal", I(0), I(1)), 4, inputs=[vals([0.0, 10.0, -10.0]), vals([1.0, 0.5, 2.0])])
    r("normal tensor mean scalar std", F("normal", I(0), 0.5), 6, inputs=[vals([0.0, 10.0, -10.0])])
    r("normal_ on zeros", M("normal_"), 0, inputs=[zeros(6)])
    r("normal_ mean std", M("normal_", 1.5, 0.25), 1, inputs=[zeros(2, 3)])
    r("normal_ kw", M("normal_", mean=-1.5, std=2.5), 2, inputs=[zeros(4)])
    r("uniform_ default", M("uniform_"), 0, inputs=[zeros(6)])
    r("uniform_ bounds", M("uniform_", -2, 3), 3, inputs=[zeros(2, 3)])
    r("uniform_ kw", M("uniform_", 0.5, to=0.75), 4, inputs=[zeros(5)])
    r("bernoulli_ p", M("bernoulli_", 0.3), 0, inputs=[zeros(10)])
    r("bernoulli_ p kw", M("bernoulli_", p=0.8), 5, inputs=[zeros(3, 3)])
    r("bernoulli probs tensor", F("bernoulli", I(0)), 9, inputs=[vals([0.1, 0.5, 0.9, 0.3, 0.7, 0.2])])
    r("rand then randn continue stream", F("rand", 3), 8, then=[S("add", 0)])
    r("rand_like", F("rand_like", I(0)), 13, inputs=[zeros(2, 2)])
    r("randn_like float64", F("randn_like", I(0)), 14, inputs=[zeros(3, dtype="float64")])
    r("multinomial", F("multinomial", I(0), 4, True), 15, inputs=[vals([0.1, 0.2, 0.7])])
    r("exponential_", M("exponential_"), 16, inputs=[zeros(4)])
    r("random_ int", M("random_", 0, 10), 17, inputs=[zeros(5, dtype="int64")])
    r("dropout-style bernoulli_ on ones", M("bernoulli_", 0.5), 18, inputs=[zeros(8)])


def creation():
    c = lambda name, call, **k: case("creation", name, [], call, grad=False, **k)
    c("arange end", F("arange", 5))
    c("arange start end", F("arange", 2, 7))
    c("arange step", F("arange", 1, 4, 0.5))
    c("arange float step", F("arange", 0, 1, 0.1))
    c("arange negative step", F("arange", 5, -1, -2))
    c("arange float end", F("arange", 2.5))
    c("arange dtype", F("arange", 4, dtype=torch.float64))
    c("arange int dtype from float", F("arange", 0, 3, dtype=torch.int32))
    c("linspace", F("linspace", 0, 1, 5))
    c("linspace negative", F("linspace", -1.5, 2.5, 9))
    c("linspace steps 1", F("linspace", 3, 10, 1))
    c("linspace float64", F("linspace", 0, 1, 7, dtype=torch.float64))
    c("linspace steps kw", F("linspace", 0, 1, steps=5))
    c("logspace", F("logspace", 0, 2, 3))
    c("logspace base", F("logspace", 0, 3, 4, 2))
    c("logspace base kw", F("logspace", -1, 1, 3, base=3))
    c("eye", F("eye", 3))
    c("eye n m", F("eye", 2, 4))
    c("eye dtype", F("eye", 2, dtype=torch.int64))
    c("full float", F("full", (2, 2), 7.5))
    c("full int", F("full", (3,), 4))
    c("full bool", F("full", (2,), True))
    c("full dtype", F("full", (2, 1), 3, dtype=torch.float32))
    c("zeros", F("zeros", 2, 3))
    c("zeros list", F("zeros", [3]))
    c("zeros int32", F("zeros", 2, dtype=torch.int32))
    c("zeros 0-d", F("zeros", []))
    c("ones", F("ones", 3))
    c("ones bool", F("ones", 2, 2, dtype=torch.bool))
    c("ones float16", F("ones", 2, dtype=torch.float16))
    c("ones uint8", F("ones", 3, dtype=torch.uint8))
    c("ones_like", F("ones_like", I(0)), )
    CASES[-1]["inputs"] = [vals([[1, 2], [3, 4]], "int32")]
    c("zeros_like dtype", F("zeros_like", I(0), dtype=torch.float64))
    CASES[-1]["inputs"] = [vals([1, 2], "int64")]
    c("full_like", F("full_like", I(0), 2.5))
    CASES[-1]["inputs"] = [vals([1.0, 2.0, 3.0])]
    c("empty shape", F("empty", 2, 0), )
    c("tensor nested", F("tensor", [[1, 2], [3, 4]]))
    c("tensor float", F("tensor", [0.5, 1.5]))
    c("tensor bool", F("tensor", [True, False]))
    c("tensor scalar", F("tensor", 3.5))
    c("tensor int scalar", F("tensor", 3))
    c("tensor mixed int/float", F("tensor", [1, 2.5]))
    c("tensor dtype", F("tensor", [1, 2], dtype=torch.float64))
    c("tensor empty", F("tensor", []))
    c("tensor 3d", F("tensor", [[[1.5], [2.5]], [[3.5], [4.5]]]))


def roundtrips():
    rt = []
    rt.append(("float32", [0.1, 1.0 / 3, -2.5, 1e-8, 3.4e38]))
    rt.append(("float32", [[1.5, -0.0], [float("inf"), float("nan")]]))
    rt.append(("float64", [0.1, 1.0 / 3, 1e-300, -1.7976931348623157e308]))
    rt.append(("float16", [0.1, 1.0 / 3, 65504.0, -2.5, 1e-5, 70000.0]))
    rt.append(("bfloat16", [0.1, 1.0 / 3, 3.0e38, -2.5, 1e-20, 257.0]))
    rt.append(("int64", [0, -1, 2 ** 53 - 1, -(2 ** 53)]))
    rt.append(("int32", [0, -1, 2 ** 31 - 1, -(2 ** 31)]))
    rt.append(("int16", [0, -1, 32767, -32768]))
    rt.append(("int8", [0, -1, 127, -128]))
    rt.append(("uint8", [0, 1, 128, 255]))
    rt.append(("bool", [True, False, True]))
    rt.append(("bool", [[True], [False]]))
    rt.append(("int32", [[1, 2, 3], [4, 5, 6]]))
    rt.append(("float64", [[[1.25]]]))
    rt.append(("float32", [1, 2, 3]))
    rt.append(("int64", [1.9, -1.9, 2.5]))
    rt.append(("int32", [1.9, -1.9]))
    rt.append(("bool", [0, 1, 2]))
    rt.append(("bool", [0.0, 0.5]))
    rt.append(("float32", [True, False]))
    for i, (dt, data) in enumerate(rt):
        CASES.append(dict(group="roundtrip", name=f"{dt} {i}", dtype=dt, data=data))


def errors():
    e = lambda name, inputs, call, then=None: case("errors", name, inputs, call, then=then, grad=False)
    e("add shape mismatch", [randn(2, 3, grad=False), randn(4, grad=False)], M("add", I(1)))
    e("mul shape mismatch 2d", [randn(2, 3, grad=False), randn(3, 2, grad=False)], M("mul", I(1)))
    e("matmul mismatch", [randn(2, 3, grad=False), randn(4, 5, grad=False)], M("matmul", I(1)))
    e("mm mismatch", [randn(2, 3, grad=False), randn(2, 3, grad=False)], M("mm", I(1)))
    e("bmm of 2d", [randn(2, 3, grad=False), randn(3, 2, grad=False)], M("bmm", I(1)))
    e("matmul 0-d", [vals(1.0), randn(3, grad=False)], M("matmul", I(1)))
    e("view incompatible size", [randn(6, grad=False)], M("view", 4))
    e("view two -1", [randn(6, grad=False)], M("view", -1, -1))
    e("view non-contiguous", [randn(2, 3, grad=False)], M("t"), then=[S("view", -1)])
    e("reshape invalid", [randn(6, grad=False)], M("reshape", 4, 2))
    e("select index out of range", [randn(3, grad=False)], M("select", 0, 5))
    e("select dim out of range", [randn(3, grad=False)], M("select", 2, 0))
    e("index int out of range", [randn(3, grad=False)], X(3))
    e("index negative step", [randn(3, grad=False)], X(Sl(None, None, -1)))
    e("index too many", [randn(2, 3, grad=False)], X(0, 0, 0))
    e("empty huge size", [], F("empty", 10 ** 15))
    e("sum dim out of range", [randn(2, 3, grad=False)], M("sum", 5))
    e("mean dim out of range negative", [randn(2, 3, grad=False)], M("mean", -3))
    e("mean of int", [vals([1, 2], "int64")], M("mean"))
    e("cat mismatched shapes", [randn(2, 3, grad=False), randn(2, 4, grad=False)], F("cat", [I(0), I(1)]))
    e("cat empty list", [], F("cat", []))
    e("cat dim out of range", [randn(2, grad=False), randn(2, grad=False)], F("cat", [I(0), I(1)], 1))
    e("stack mismatched shapes", [randn(3, grad=False), randn(4, grad=False)], F("stack", [I(0), I(1)]))
    e("requires_grad on int tensor", [vals([1, 2], "int64")], M("requires_grad_"))
    e("backward on non-scalar", [randn(3)], M("mul", 2), then=[S("backward")])
    e("backward without grad", [randn(3, grad=False)], M("sum"), then=[S("backward")])
    e("backward gradient shape mismatch", [randn(3), vals([1.0, 1.0])], M("mul", 2), then=[S("backward", I(1))])
    e("second backward without retain_graph", [randn(3)], M("exp"), then=[S("sum"), S("backward"), S("backward", on=1)])
    e("in-place on leaf requiring grad", [randn(3)], M("add_", 1))
    e("index_select out of range", [randn(3, grad=False), vals([5], "int64")], M("index_select", 0, I(1)))
    e("index_select float index", [randn(3, grad=False), vals([0.0])], M("index_select", 0, I(1)))
    e("gather dims mismatch", [randn(2, 3, grad=False), vals([0], "int64")], M("gather", 1, I(1)))
    e("expand invalid", [randn(3, grad=False)], M("expand", 4))
    e("permute wrong length", [randn(2, 3, grad=False)], M("permute", 0))
    e("transpose dim out of range", [randn(2, 3, grad=False)], M("transpose", 0, 2))
    e("narrow out of range", [randn(3, grad=False)], M("narrow", 0, 2, 5))
    e("item of many elements", [randn(3, grad=False)], M("item"))
    e("unflatten wrong sizes", [randn(2, 6, grad=False)], M("unflatten", 1, (4, 2)))
    e("chunk zero", [randn(4, grad=False)], M("chunk", 0))
    e("split sizes mismatch", [randn(5, grad=False)], M("split", [2, 2]))
    e("bool mask shape mismatch", [randn(3, grad=False), vals([True, False], "bool")], X(I(1)))
    e("masked_fill value not 0-d", [randn(3, grad=False), vals([True, False, True], "bool"), vals([1.0, 2.0])], M("masked_fill", I(1), I(2)))
    e("int div by zero floor", [vals([1], "int64"), vals([0], "int64")], M("div", I(1), rounding_mode="floor"))
    e("squeeze dim out of range", [randn(2, 1, grad=False)], M("squeeze", 3))
    e("randperm negative", [], F("randperm", -1))
    e("arange bad step", [], F("arange", 0, 5, -1))
    e("linspace negative steps", [], F("linspace", 0, 1, -2))
    e("zeros negative size", [], F("zeros", 2, -3))
    e("index_put_ accumulate shape mismatch", [randn(5, grad=False), vals([0, 1], "int64"), vals([1.0, 2.0, 3.0])], M("index_put_", (I(1),), I(2), True))
    e("clamp without bounds", [randn(3, grad=False)], M("clamp"))
    e("pow int negative exponent", [vals([2], "int64")], M("pow", -1))
    e("scatter index dims mismatch", [zeros(3, 3), vals([0, 1], "int64"), randn(2, grad=False)], M("scatter", 1, I(1), I(2)))


# ---------------------------------------------------------------- run
def build(c, idx):
    if c["group"] == "roundtrip":
        t = torch.tensor(c["data"], dtype=getattr(torch, c["dtype"]))
        return {"group": "roundtrip", "name": c["name"], "dtype": c["dtype"], "data": encode.plain(c["data"]),
                "expected": encode.plain(t.tolist()), "shape": list(t.shape)}
    torch.manual_seed(1000 + idx)
    tensors = [materialize(s) for s in c["inputs"]]
    for s, t in zip(c["inputs"], tensors):
        if s["grad"] and t.dtype.is_floating_point and c["grad"] and c["group"] != "errors":
            t.requires_grad_(True)
        if c["group"] == "errors" and s["grad"] and t.dtype.is_floating_point:
            t.requires_grad_(True)
    rec = {
        "group": c["group"], "name": c["name"],
        "inputs": [enc_input(s, t) | {"requires_grad": t.requires_grad} for s, t in zip(c["inputs"], tensors)],
        "call": enc_call(c["call"]),
        "then": [enc_call(s) | ({"on": s["on"]} if "on" in s else {}) for s in c["then"]],
    }
    if c["seed"] is not None:
        rec["seed"] = c["seed"]
    if c["tol"] is not None:
        rec["tol"] = c["tol"]
    if c["group"] == "errors":
        try:
            if c["seed"] is not None:
                torch.manual_seed(c["seed"])
            r = run_call(c["call"], tensors)
            run_steps(r, c["then"], tensors)
        except Exception as ex:  # noqa: BLE001
            rec.update(encode.error(ex))
            return rec
        raise AssertionError(f"error case did not raise: {c['name']}")
    if c["seed"] is not None:
        torch.manual_seed(c["seed"])
    result = run_call(c["call"], tensors)
    result = run_steps(result, c["then"], tensors)
    rec["out"] = encode.result(result)
    if c["call"]["kind"] == "method" and isinstance(result, torch.Tensor) and not c["then"]:
        rec["is_self"] = result is tensors[c["call"]["target"]]
    if c["call"].get("name", "").endswith("_") and c["call"]["kind"] == "method":
        rec["target_after"] = encode.tensor(tensors[c["call"]["target"]])
    # gradient of (out * w).sum()
    g_out = result
    if isinstance(result, (tuple, list)) and result and isinstance(result[0], torch.Tensor):
        g_out = result[0]
    if c["grad"] and isinstance(g_out, torch.Tensor) and g_out.requires_grad and g_out.dtype.is_floating_point:
        torch.manual_seed(7)
        w = torch.randn(g_out.shape).to(g_out.dtype)
        (g_out * w).sum().backward()
        rec["w"] = encode.tensor(w)
        rec["grads"] = [encode.tensor(t.grad) if t.requires_grad and t.grad is not None else None for t in tensors]
    return rec


def main():
    for f in (arith, unary, linalg, reductions, comparisons, shapes, indexing, inplace, promotion, dispatcher,
              random_streams, creation, roundtrips, errors):
        f()
    names = set()
    out = []
    for i, c in enumerate(CASES):
        key = (c["group"], c["name"])
        assert key not in names, f"duplicate case name {key}"
        names.add(key)
        out.append(build(c, i))
    encode.write("ops", {"cases": out})


if __name__ == "__main__":
    main()
