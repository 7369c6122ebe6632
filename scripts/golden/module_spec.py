"""Module cases as the golden generators write them: {"$mod": [ctor, args, kwargs]} is a torch.nn
module built in place, and a call's result is flattened to its tensors."""
import torch
import torch.nn as nn


def build(spec):
    """A constructor argument: {"$mod": [ctor, args, kwargs]} builds a module; anything else is itself."""
    if isinstance(spec, dict) and '$mod' in spec:
        ctor, args, kwargs = spec['$mod']
        return getattr(nn, ctor)(*[build(a) for a in args], **{k: build(v) for k, v in kwargs.items()})
    return spec


def tensors_of(result):
    """The tensors of a result (a tensor, None, or nested tuples and lists of them), in order."""
    if isinstance(result, torch.Tensor):
        return [result]
    if result is None:
        return []
    return [t for r in result for t in tensors_of(r)]
