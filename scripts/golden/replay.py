"""Cases described as data, shared by the ops and functional generators: input tensors (a kind of
random draw or literal values, a dtype, whether they require grad), an argument that names one of
the case's inputs, a slice, and their resolution when the call runs in Python."""
import torch


class In:
    """inputs[i] of the case."""

    def __init__(self, i):
        self.i = i

    def golden(self):
        return {"$in": self.i}


def I(i):  # noqa: E743 - reads like the fixture's "$in"
    return In(i)


class Sl:
    """A slice in an index expression."""

    def __init__(self, start=None, stop=None, step=None):
        self.v = [start, stop, step]

    def golden(self):
        return {"$slice": self.v}


def resolve(a, inputs):
    """An argument as Python passes it: In -> the input tensor, Sl -> slice, containers kept."""
    if isinstance(a, In):
        return inputs[a.i]
    if isinstance(a, Sl):
        return slice(*a.v)
    if isinstance(a, tuple):
        return tuple(resolve(x, inputs) for x in a)
    if isinstance(a, list):
        return [resolve(x, inputs) for x in a]
    return a


# ---------------------------------------------------------------- inputs described as data
def randn(*shape, dtype="float32", grad=True, scale=1.0):
    return {"kind": "randn", "shape": list(shape), "dtype": dtype, "grad": grad, "scale": scale}


def uniform(lo, hi, *shape, dtype="float32", grad=True):
    return {"kind": "uniform", "shape": list(shape), "lo": lo, "hi": hi, "dtype": dtype, "grad": grad}


def randint(lo, hi, *shape, dtype="int64"):
    return {"kind": "randint", "shape": list(shape), "lo": lo, "hi": hi, "dtype": dtype, "grad": False}


def boolmask(*shape):
    return {"kind": "bool", "shape": list(shape), "dtype": "bool", "grad": False}


def sign(*shape):
    """Targets of +-1 (float)."""
    return {"kind": "sign", "shape": list(shape), "dtype": "float32", "grad": False}


def probs(*shape, grad=False):
    """Rows that sum to 1 along the last dim."""
    return {"kind": "probs", "shape": list(shape), "dtype": "float32", "grad": grad}


def vals(values, dtype="float32", grad=False):
    return {"kind": "values", "values": values, "dtype": dtype, "grad": grad}


def zeros(*shape, dtype="float32"):
    return {"kind": "zeros", "shape": list(shape), "dtype": dtype, "grad": False}


def ones(*shape, dtype="float32"):
    return {"kind": "ones", "shape": list(shape), "dtype": dtype, "grad": False}


def materialize(spec, rounded=lambda t: t):
    """The input tensor a spec describes, drawn from the global stream; `rounded` shapes the random
    floats (randn, uniform, probs) before they take the spec's dtype."""
    dt, shape, k = getattr(torch, spec["dtype"]), spec.get("shape"), spec["kind"]
    if k == "randn":
        return rounded(torch.randn(shape) * spec["scale"]).to(dt)
    if k == "uniform":
        return rounded(torch.rand(shape) * (spec["hi"] - spec["lo"]) + spec["lo"]).to(dt)
    if k == "probs":
        p = rounded(torch.rand(shape) + 0.1)
        return p / p.sum(-1, keepdim=True)
    if k == "randint":
        return torch.randint(spec["lo"], spec["hi"], shape).to(dt)
    if k == "bool":
        return torch.rand(shape) > 0.5
    if k == "sign":
        return (torch.rand(shape) > 0.5).float() * 2 - 1
    if k == "zeros":
        return torch.zeros(shape, dtype=dt)
    if k == "ones":
        return torch.ones(shape, dtype=dt)
    return torch.tensor(spec["values"], dtype=dt)
