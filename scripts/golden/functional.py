#!/usr/bin/python3
"""Golden fixture for torchts' torch.nn.functional (test/nn_functional.test.ts).

Run with Debian's interpreter (the one that has python3-torch 1.13):

    /usr/bin/python3 scripts/golden/functional.py      (or: npm run golden -- functional)

Writes test/golden/functional.json: {"torch_version": ..., "cases": [...]}, encoded as
scripts/golden/encode.py describes. Each case calls
F.<fn>(*args, **kwargs) on its inputs:

  inputs:  [{values (flat, row-major), shape, dtype, requires_grad}]
  args:    positional arguments; kwargs: keyword arguments (the TS test passes them as one
           trailing options object). {"$in": i} -> inputs[i].
  seed:    torch.manual_seed(seed) right before the call (dropout, rrelu, gumbel streams)

Cases of a parameter newer than some releases (F.mse_loss's weight) are value cases where the running
PyTorch has it and error cases (its TypeError) where it does not.

Value cases hold `out` (encode.result), `is_self` for in-place calls (the
result is inputs[0]), `after` ({i: tensor}: inputs changed in place, e.g. running stats) and,
for differentiable results, `w` and `grads`: the gradient of (out * w).sum() (out[0] for tuple
results) with respect to every input (null where none flows). Error cases hold `error` (encode.error).

Input values are rounded to 3 decimals, which keeps the fixture small.
"""
import json
import warnings

import torch
import torch.nn.functional as F

import encode
from replay import I, In, materialize, ones, probs, randn, resolve, sign, uniform, vals, zeros


def rounded(t):
    """Inputs and weights rounded to 3 decimals, which keeps the fixture small."""
    return torch.tensor((t * 1000).round().div(1000).tolist(), dtype=torch.float32)


# ---------------------------------------------------------------- cases
CASES = []


def case(fn, inputs, *args, seed=None, after=None, name=None, **kwargs):
    CASES.append(dict(kind="value", fn=fn, name=name, inputs=inputs, args=list(args), kwargs=kwargs, seed=seed, after=after or []))


def error(fn, inputs, *args, name=None, **kwargs):
    CASES.append(dict(kind="error", fn=fn, name=name, inputs=inputs, args=list(args), kwargs=kwargs, seed=None, after=[]))


def newer(fn, inputs, *args, name=None, **kwargs):
    """A call with a parameter that older releases lack: a value case where PyTorch binds it, else
    an error case with the TypeError it raises."""
    CASES.append(dict(kind="newer", fn=fn, name=name, inputs=inputs, args=list(args), kwargs=kwargs, seed=None, after=[]))


def activations():
    x = randn(3, 4)
    wide = uniform(-8, 8, 3, 4)
    fixed = lambda: randn(3, 4, grad=False)
    case("relu", [x], I(0))
    case("relu", [fixed()], I(0), inplace=True)
    case("relu", [fixed()], I(0), True)
    case("relu6", [wide], I(0))
    case("relu6", [uniform(-8, 8, 3, 4, grad=False)], I(0), inplace=True)
    case("leaky_relu", [x], I(0))
    case("leaky_relu", [x], I(0), negative_slope=0.2)
    case("leaky_relu", [x], I(0), 0.1)
    case("leaky_relu", [fixed()], I(0), 0.3, True)
    case("rrelu", [x], I(0))
    case("rrelu", [x], I(0), lower=0.1, upper=0.5)
    case("rrelu", [x], I(0), training=True, seed=7)
    case("rrelu", [x], I(0), 0.2, 0.4, True, seed=8)
    case("rrelu", [fixed()], I(0), training=True, inplace=True, seed=9)
    case("prelu", [x, vals([0.25], grad=True)], I(0), I(1))
    case("prelu", [randn(2, 3, 4), vals([0.1, 0.2, 0.3], grad=True)], I(0), I(1))
    case("elu", [x], I(0))
    case("elu", [x], I(0), alpha=0.5)
    case("elu", [fixed()], I(0), 2.0, True)
    case("selu", [x], I(0))
    case("selu", [fixed()], I(0), inplace=True)
    case("celu", [x], I(0))
    case("celu", [x], I(0), alpha=2.0)
    case("celu", [fixed()], I(0), 0.5, inplace=True)
    case("gelu", [x], I(0))
    case("gelu", [x], I(0), approximate="tanh")
    case("gelu", [x], I(0), approximate="none")
    for fn in ["silu", "mish", "hardswish", "hardsigmoid"]:
        case(fn, [uniform(-5, 5, 3, 4)], I(0))
        case(fn, [uniform(-5, 5, 3, 4, grad=False)], I(0), inplace=True)
    case("softplus", [wide], I(0))
    case("softplus", [wide], I(0), beta=2, threshold=1)
    case("softplus", [wide], I(0), 0.5, 10)
    case("hardtanh", [wide], I(0))
    case("hardtanh", [x], I(0), min_val=-0.5, max_val=0.5)
    case("hardtanh", [wide], I(0), -2.0, 2.0)
    case("hardtanh", [uniform(-3, 3, 3, 4, grad=False)], I(0), inplace=True)
    case("threshold", [x], I(0), 0.1, 20.0)
    case("threshold", [fixed()], I(0), 0.0, -1.0, inplace=True)
    case("hardshrink", [x], I(0))
    case("hardshrink", [x], I(0), lambd=0.3)
    case("softshrink", [x], I(0))
    case("softshrink", [x], I(0), 0.3)
    for fn in ["sigmoid", "tanh", "logsigmoid", "softsign", "tanhshrink"]:
        case(fn, [x], I(0))
    case("glu", [randn(3, 4)], I(0))
    case("glu", [randn(4, 3)], I(0), dim=0)
    case("glu", [randn(2, 6, 2)], I(0), 1)


