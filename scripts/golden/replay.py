"""Calls described as data, shared by the ops and functional generators: an argument that names
one of the case's input tensors, a slice, and their resolution when the call runs in Python."""


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
