#!/usr/bin/python3
"""Printed torch.nn modules built with whole-number and fractional arguments (test/nn_repr.test.ts).

    /usr/bin/python3 scripts/golden/nn_repr.py     # npm run golden -- nn_repr

A whole number a JS caller passes is a Python int (porting rule 10) and prints as one (`ELU(alpha=1)`),
while PyTorch's whole-number float defaults print as floats (`ELU(alpha=1.0)`). Lists in the arguments
are passed as tuples. A case records the module's repr.
"""
import warnings

from torch import nn

import encode

# (class, positional arguments, keyword arguments)
CASES = [
    ("ELU", [], {}),
    ("ELU", [], {"alpha": 1}),
    ("ELU", [], {"alpha": 2}),
    ("CELU", [], {}),
    ("CELU", [], {"alpha": 1}),
    ("LeakyReLU", [], {}),
    ("LeakyReLU", [], {"negative_slope": 1}),
    ("Hardtanh", [], {}),
    ("Hardtanh", [], {"min_val": -2, "max_val": 2}),
    ("ReLU6", [], {}),
    ("RReLU", [], {}),
    ("RReLU", [], {"lower": 0, "upper": 1}),
    ("Softplus", [], {}),
    ("Softplus", [], {"beta": 2, "threshold": 10}),
    ("Softshrink", [], {}),
    ("Softshrink", [], {"lambd": 1}),
    ("Hardshrink", [], {}),
    ("Hardshrink", [], {"lambd": 1}),
    ("Threshold", [1, 2], {}),
    ("Threshold", [0.5, 2.5], {}),
    ("Dropout", [], {}),
    ("Dropout", [], {"p": 0}),
    ("Dropout", [], {"p": 1}),
    ("Dropout2d", [], {"p": 0}),
    ("AlphaDropout", [], {"p": 0}),
    ("BatchNorm1d", [3], {}),
    ("BatchNorm1d", [3], {"eps": 1, "momentum": 0}),
    ("BatchNorm2d", [3], {"momentum": None}),
    ("LayerNorm", [3], {}),
    ("LayerNorm", [3], {"eps": 1}),
    ("GroupNorm", [1, 3], {}),
    ("GroupNorm", [1, 3], {"eps": 1}),
    ("InstanceNorm1d", [3], {}),
    ("InstanceNorm1d", [3], {"eps": 1, "momentum": 1}),
    ("LocalResponseNorm", [2], {}),
    ("LocalResponseNorm", [2], {"alpha": 1, "beta": 1, "k": 2}),
    ("Upsample", [], {"scale_factor": 2}),
    ("Upsample", [], {"scale_factor": 2.5}),
    ("Upsample", [], {"size": 4}),
    ("CosineSimilarity", [], {}),
    ("CosineSimilarity", [], {"eps": 1}),
    ("PairwiseDistance", [], {}),
    ("PairwiseDistance", [], {"p": 1, "eps": 1}),
    ("Embedding", [4, 2], {"max_norm": 1}),
    ("Embedding", [4, 2], {"max_norm": 1, "norm_type": 3}),
    ("EmbeddingBag", [4, 2], {"max_norm": 1}),
    ("LPPool1d", [2, 3], {}),
    ("LPPool2d", [2.5, 3], {}),
    ("MaxPool1d", [2], {}),
    ("AvgPool2d", [2], {}),
    ("AdaptiveAvgPool2d", [3], {}),
    ("Softmax", [], {"dim": 1}),
    ("PReLU", [], {}),
    ("PReLU", [], {"init": 1}),
    ("ConstantPad1d", [2, 1], {}),
    ("ConstantPad1d", [2, 1.5], {}),
    ("ConstantPad2d", [1, 0], {}),
    ("Hardswish", [], {}),
    ("GELU", [], {}),
    ("SiLU", [], {}),
    ("Mish", [], {}),
    ("Softmin", [], {"dim": 0}),
    ("SmoothL1Loss", [], {}),
    ("HuberLoss", [], {"delta": 1}),
    ("HuberLoss", [], {}),
    ("MarginRankingLoss", [], {"margin": 1}),
    ("TripletMarginLoss", [], {"margin": 2, "p": 1}),
    ("HingeEmbeddingLoss", [], {"margin": 2}),
    ("CrossEntropyLoss", [], {"label_smoothing": 0}),
    ("MultiMarginLoss", [], {"p": 1, "margin": 2}),
    ("CosineEmbeddingLoss", [], {"margin": 0}),
    ("Fold", [[4, 5], [2, 2]], {}),
    ("Unfold", [[2, 2]], {}),
    ("PixelShuffle", [2], {}),
    ("ChannelShuffle", [2], {}),
    ("Flatten", [], {}),
    ("Unflatten", [1, [2, 2]], {}),
    ("Conv1d", [2, 3, 3], {}),
    ("ConvTranspose2d", [2, 3, 3], {"output_padding": 1, "stride": 2}),
    ("RNN", [2, 3], {"dropout": 0}),
    ("LSTM", [2, 3], {"dropout": 1, "num_layers": 2}),
    ("GRU", [2, 3], {}),
    ("MultiheadAttention", [4, 2], {"dropout": 0}),
    ("Transformer", [], {"d_model": 4, "nhead": 2, "num_encoder_layers": 1, "num_decoder_layers": 1, "dim_feedforward": 8, "dropout": 0}),
    ("Bilinear", [2, 3, 4], {}),
    ("Identity", [], {}),
    ("Linear", [2, 3], {}),
    ("CrossMapLRN2d", [2], {}),
    ("CrossMapLRN2d", [2], {"k": 2}),
    ("LocalResponseNorm", [2], {"k": 1}),
    ("Hardtanh", [], {"min_value": -3}),
    ("ReLU6", [], {}),
    ("Softmax2d", [], {}),
    ("AdaptiveLogSoftmaxWithLoss", [4, 10, [2, 5]], {"div_value": 4}),
    ("FractionalMaxPool2d", [2], {"output_ratio": 0.5}),
    ("UpsamplingNearest2d", [], {"scale_factor": 2}),
    ("UpsamplingBilinear2d", [], {"size": 3}),
    ("TransformerEncoderLayer", [4, 2], {"dropout": 0, "layer_norm_eps": 1}),
    ("RNN", [2, 3], {"dropout": 0.5, "num_layers": 2}),
    ("GLU", [], {}),
    ("Hardsigmoid", [], {}),
    ("LogSoftmax", [], {"dim": 1}),
    ("ZeroPad2d", [1], {}),
    ("ReflectionPad1d", [1], {}),
    ("EmbeddingBag", [4, 2], {"norm_type": 3}),
    ("SyncBatchNorm", [3], {"eps": 1}),
    ("BatchNorm3d", [3], {"eps": 1, "momentum": 1}),
    ("LazyBatchNorm1d", [], {"eps": 1}),
    ("LazyLinear", [3], {}),
    ("InstanceNorm2d", [3], {"momentum": 0}),
    ("Dropout3d", [], {"p": 1}),
    ("FeatureAlphaDropout", [], {}),
    ("Dropout1d", [], {"p": 0}),
    ("Threshold", [0, 0], {"inplace": True}),
    ("ELU", [], {"alpha": 1.5, "inplace": True}),
    ("CELU", [1], {}),
    ("ELU", [1, False], {}),
    ("Upsample", [], {"scale_factor": [2, 3]}),
]


def tuples(v):
    return tuple(v) if isinstance(v, list) else v


cases = []
warnings.simplefilter("ignore")
for cls, args, kwargs in CASES:
    module = getattr(nn, cls)(*map(tuples, args), **{k: tuples(v) for k, v in kwargs.items()})
    cases.append({"cls": cls, "args": args, "kwargs": kwargs, "repr": repr(module)})

encode.write("nn_repr", {"cases": cases})
