#!/usr/bin/python3
"""Golden messages for test/nn_messages.test.ts: the TypeErrors of module constructors called with
missing, unknown or too many arguments (Python names the class that defines __init__, often a
private base: `_MaxPoolNd.__init__() missing 1 required positional argument: 'kernel_size'`), also
for user subclasses, and AdaptiveLogSoftmaxWithLoss's errors (RuntimeError(message, size) prints
as a tuple).

    /usr/bin/python3 scripts/golden/nn_messages.py     # Debian's python3-torch (same LibTorch)

Writes test/golden/nn_messages.json (scripts/libtorch2 trixie golden: test/golden/2.6/).
"""
import torch
from torch import nn

import encode

# Pooling, convolution, normalization, dropout and recurrent modules, NLLLoss2d (an __init__ of
# its own over NLLLoss's) and modules with no arguments (Module.__init__'s messages).
CLASSES = [
    "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "LPPool1d", "LPPool2d",
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
    "FractionalMaxPool2d", "FractionalMaxPool3d", "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
    "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
    "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d", "LazyConvTranspose3d",
    "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d",
    "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d",
    "GroupNorm", "LayerNorm", "LocalResponseNorm", "CrossMapLRN2d", "SyncBatchNorm",
    "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout",
    "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell", "NLLLoss2d",
    "Sigmoid", "Tanh", "LogSigmoid", "Softsign", "Tanhshrink", "Softmax2d",
]
# Calls whose message differs between PyTorch 1.13 and 2.x for reasons of their own signatures (2.x
# RNN takes nonlinearity positionally; LayerNorm gained `bias`): left out so both releases agree.
SKIP = {("RNN", "many"), ("LayerNorm", "many")}
CALLS = {"none": lambda cls: cls(), "kw": lambda cls: cls(bogus_kw=1), "many": lambda cls: cls(*([1] * 20))}


def init_errors():
    out = {}
    for name in CLASSES:
        cls = getattr(nn, name)
        rec = {}
        for kind, call in CALLS.items():
            if (name, kind) in SKIP:
                continue
            try:
                call(cls)
            except TypeError as e:
                rec[kind] = encode.error(e)
        out[name] = rec
    return out


def subclass_errors():
    """A user subclass without an __init__ runs its base's, which the message names."""
    class MyPool(nn.MaxPool2d):
        pass

    class MyConv(nn.Conv2d):
        pass

    class MyNorm(nn.BatchNorm2d):
        pass

    class Plain(nn.Module):
        pass

    return {
        "MyPool": encode.error_of(lambda: MyPool()),
        "MyConv": encode.error_of(lambda: MyConv()),
        "MyNorm": encode.error_of(lambda: MyNorm(bogus_kw=1)),
        "Plain": encode.error_of(lambda: Plain(1)),
        "Plain_kw": encode.error_of(lambda: Plain(bogus_kw=1)),
    }


def adaptive_errors():
    torch.manual_seed(0)
    asm = nn.AdaptiveLogSoftmaxWithLoss(4, 10, [2, 6])
    return {
        "target_1d_input_3d": encode.error_of(lambda: asm(torch.randn(3, 4, 1), torch.tensor([1, 2, 3]))),
        "target_0d_input_2d": encode.error_of(lambda: asm(torch.randn(3, 4), torch.tensor(1))),
        "target_2d": encode.error_of(lambda: asm(torch.randn(3, 4), torch.tensor([[1, 2, 3]]))),
        "batch_mismatch": encode.error_of(lambda: asm(torch.randn(2, 4), torch.tensor([1, 2, 3]))),
        "out_of_range": encode.error_of(lambda: asm(torch.randn(3, 4), torch.tensor([1, 12, -1]))),
        "empty_cutoffs": encode.error_of(lambda: nn.AdaptiveLogSoftmaxWithLoss(4, 10, [])),
        "bad_cutoffs": encode.error_of(lambda: nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3, 3])),
    }


def main():
    encode.write("nn_messages", {"init": init_errors(), "subclass": subclass_errors(), "adaptive": adaptive_errors()})


if __name__ == "__main__":
    main()