def softmaxes():
    x = randn(3, 5)
    for fn in ["softmax", "log_softmax", "softmin"]:
        case(fn, [x], I(0), dim=1)
        case(fn, [x], I(0), 0)
        case(fn, [x], I(0), -1, dtype=torch.float64)
        case(fn, [randn(2, 3, 4)], I(0))
        case(fn, [randn(2, 3, 4)], I(0), dim=-1)
    case("softmax", [randn(3, 4)], I(0), 1, 3, torch.float64, name="softmax all positional")
    case("gumbel_softmax", [randn(3, 5)], I(0), seed=11)
    case("gumbel_softmax", [randn(3, 5)], I(0), tau=0.5, hard=True, seed=12)
    case("gumbel_softmax", [randn(3, 5)], I(0), 2.0, False, dim=0, seed=13)


def linear_layers():
    case("linear", [randn(3, 4), randn(5, 4), randn(5)], I(0), I(1), I(2))
    case("linear", [randn(3, 4), randn(5, 4)], I(0), I(1))
    case("linear", [randn(2, 3, 4), randn(5, 4), randn(5)], I(0), I(1), bias=I(2))
    case("linear", [randn(3, 4), randn(5, 4)], I(0), I(1), None)
    case("bilinear", [randn(3, 4), randn(3, 5), randn(2, 4, 5), randn(2)], I(0), I(1), I(2), I(3))
    case("bilinear", [randn(3, 4), randn(3, 5), randn(2, 4, 5)], I(0), I(1), I(2))


def normalize_distances():
    x = randn(3, 4)
    case("normalize", [x], I(0))
    case("normalize", [x], I(0), p=1.0, dim=0)
    case("normalize", [x], I(0), 2.0, 1, 10.0)
    case("normalize", [randn(2, 3, 4)], I(0), dim=-1)
    case("cosine_similarity", [randn(3, 4), randn(3, 4)], I(0), I(1))
    case("cosine_similarity", [randn(3, 4), randn(3, 4)], I(0), I(1), dim=0)
    case("cosine_similarity", [randn(3, 4), randn(1, 4)], I(0), I(1), 1, 1e-6)
    case("pairwise_distance", [randn(3, 4), randn(3, 4)], I(0), I(1))
    case("pairwise_distance", [randn(3, 4), randn(3, 4)], I(0), I(1), p=1.0)
    case("pairwise_distance", [randn(3, 4), randn(3, 4)], I(0), I(1), 3.0, 1e-3, True)
    case("pdist", [randn(4, 3)], I(0))
    case("pdist", [randn(4, 3)], I(0), p=1.0)


