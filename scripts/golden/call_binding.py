#!/usr/bin/python3
"""Golden values for test/call_binding.test.ts: how module forwards and Tensor methods bind their
arguments, and the TypeErrors CPython (or PyTorch's argument parser) raises when a call does not.

    npm run golden -- call_binding      # Debian's python3-torch 1.13

Writes test/golden/call_binding.json:
- "forward": per torch.nn module class torchts exports, its forward's `inspect.signature` (the
  name CPython's messages use, its parameters after self and which have defaults) and the messages
  of a call with one positional argument too many, one with an unknown keyword, and one with none;
  null for a class whose forward is Module's placeholder.
- "forward_by_name": modules called with their optional forward arguments by name (the module's
  state, the inputs as {"$in": i}, the output as encode.result).
- "no_arguments": per Tensor method that takes no positional argument, the messages of `x.m(1)`
  and `x.m(foo=1)`.
- "polygamma": `x.polygamma(1)`, `x.polygamma(n=1)` (aten::polygamma puts n before self).
- "inplace_error": the autograd error for a saved tensor modified in place, float32 and float64.
"""
import inspect
import warnings

import torch
from torch import nn

import encode

warnings.simplefilter("ignore")
T = encode.tensor

# The torch.nn module classes torchts exports (its own ReLUSquared and SwiGLU aside).
MODULES = """Module Identity Linear Bilinear Flatten LazyLinear Unflatten ReLU ReLU6 LeakyReLU RReLU PReLU ELU SELU CELU GELU
SiLU Mish Softplus Hardtanh Hardswish Hardsigmoid Sigmoid Tanh Softmax LogSoftmax Threshold Hardshrink Softshrink Tanhshrink
Softsign LogSigmoid Softmin Softmax2d GLU Dropout Dropout1d Dropout2d Dropout3d AlphaDropout FeatureAlphaDropout BatchNorm1d
BatchNorm2d BatchNorm3d LayerNorm GroupNorm InstanceNorm1d InstanceNorm2d InstanceNorm3d LocalResponseNorm CrossMapLRN2d
SyncBatchNorm LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d LazyInstanceNorm1d LazyInstanceNorm2d LazyInstanceNorm3d Conv1d
Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConv1d LazyConv2d LazyConv3d LazyConvTranspose1d
LazyConvTranspose2d LazyConvTranspose3d MaxPool1d MaxPool2d AvgPool2d AdaptiveAvgPool2d AvgPool1d AdaptiveAvgPool1d
AdaptiveMaxPool1d AdaptiveMaxPool2d MaxPool3d AvgPool3d AdaptiveAvgPool3d AdaptiveMaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d
LPPool1d LPPool2d FractionalMaxPool2d FractionalMaxPool3d ZeroPad2d ConstantPad1d ConstantPad2d ReflectionPad1d ReflectionPad2d
ReplicationPad1d ReplicationPad2d ConstantPad3d ReflectionPad3d ReplicationPad3d Upsample UpsamplingNearest2d
UpsamplingBilinear2d PixelShuffle PixelUnshuffle Fold Unfold ChannelShuffle CosineSimilarity PairwiseDistance Embedding
EmbeddingBag RNNBase RNN LSTM GRU RNNCellBase RNNCell LSTMCell GRUCell MultiheadAttention TransformerEncoderLayer
TransformerDecoderLayer TransformerEncoder TransformerDecoder Transformer CrossEntropyLoss NLLLoss BCELoss BCEWithLogitsLoss
MSELoss L1Loss HuberLoss SmoothL1Loss KLDivLoss MarginRankingLoss HingeEmbeddingLoss CosineEmbeddingLoss SoftMarginLoss
MultiLabelMarginLoss TripletMarginLoss PoissonNLLLoss GaussianNLLLoss MultiLabelSoftMarginLoss MultiMarginLoss NLLLoss2d CTCLoss
TripletMarginWithDistanceLoss AdaptiveLogSoftmaxWithLoss Sequential ModuleList ModuleDict ParameterList ParameterDict""".split()


def forward_signature(cls):
    fn = cls.forward
    params = list(inspect.signature(fn).parameters.values())[1:]
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return None
    required = [p for p in params if p.default is inspect.Parameter.empty]
    return {"qualname": fn.__qualname__, "params": [[p.name, p.default is not inspect.Parameter.empty] for p in params],
            # Forward called unbound (self None): the binding fails before the body runs.
            "too_many": encode.error_of(lambda: fn(None, *[0] * (len(params) + 1))),
            "unknown_keyword": encode.error_of(lambda: fn(None, *[0] * len(required), bogus=1)),
            "missing": encode.error_of(lambda: fn(None)) if required else None}


class In:
    """inputs[i] in a call: {"$in": i} in the fixture."""

    def __init__(self, i):
        self.i = i


