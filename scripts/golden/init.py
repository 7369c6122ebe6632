#!/usr/bin/python3
"""Golden fixture for torchts' torch.nn.init (test/nn_init.test.ts).

Run with Debian's interpreter (the one that has python3-torch 1.13):

    /usr/bin/python3 scripts/golden/init.py      (or: npm run golden -- init)

Writes test/golden/init.json, encoded as scripts/golden/encode.py describes:

  {"torch_version", "params": {fn: [[name, default], ...] for the arguments after `tensor`, in order},
   "values": [...], "gains": [...], "fans": [...], "errors": [...]}

values: {name, fn, shape, dtype, requires_grad, seed, args, kwargs, out, warnings}
    torch.manual_seed(seed); t = torch.empty(shape, dtype=dtype, requires_grad=requires_grad)
    r = nn.init.<fn>(t, *args, **kwargs); `out` is t afterwards (a tensor record); `warnings`
    are the UserWarning messages the call raised.
gains:  {nonlinearity, param?, out}          nn.init.calculate_gain(nonlinearity[, param])
fans:   {fn, shape, mode?, out}              nn.init._calculate_fan_in_and_fan_out / _calculate_correct_fan
errors: {name, fn, shape?, args, kwargs, type, message}  the exception PyTorch raises
"""
import inspect
import math
import warnings

import torch
import torch.nn.init as init

import encode

FNS = ["uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "eye_", "dirac_",
       "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_", "sparse_"]
DTYPES = {"float32": torch.float32, "float64": torch.float64}


values = []
_seed = [1000]


def V(fn, shape, *args, dtype="float32", grad=False, name=None, **kwargs):
    _seed[0] += 1
    seed = _seed[0]
    torch.manual_seed(seed)
    t = torch.empty(shape, dtype=DTYPES[dtype], requires_grad=grad)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = getattr(init, fn)(t, *args, **kwargs)
    assert r is t, fn
    assert t.requires_grad == grad and t.is_leaf, fn
    label = name or "%s %s %s %s%s" % (fn, list(shape), list(args), kwargs, " grad" if grad else "")
    values.append({"name": label, "fn": fn, "shape": list(shape), "dtype": dtype, "requires_grad": grad,
                   "seed": seed, "args": encode.plain(list(args)), "kwargs": encode.plain(kwargs), "out": encode.tensor(t),
                   "warnings": [str(w.message) for w in caught]})


# 2-d (Linear-like), 4-d (Conv2d-like), 3-d (Conv1d-like)
L, C, T = [8, 6], [4, 3, 3, 3], [5, 4, 3]

V("uniform_", L)
V("uniform_", L, a=-0.5, b=2.0)
V("uniform_", C, -1, 1, grad=True)
V("uniform_", T, 0.25)
V("normal_", L)
V("normal_", T, mean=0.5, std=2.0)
V("normal_", C, 0.0, 0.02, grad=True)
V("trunc_normal_", L)
V("trunc_normal_", T, mean=0.1, std=0.5, a=-0.3, b=0.6)
V("trunc_normal_", C, std=0.02, grad=True)
V("trunc_normal_", [6, 10], 0.0, 1.0, -1.0, float("inf"))
V("trunc_normal_", [64, 4], mean=1.0, std=3.0, a=-2.5, b=0.5)
V("trunc_normal_", [4, 4], mean=1.0, std=0.1, a=-1.0, b=0.5)
V("trunc_normal_", [4, 4], -3.0, 0.5)
V("constant_", L, 0.3)
V("constant_", C, val=-2, grad=True)
V("ones_", T)
V("zeros_", T, grad=True)
V("eye_", [6, 6])
V("eye_", [4, 7])
V("eye_", [7, 4], grad=True)
V("dirac_", [6, 4, 3])
V("dirac_", [4, 4, 3, 3])
V("dirac_", [3, 2, 3, 3, 3], grad=True)
V("dirac_", [6, 2, 3, 3], 2)
V("dirac_", [8, 4, 3], groups=4)
V("dirac_", [4, 6, 2, 2])
V("xavier_uniform_", L)
V("xavier_uniform_", C, gain=init.calculate_gain("relu"))
V("xavier_uniform_", T, 2.0, grad=True)
V("xavier_uniform_", [2, 3, 4, 2, 2])
V("xavier_normal_", L)
V("xavier_normal_", C, gain=init.calculate_gain("tanh"), grad=True)
V("xavier_normal_", T, 0.5)
V("xavier_normal_", L, dtype="float64")
V("kaiming_uniform_", L)
V("kaiming_uniform_", L, a=math.sqrt(5))          # nn.Linear.reset_parameters
V("kaiming_uniform_", C, a=math.sqrt(5), grad=True)  # nn.Conv2d.reset_parameters
V("kaiming_uniform_", C, mode="fan_out", nonlinearity="relu")
V("kaiming_uniform_", T, 0.2, "fan_in", "leaky_relu")
V("kaiming_uniform_", T, 0.2, nonlinearity="leaky_relu")
V("kaiming_uniform_", L, mode="fan_out", nonlinearity="tanh")
V("kaiming_uniform_", L, nonlinearity="selu")
V("kaiming_uniform_", L, nonlinearity="linear")
V("kaiming_uniform_", C, nonlinearity="sigmoid", mode="FAN_OUT")
V("kaiming_uniform_", C, nonlinearity="conv2d")
V("kaiming_uniform_", L, dtype="float64", nonlinearity="relu")
V("kaiming_uniform_", [0, 3])
V("kaiming_normal_", L)
V("kaiming_normal_", L, a=math.sqrt(5), grad=True)
V("kaiming_normal_", C, mode="fan_out", nonlinearity="relu")
V("kaiming_normal_", T, 0.1, "fan_out")
V("kaiming_normal_", T, 0, "fan_in", "relu")
V("kaiming_normal_", L, nonlinearity="tanh")
V("kaiming_normal_", L, nonlinearity="selu", mode="Fan_In")
V("kaiming_normal_", L, dtype="float64")
V("kaiming_normal_", [3, 0, 2])
V("orthogonal_", L)
V("orthogonal_", [6, 10])
V("orthogonal_", C, gain=2.0, grad=True)
V("orthogonal_", T, init.calculate_gain("relu"))
V("orthogonal_", [10, 4], grad=True)
V("orthogonal_", [7, 7])
V("orthogonal_", L, dtype="float64")
V("orthogonal_", [0, 3])
V("sparse_", [10, 6], 0.3)
V("sparse_", [8, 5], sparsity=0.1, std=0.5, grad=True)
V("sparse_", [6, 4], 0.0)
V("sparse_", [7, 3], 0.99)