def dropouts():
    x = randn(4, 5)
    case("dropout", [x], I(0), p=0.5, training=False)
    case("dropout", [x], I(0), 0.3, False)
    case("dropout", [x], I(0), seed=1)
    case("dropout", [x], I(0), 0.2, seed=2)
    case("dropout", [x], I(0), p=0.7, training=True, seed=3)
    case("dropout", [randn(4, 5, grad=False)], I(0), 0.5, True, True, seed=4)
    case("dropout", [x], I(0), p=0.0, seed=5)
    case("dropout", [x], I(0), p=1.0, seed=6)
    case("dropout1d", [randn(2, 3, 5)], I(0), seed=21)
    case("dropout1d", [randn(3, 5)], I(0), 0.4, seed=22)
    case("dropout1d", [randn(3, 5, grad=False)], I(0), 0.4, inplace=True, seed=23)
    case("dropout1d", [randn(2, 3, 5)], I(0), training=False)
    case("dropout2d", [randn(2, 3, 3, 3)], I(0), seed=24)
    case("dropout2d", [randn(2, 3, 4)], I(0), p=0.3, seed=25)
    case("dropout2d", [randn(2, 3, 3, 3)], I(0), 0.5, False)
    case("dropout3d", [randn(2, 2, 2, 2, 2)], I(0), seed=26)
    case("dropout3d", [randn(2, 2, 2, 2)], I(0), 0.3, seed=27)
    case("alpha_dropout", [x], I(0))
    case("alpha_dropout", [x], I(0), 0.3, True, seed=28)
    case("alpha_dropout", [x], I(0), p=0.5, training=True, seed=29)
    case("feature_alpha_dropout", [randn(2, 3, 4)], I(0), training=True, seed=30)
    case("feature_alpha_dropout", [randn(2, 3, 4)], I(0), 0.2)


def norms():
    x = randn(4, 3)
    rm, rv = lambda: vals([0.1, -0.2, 0.3]), lambda: vals([1.0, 0.5, 2.0])
    w, b = lambda: randn(3), lambda: randn(3)
    case("batch_norm", [x, rm(), rv()], I(0), I(1), I(2), training=True, after=[1, 2])
    case("batch_norm", [x, rm(), rv(), w(), b()], I(0), I(1), I(2), I(3), I(4))
    case("batch_norm", [x, rm(), rv(), w(), b()], I(0), I(1), I(2), I(3), I(4), True, 0.3, 1e-3, after=[1, 2])
    case("batch_norm", [randn(2, 3, 2, 2)], I(0), None, None, training=True)
    case("batch_norm", [randn(2, 3, 4), rm(), rv(), w(), b()], I(0), I(1), I(2), weight=I(3), bias=I(4), training=True, momentum=0.5, after=[1, 2])
    case("layer_norm", [randn(3, 4), randn(4), randn(4)], I(0), [4], I(1), I(2))
    case("layer_norm", [randn(2, 3, 4)], I(0), (3, 4))
    case("layer_norm", [randn(2, 3, 4), randn(4)], I(0), [4], weight=I(1), eps=1e-2)
    case("group_norm", [randn(2, 4, 3), randn(4), randn(4)], I(0), 2, I(1), I(2))
    case("group_norm", [randn(2, 4, 2, 2)], I(0), 4)
    case("group_norm", [randn(2, 4, 3)], I(0), 1, eps=0.1)
    case("instance_norm", [randn(2, 3, 5)], I(0))
    case("instance_norm", [randn(2, 3, 5), rm(), rv(), w(), b()], I(0), I(1), I(2), I(3), I(4), after=[1, 2])
    case("instance_norm", [randn(2, 3, 5), rm(), rv()], I(0), I(1), I(2), use_input_stats=False)
    case("instance_norm", [randn(2, 3, 2, 2), w(), b()], I(0), weight=I(1), bias=I(2), eps=1e-3)


def convs():
    x1 = randn(2, 3, 7)
    case("conv1d", [x1, randn(4, 3, 3), randn(4)], I(0), I(1), I(2))
    case("conv1d", [x1, randn(4, 3, 3)], I(0), I(1), stride=2, padding=1)
    case("conv1d", [x1, randn(4, 3, 2), randn(4)], I(0), I(1), I(2), padding="same", dilation=2)
    case("conv1d", [x1, randn(3, 1, 3)], I(0), I(1), None, 1, "valid", 1, 3)
    x2 = randn(2, 3, 6, 6)
    case("conv2d", [x2, randn(4, 3, 3, 3), randn(4)], I(0), I(1), I(2))
    case("conv2d", [x2, randn(4, 3, 3, 3)], I(0), I(1), stride=2, padding=1)
    case("conv2d", [x2, randn(4, 3, 3, 3), randn(4)], I(0), I(1), I(2), padding="same")
    case("conv2d", [x2, randn(4, 3, 2, 2)], I(0), I(1), padding="same")
    case("conv2d", [x2, randn(4, 3, 3, 3)], I(0), I(1), padding="valid")
    case("conv2d", [x2, randn(6, 1, 3, 3)], I(0), I(1), groups=3)
    case("conv2d", [x2, randn(2, 3, 2, 2)], I(0), I(1), None, (1, 2), (1, 0), 2)
    case("conv_transpose1d", [randn(2, 3, 4), randn(3, 2, 3), randn(2)], I(0), I(1), I(2), stride=2, output_padding=1)
    case("conv_transpose2d", [randn(1, 2, 3, 3), randn(2, 3, 3, 3)], I(0), I(1), stride=2, padding=1)
    case("conv_transpose2d", [randn(1, 2, 3, 3), randn(2, 2, 2, 2), randn(4)], I(0), I(1), I(2), 2, 0, 1, 2)