def by_name_case(name, ctor_args, ctor_kwargs, inputs, call_args, call_kwargs):
    """`name(*ctor_args, **ctor_kwargs)` called with call_args/call_kwargs, where In(i) stands for inputs[i]."""
    torch.manual_seed(0)
    module = getattr(nn, name)(*ctor_args, **ctor_kwargs)
    pick = (lambda v: inputs[v.i] if isinstance(v, In) else tuple(pick(e) for e in v) if isinstance(v, list) else v)
    mark = (lambda v: {"$in": v.i} if isinstance(v, In) else [mark(e) for e in v] if isinstance(v, list) else v)
    out = module(*[pick(a) for a in call_args], **{k: pick(v) for k, v in call_kwargs.items()})
    return {"module": name, "args": ctor_args, "kwargs": ctor_kwargs, "state": [[k, T(v)] for k, v in module.state_dict().items()],
            "inputs": [T(t) for t in inputs], "call_args": [mark(a) for a in call_args],
            "call_kwargs": {k: mark(v) for k, v in call_kwargs.items()}, "out": encode.result(out)}


def forward_by_name():
    g = torch.Generator().manual_seed(1)
    rand = (lambda *shape: torch.randn(*shape, generator=g))
    bag = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
    x0, x1, x2 = In(0), In(1), In(2)
    return [
        by_name_case("ConvTranspose1d", [2, 2, 3], {"stride": 2}, [rand(1, 2, 5)], [x0], {"output_size": [12]}),
        by_name_case("ConvTranspose2d", [2, 2, 3], {"stride": 2}, [rand(1, 2, 4, 4)], [x0], {"output_size": [10, 10]}),
        by_name_case("ConvTranspose3d", [2, 2, 3], {"stride": 2}, [rand(1, 2, 3, 3, 3)], [x0], {"output_size": [8, 8, 8]}),
        by_name_case("EmbeddingBag", [10, 3], {"mode": "sum"}, [bag, torch.tensor([0, 3])], [x0], {"offsets": x1}),
        by_name_case("EmbeddingBag", [10, 3], {"mode": "sum"}, [bag, torch.tensor([0, 3]), rand(8)], [x0, x1], {"per_sample_weights": x2}),
        by_name_case("MaxUnpool1d", [2], {}, list(nn.MaxPool1d(2, return_indices=True)(rand(1, 1, 6))), [x0, x1], {"output_size": [7]}),
        by_name_case("RNN", [3, 4], {}, [rand(5, 1, 3), rand(1, 1, 4)], [x0], {"hx": x1}),
        by_name_case("GRU", [3, 4], {}, [rand(5, 1, 3), rand(1, 1, 4)], [x0], {"hx": x1}),
        by_name_case("LSTM", [3, 4], {}, [rand(5, 1, 3), rand(1, 1, 4), rand(1, 1, 4)], [x0], {"hx": [x1, x2]}),
        by_name_case("RNNCell", [3, 4], {}, [rand(2, 3), rand(2, 4)], [x0], {"hx": x1}),
        by_name_case("GRUCell", [3, 4], {}, [rand(2, 3), rand(2, 4)], [x0], {"hx": x1}),
        by_name_case("LSTMCell", [3, 4], {}, [rand(2, 3), rand(2, 4), rand(2, 4)], [x0], {"hx": [x1, x2]}),
        by_name_case("Bilinear", [2, 3, 4], {}, [rand(5, 2), rand(5, 3)], [], {"input1": x0, "input2": x1}),
        by_name_case("GaussianNLLLoss", [], {}, [rand(4), rand(4), rand(4).abs()], [x0, x1], {"var": x2}),
        by_name_case("MSELoss", [], {}, [rand(4), rand(4)], [], {"input": x0, "target": x1}),
        by_name_case("Linear", [3, 2], {}, [rand(4, 3)], [], {"input": x0}),
    ]


def method_call(name, args):
    """`x.<name>(<args>)` as source code writes it: CPython names the method's class differently for a
    call through a bound-method object (`getattr(x, name)(...)`)."""
    x = torch.ones(2, 2)
    return encode.error_of(lambda: eval(f"x.{name}({args})", {"x": x}))  # noqa: S307 - a fixed call of a known method


def no_arguments():
    """Tensor methods whose Python form takes no positional argument, by the message `x.m(1)` raises."""
    out = {}
    for name in sorted(n for n in dir(torch.Tensor) if not n.startswith("_")):
        method = getattr(torch.Tensor, name)
        if not callable(method) or isinstance(method, type):
            continue
        try:
            positional = method_call(name, "1")
        except AssertionError:  # the call returned: the method takes an argument
            continue
        if positional["type"] != "TypeError" or ("takes no arguments" not in positional["message"]
                                                 and "takes 0 positional arguments" not in positional["message"]):
            continue
        out[name] = {"positional": positional, "two_positional": method_call(name, "1, 2"), "keyword": method_call(name, "foo=1")}
    return out


def inplace_error():
    out = {}
    for dtype in (torch.float32, torch.float64):
        a = torch.tensor([0.5, -1.0], dtype=dtype, requires_grad=True)
        b = a.exp()
        b.mul_(2)
        out[encode.dtype_name(dtype)] = encode.error_of(lambda: b.sum().backward())
    return out


def main():
    x = torch.tensor([0.5, 1.5])
    encode.write("call_binding", {
        "forward": {name: forward_signature(getattr(nn, name)) for name in MODULES},
        "forward_by_name": forward_by_name(),
        "no_arguments": no_arguments(),
        "polygamma": {"x": T(x), "positional": T(x.polygamma(1)), "by_name": T(x.polygamma(n=1))},
        "inplace_error": inplace_error(),
    })


if __name__ == "__main__":
    main()