gains = []
for nl in ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]:
    gains.append({"nonlinearity": nl, "out": init.calculate_gain(nl)})
for p in [0.2, 0, 1, 0.01, math.sqrt(5), -0.5, 3.0]:
    gains.append({"nonlinearity": "leaky_relu", "param": p, "out": init.calculate_gain("leaky_relu", p)})
gains.append({"nonlinearity": "relu", "param": 0.5, "out": init.calculate_gain("relu", 0.5)})
gains.append({"nonlinearity": "tanh", "param": "ignored", "out": init.calculate_gain("tanh", "ignored")})

fans = []
for shape in [[8, 6], [4, 3, 3, 3], [5, 4, 3], [2, 3, 4, 5, 6], [3, 0], [1, 1], [7, 2, 0, 5]]:
    t = torch.empty(shape)
    fans.append({"fn": "_calculate_fan_in_and_fan_out", "shape": shape,
                 "out": list(init._calculate_fan_in_and_fan_out(t))})
    for mode in ["fan_in", "fan_out", "FAN_OUT", "Fan_In"]:
        fans.append({"fn": "_calculate_correct_fan", "shape": shape, "mode": mode,
                     "out": init._calculate_correct_fan(t, mode)})

errors = []


def E(fn, shape, *args, name=None, **kwargs):
    target = getattr(init, fn)
    try:
        if shape is None:
            target(*args, **kwargs)
        else:
            target(torch.empty(shape), *args, **kwargs)
    except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
        errors.append({"name": name or "%s %s %s %s" % (fn, shape, list(args), kwargs), "fn": fn,
                       "shape": shape, "args": encode.plain(list(args)), "kwargs": encode.plain(kwargs),
                       **encode.error(e)})
        return
    raise AssertionError("no error: %s %s" % (fn, shape))


E("_calculate_fan_in_and_fan_out", [5])
E("_calculate_fan_in_and_fan_out", [])
E("_calculate_correct_fan", [5, 3], "fan_avg")
E("_calculate_correct_fan", [5], "fan_in")
E("xavier_uniform_", [5])
E("xavier_normal_", [])
E("kaiming_uniform_", [5])
E("kaiming_normal_", [5], nonlinearity="relu")
E("kaiming_uniform_", [4, 3], nonlinearity="gelu")
E("kaiming_normal_", [4, 3], 0, "fan_in", "swish")
E("kaiming_uniform_", [4, 3], mode="fan_avg")
E("kaiming_normal_", [4, 3], mode="FAN_AVG")
E("kaiming_uniform_", [5], mode="fan_avg", nonlinearity="gelu")
E("kaiming_uniform_", [4, 3], mode="fan_in", nonlinearity="gelu")
E("calculate_gain", None, "gelu")
E("calculate_gain", None, "Relu")
E("calculate_gain", None, "leaky_relu", "x")
E("calculate_gain", None, "leaky_relu", True)
E("calculate_gain", None, "leaky_relu", param=False)
E("eye_", [3, 3, 3])
E("eye_", [4])
E("dirac_", [4, 4])
E("dirac_", [2, 2, 2, 2, 2, 2])
E("dirac_", [6, 4, 3], 4)
E("dirac_", [6, 4, 3, 3], groups=5)
E("orthogonal_", [5])
E("sparse_", [4, 3, 2], 0.5)
E("sparse_", [4], sparsity=0.5)
E("uniform_", [3, 4], 2, 1)
E("normal_", [3, 4], 0, -1)
E("normal_", [3, 4], std=-0.5)

params = {fn: [[name, None if p.default is inspect.Parameter.empty else encode.plain(p.default)]
               for name, p in list(inspect.signature(getattr(init, fn)).parameters.items())[1:]] for fn in FNS}

encode.write("init", {"params": params, "values": values, "gains": gains, "fans": fans, "errors": errors})