def pools():
    x1 = randn(2, 3, 8)
    case("max_pool1d", [x1], I(0), 2)
    case("max_pool1d", [x1], I(0), 3, stride=2, padding=1)
    case("max_pool1d", [x1], I(0), 3, 2, 0, 1, True)
    case("max_pool1d", [x1], I(0), kernel_size=2, return_indices=True)
    x2 = randn(2, 2, 6, 6)
    case("max_pool2d", [x2], I(0), 2)
    case("max_pool2d", [x2], I(0), 3, stride=2, padding=1)
    case("max_pool2d", [x2], I(0), 2, return_indices=True)
    case("max_pool2d", [x2], I(0), 3, 2, 0, 1, True)
    case("max_pool2d", [x2], I(0), 2, dilation=2)
    case("max_pool2d", [x2], I(0), (2, 3), (1, 2))
    case("max_pool2d", [randn(2, 5, 5)], I(0), 2, None, 0, 1, False, True)
    case("avg_pool1d", [x1], I(0), 2)
    case("avg_pool1d", [x1], I(0), 3, stride=2, padding=1, count_include_pad=False)
    case("avg_pool1d", [x1], I(0), 3, 2, 0, True)
    case("avg_pool2d", [x2], I(0), 2)
    case("avg_pool2d", [x2], I(0), 3, 2, 1)
    case("avg_pool2d", [x2], I(0), 3, stride=2, padding=1, count_include_pad=False)
    case("avg_pool2d", [x2], I(0), 2, divisor_override=3)
    case("avg_pool2d", [x2], I(0), (2, 3), None, 0, True)
    case("adaptive_avg_pool1d", [x1], I(0), 3)
    case("adaptive_avg_pool2d", [x2], I(0), 3)
    case("adaptive_avg_pool2d", [x2], I(0), (4, None))
    case("adaptive_avg_pool2d", [x2], I(0), output_size=1)
    case("adaptive_max_pool1d", [x1], I(0), 3)
    case("adaptive_max_pool1d", [x1], I(0), 3, True)
    case("adaptive_max_pool2d", [x2], I(0), (3, 2))
    case("adaptive_max_pool2d", [x2], I(0), 4, return_indices=True)


def embeddings_pad_interpolate():
    idx = vals([[1, 2, 0], [4, 2, 9]], "int64")
    case("embedding", [idx, randn(10, 4)], I(0), I(1))
    case("embedding", [idx, randn(10, 4)], I(0), I(1), padding_idx=2)
    case("embedding", [idx, randn(10, 4)], I(0), I(1), -1)
    case("embedding", [idx, randn(10, 4, scale=2.0)], I(0), I(1), max_norm=1.0, after=[1])
    case("embedding", [idx, randn(10, 4, scale=2.0)], I(0), I(1), None, 2.0, 1.0, after=[1])
    case("embedding", [idx, randn(10, 4)], I(0), I(1), scale_grad_by_freq=True)
    case("one_hot", [vals([0, 2, 1, 3], "int64")], I(0))
    case("one_hot", [vals([[0, 2], [1, 3]], "int64")], I(0), num_classes=5)
    case("one_hot", [vals([0, 2, 1], "int64")], I(0), 4)
    x = randn(1, 2, 3, 3)
    case("pad", [randn(2, 3)], I(0), (1, 2))
    case("pad", [x], I(0), (1, 1, 2, 0), value=0.5)
    case("pad", [x], I(0), [1, 1, 1, 1], "reflect")
    case("pad", [x], I(0), (2, 1, 0, 1), mode="replicate")
    case("pad", [x], I(0), (1, 1, 1, 1), mode="circular")
    case("pad", [randn(2, 3, 4)], I(0), (1, 2), "constant", -1.0)
    x4 = randn(1, 2, 4, 4)
    case("interpolate", [x4], I(0), size=(8, 6))
    case("interpolate", [x4], I(0), scale_factor=2)
    case("interpolate", [x4], I(0), None, 1.5, "nearest")
    case("interpolate", [x4], I(0), scale_factor=2, mode="bilinear")
    case("interpolate", [x4], I(0), size=7, mode="bilinear", align_corners=True)
    case("interpolate", [x4], I(0), scale_factor=1.5, mode="bilinear", recompute_scale_factor=True)
    case("interpolate", [x4], I(0), scale_factor=(2.0, 0.5), mode="bicubic")
    case("interpolate", [x4], I(0), size=2, mode="area")
    case("interpolate", [x4], I(0), scale_factor=2, mode="nearest-exact")
    case("interpolate", [randn(1, 2, 5)], I(0), size=8)
    case("interpolate", [randn(1, 2, 5)], I(0), scale_factor=2.0, mode="linear")


def losses():
    logits = randn(4, 5)
    y = vals([1, 0, 4, 1], "int64")
    cw = lambda: uniform(0.5, 2, 5, grad=False)
    case("cross_entropy", [logits, y], I(0), I(1))
    case("cross_entropy", [logits, y, cw()], I(0), I(1), I(2))
    case("cross_entropy", [logits, y, cw()], I(0), I(1), weight=I(2), reduction="sum")
    case("cross_entropy", [logits, y], I(0), I(1), reduction="none")
    case("cross_entropy", [logits, y], I(0), I(1), ignore_index=1)
    case("cross_entropy", [logits, y, cw()], I(0), I(1), I(2), ignore_index=1, label_smoothing=0.2)
    case("cross_entropy", [logits, y], I(0), I(1), label_smoothing=0.1)
    case("cross_entropy", [logits, probs(4, 5)], I(0), I(1))
    case("cross_entropy", [logits, probs(4, 5, grad=True)], I(0), I(1), label_smoothing=0.1, reduction="sum")
    case("cross_entropy", [logits, probs(4, 5), cw()], I(0), I(1), I(2), reduction="none")
    case("cross_entropy", [randn(2, 3, 2, 2), vals([[[0, 1], [2, 1]], [[2, 2], [0, 1]]], "int64")], I(0), I(1))
    case("cross_entropy", [logits, y], I(0), I(1), None, False)
    case("cross_entropy", [logits, y], I(0), I(1), reduce=False)
    case("cross_entropy", [randn(5), vals(2, "int64")], I(0), I(1))
    lp = randn(4, 5)
    case("nll_loss", [lp, y], I(0), I(1))
    case("nll_loss", [lp, y, cw()], I(0), I(1), I(2))
    case("nll_loss", [lp, y], I(0), I(1), reduction="none")
    case("nll_loss", [lp, y, cw()], I(0), I(1), weight=I(2), ignore_index=4, reduction="sum")
    case("nll_loss", [randn(2, 3, 4), vals([[0, 1, 2, 1], [2, 2, 0, 0]], "int64")], I(0), I(1))
    p = uniform(0.05, 0.95, 3, 4)
    t = uniform(0, 1, 3, 4, grad=False)
    case("binary_cross_entropy", [p, t], I(0), I(1))
    case("binary_cross_entropy", [p, t, uniform(0.5, 2, 3, 4, grad=False)], I(0), I(1), I(2))
    case("binary_cross_entropy", [p, t, uniform(0.5, 2, 4, grad=False)], I(0), I(1), weight=I(2), reduction="sum")
    case("binary_cross_entropy", [p, t], I(0), I(1), reduction="none")
    case("binary_cross_entropy", [p, uniform(0, 1, 3, 4)], I(0), I(1))
    z = randn(3, 4)
    case("binary_cross_entropy_with_logits", [z, t], I(0), I(1))
    case("binary_cross_entropy_with_logits", [z, t, uniform(0.5, 3, 4, grad=False)], I(0), I(1), pos_weight=I(2))
    case("binary_cross_entropy_with_logits", [z, t, uniform(0.5, 2, 3, 4, grad=False), uniform(0.5, 3, 4, grad=False)], I(0), I(1), I(2), None, None, "sum", I(3))
    case("binary_cross_entropy_with_logits", [z, t], I(0), I(1), reduction="none")
    a, b = randn(3, 4), randn(3, 4)
    for fn in ["mse_loss", "l1_loss"]:
        case(fn, [a, b], I(0), I(1))
        case(fn, [a, b], I(0), I(1), reduction="sum")
        case(fn, [a, b], I(0), I(1), reduction="none")
        case(fn, [a, randn(3, 1)], I(0), I(1))
        case(fn, [a, b], I(0), I(1), True, False)
    case("huber_loss", [a, b], I(0), I(1))
    case("huber_loss", [a, b], I(0), I(1), delta=0.5)
    case("huber_loss", [a, b], I(0), I(1), "none", 2.0)
    case("smooth_l1_loss", [a, b], I(0), I(1))
    case("smooth_l1_loss", [a, b], I(0), I(1), beta=0.5)
    case("smooth_l1_loss", [a, b], I(0), I(1), reduction="sum", beta=0.0)
    lq = randn(3, 4)
    case("kl_div", [lq, probs(3, 4)], I(0), I(1), reduction="batchmean")
    case("kl_div", [lq, probs(3, 4)], I(0), I(1))
    case("kl_div", [lq, probs(3, 4)], I(0), I(1), reduction="sum")
    case("kl_div", [lq, probs(3, 4, grad=True)], I(0), I(1), reduction="none")
    case("kl_div", [lq, randn(3, 4)], I(0), I(1), reduction="batchmean", log_target=True)
    case("kl_div", [lq, probs(3, 4)], I(0), I(1), None, None, "mean", False)
    case("margin_ranking_loss", [randn(5), randn(5), sign(5)], I(0), I(1), I(2))
    case("margin_ranking_loss", [randn(5), randn(5), sign(5)], I(0), I(1), I(2), margin=0.5, reduction="sum")
    case("hinge_embedding_loss", [randn(5), sign(5)], I(0), I(1))
    case("hinge_embedding_loss", [randn(2, 3), sign(2, 3)], I(0), I(1), 2.0, reduction="none")
    case("soft_margin_loss", [randn(3, 4), sign(3, 4)], I(0), I(1))
    case("soft_margin_loss", [randn(3, 4), sign(3, 4)], I(0), I(1), reduction="sum")
    tri = lambda: [randn(3, 4), randn(3, 4), randn(3, 4)]
    case("triplet_margin_loss", tri(), I(0), I(1), I(2))
    case("triplet_margin_loss", tri(), I(0), I(1), I(2), margin=0.5, p=1, swap=True)
    case("triplet_margin_loss", tri(), I(0), I(1), I(2), 2.0, 3.0, 1e-6, False, reduction="none")
    case("cosine_embedding_loss", [randn(3, 4), randn(3, 4), sign(3)], I(0), I(1), I(2))
    case("cosine_embedding_loss", [randn(3, 4), randn(3, 4), sign(3)], I(0), I(1), I(2), 0.2, reduction="none")
    case("poisson_nll_loss", [randn(3, 4), uniform(0, 3, 3, 4, grad=False)], I(0), I(1))
    case("poisson_nll_loss", [uniform(0.5, 3, 3, 4), uniform(0, 3, 3, 4, grad=False)], I(0), I(1), log_input=False, full=True, reduction="sum")
    case("gaussian_nll_loss", [randn(3, 4), randn(3, 4), uniform(0.1, 2, 3, 4)], I(0), I(1), I(2))
    case("gaussian_nll_loss", [randn(3, 4), randn(3, 4), uniform(0.1, 2, 3)], I(0), I(1), I(2), full=True, reduction="sum")
    case("gaussian_nll_loss", [randn(3, 4), randn(3, 4), uniform(0.1, 2, 3, 1)], I(0), I(1), I(2), False, 0.5, "none")
    case("multilabel_soft_margin_loss", [randn(3, 4), vals([[1., 0, 1, 0], [0, 0, 1, 1], [1, 1, 1, 0]])], I(0), I(1))
    case("multilabel_soft_margin_loss", [randn(3, 4), vals([[1., 0, 1, 0], [0, 0, 1, 1], [1, 1, 1, 0]]), uniform(0.5, 2, 4, grad=False)], I(0), I(1), I(2), reduction="none")
    case("multi_margin_loss", [randn(4, 5), y], I(0), I(1))
    case("multi_margin_loss", [randn(4, 5), y, cw()], I(0), I(1), p=2, margin=0.5, weight=I(2))
    case("multilabel_margin_loss", [randn(2, 4), vals([[3, 0, -1, 1], [1, 2, 3, -1]], "int64")], I(0), I(1))


def weighted_losses():
    """mse_loss, l1_loss and huber_loss with an element-wise weight (PyTorch 2.6 on)."""
    a, b = randn(3, 4), randn(3, 4)
    w = lambda: uniform(0.5, 2, 3, 4)
    for fn in ["mse_loss", "l1_loss"]:
        newer(fn, [a, b, w()], I(0), I(1), weight=I(2))
        newer(fn, [a, b, w()], I(0), I(1), reduction="sum", weight=I(2))
        newer(fn, [a, b, w()], I(0), I(1), None, None, "none", I(2))
        newer(fn, [a, randn(3, 1), w()], I(0), I(1), weight=I(2), name=f"{fn} of a broadcast target, weighted")
        newer(fn, [a, b, w()], I(0), I(1), False, weight=I(2))
    newer("huber_loss", [a, b, w()], I(0), I(1), weight=I(2))
    newer("huber_loss", [a, b, w()], I(0), I(1), "sum", 0.5, I(2))
    newer("huber_loss", [a, b, w()], I(0), I(1), reduction="none", delta=2.0, weight=I(2))
    newer("mse_loss", [a, b, uniform(0.5, 2, 4)], I(0), I(1), weight=I(2), name="mse_loss with a weight of another size")
    newer("l1_loss", [a, b, w()], I(0), I(1), reduction="bad", weight=I(2))
    newer("huber_loss", [a, b, w()], I(0), I(1), reduction="avg", weight=I(2))


def lanczos():
    """interpolate's anti-aliased Lanczos-3 mode (PyTorch 2.14 on; before, an unknown mode)."""
    x = randn(1, 2, 5, 4)
    newer("interpolate", [x], I(0), size=[7, 6], mode="lanczos", antialias=True)
    newer("interpolate", [x], I(0), scale_factor=0.5, mode="lanczos", antialias=True)
    newer("interpolate", [x], I(0), None, [1.5, 0.75], "lanczos", None, None, True)
    newer("interpolate", [x], I(0), size=8, mode="lanczos")
    newer("interpolate", [x], I(0), size=8, mode="lanczos", align_corners=True, antialias=True)
    newer("interpolate", [randn(1, 2, 4)], I(0), size=8, mode="lanczos", antialias=True)
    newer("interpolate", [randn(1, 2, 4)], I(0), size=8, mode="lanczos")


def errors():
    x = randn(3, 4)
    error("dropout", [x], I(0), p=1.5)
    error("dropout", [x], I(0), -0.1)
    error("alpha_dropout", [x], I(0), 2)
    error("dropout1d", [randn(2, 3, 4, 5)], I(0))
    error("cross_entropy", [randn(4, 5), vals([1, 0, 4, 1], "int64")], I(0), I(1), reduction="foo")
    error("mse_loss", [x, x], I(0), I(1), reduction="bad")
    error("kl_div", [x, x], I(0), I(1), reduction="average")
    error("binary_cross_entropy", [uniform(0.1, 0.9, 3), uniform(0, 1, 3, 1)], I(0), I(1))
    error("binary_cross_entropy", [uniform(0.1, 0.9, 3, 4), uniform(0, 1, 3, 4), ones(3)], I(0), I(1), I(2))
    error("binary_cross_entropy_with_logits", [randn(3), randn(3, 1)], I(0), I(1))
    error("batch_norm", [randn(1, 3), zeros(3), ones(3)], I(0), I(1), I(2), training=True)
    error("instance_norm", [randn(2, 3, 1)], I(0))
    error("group_norm", [randn(1, 2)], I(0), 2)
    error("group_norm", [randn(4)], I(0), 2)
    error("group_norm", [randn(2, 4)], I(0), 0)
    error("glu", [vals(1.0)], I(0))
    error("glu", [randn(3, 5)], I(0))
    error("embedding", [vals([1, 2], "int64"), randn(10, 4)], I(0), I(1), padding_idx=10)
    error("embedding", [vals([1, 2], "int64"), randn(10, 4)], I(0), I(1), padding_idx=-11)
    error("margin_ranking_loss", [randn(3), randn(3), sign(3, 1)], I(0), I(1), I(2))
    error("interpolate", [randn(1, 2, 4, 4)], I(0), size=8, scale_factor=2)
    error("interpolate", [randn(1, 2, 4, 4)], I(0))
    error("interpolate", [randn(1, 2, 4, 4)], I(0), size=8, align_corners=True)
    error("interpolate", [randn(1, 2, 4, 4)], I(0), size=[8, 8, 8])
    error("interpolate", [randn(1, 2, 4, 4)], I(0), scale_factor=[2.0, 2.5, 1e-07])
    error("interpolate", [randn(1, 2, 4)], I(0), size=8, mode="bilinear")
    error("interpolate", [randn(1, 2, 4, 4)], I(0), size=8, mode="linear")
    error("interpolate", [randn(2, 4)], I(0), size=8)
    error("interpolate", [randn(1, 2, 4, 4)], I(0), size=8, recompute_scale_factor=True)
    error("multi_margin_loss", [randn(4, 5), vals([1, 0, 4, 1], "int64")], I(0), I(1), p=3)
    error("poisson_nll_loss", [randn(3), randn(3)], I(0), I(1), reduction="avg")
    error("gaussian_nll_loss", [randn(3, 4), randn(3, 4), uniform(0.1, 1, 2)], I(0), I(1), I(2))
    error("gaussian_nll_loss", [randn(3, 4), randn(3, 4), uniform(-1, -0.5, 3, 4)], I(0), I(1), I(2))
    error("adaptive_avg_pool2d", [randn(4)], I(0), (2, None))
    # errors raised inside ATen
    error("linear", [randn(3, 4), randn(5, 5)], I(0), I(1))
    error("conv2d", [randn(2, 2, 6, 6), randn(4, 3, 3, 3)], I(0), I(1))
    error("conv2d", [randn(2, 3, 6, 6), randn(4, 3, 3, 3)], I(0), I(1), stride=2, padding="same")
    error("conv2d", [randn(2, 3, 6, 6), randn(4, 3, 3, 3)], I(0), I(1), padding="full")
    error("cross_entropy", [randn(4, 5), vals([1, 0, 7, 1], "int64")], I(0), I(1))
    error("nll_loss", [randn(4, 5), vals([1, 0, 4], "int64")], I(0), I(1))
    error("max_pool2d", [randn(1, 1, 4, 4)], I(0), 2, padding=2)
    error("pad", [randn(1, 1, 3, 3)], I(0), (3, 3), mode="reflect")
    error("one_hot", [vals([0, -1], "int64")], I(0))
    error("gelu", [x], I(0), approximate="fast")
    error("layer_norm", [x], I(0), [5])
    error("batch_norm", [randn(4, 3), zeros(2), ones(2)], I(0), I(1), I(2))
    error("mse_loss", [randn(3, 4), randn(2, 4)], I(0), I(1))
    error("prelu", [randn(2, 3), vals([0.1, 0.2])], I(0), I(1))


# ---------------------------------------------------------------- run
def run(c, idx):
    torch.manual_seed(1000 + idx)
    tensors, specs_out = [], []
    for spec in c["inputs"]:
        t = materialize(spec, rounded)
        grad = bool(spec["grad"]) and t.dtype.is_floating_point
        specs_out.append(dict(encode.tensor(t), requires_grad=grad))
        tensors.append(t.clone().requires_grad_(grad) if grad else t.clone())
    args = resolve(c["args"], tensors)
    kwargs = {k: resolve(v, tensors) for k, v in c["kwargs"].items()}
    name = c["name"] or "%s(%s)" % (c["fn"], ", ".join(
        [json.dumps(encode.plain(a)) if not isinstance(a, In) else "in%d" % a.i for a in c["args"]]
        + ["%s=%s" % (k, json.dumps(encode.plain(v)) if not isinstance(v, In) else "in%d" % v.i) for k, v in c["kwargs"].items()]))
    rec = dict(kind=c["kind"], name=name, fn=c["fn"], inputs=specs_out, args=encode.plain(c["args"]),
               kwargs={k: encode.plain(v) for k, v in c["kwargs"].items()})
    if c["seed"] is not None:
        rec["seed"] = c["seed"]
    fn = getattr(F, c["fn"])
    if c["kind"] in ("error", "newer"):
        try:
            out = fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
            rec.update(kind="error", error=encode.error(e))
            return rec
        if c["kind"] == "error":
            raise AssertionError(f"{name} did not raise")
        rec["kind"] = "value"
    else:
        if c["seed"] is not None:
            torch.manual_seed(c["seed"])
        out = fn(*args, **kwargs)
    rec["out"] = encode.result(out)
    if isinstance(out, torch.Tensor) and out is tensors[0]:
        rec["is_self"] = True
    if c["after"]:
        rec["after"] = {str(i): encode.tensor(tensors[i]) for i in c["after"]}
    first = out[0] if isinstance(out, (tuple, list)) else out
    if first.requires_grad and first.dtype.is_floating_point:
        torch.manual_seed(5000 + idx)
        w = rounded(torch.randn(first.shape)).to(first.dtype)
        (first * w).sum().backward()
        rec["w"] = encode.tensor(w)
        rec["grads"] = [encode.tensor(t.grad) if t.grad is not None else None for t in tensors]
    return rec


def main():
    warnings.simplefilter("ignore")
    for group in [activations, softmaxes, linear_layers, normalize_distances, dropouts, norms, convs, pools,
                  embeddings_pad_interpolate, losses, errors, weighted_losses, lanczos]:
        group()
    cases = [run(c, i) for i, c in enumerate(CASES) if c is not None]
    encode.write("functional", {"cases": cases})


if __name__ == "__main__":
    main()
