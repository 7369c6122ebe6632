#!/usr/bin/python3
"""Golden values for test/nn_hooks_2x.test.ts: PyTorch 2.x's module hook API, which torchts offers on
every LibTorch release (it is plain TS): register_forward_hook / register_forward_pre_hook with
prepend, with_kwargs and always_call, prepend on the full backward hooks, the global forward hook's
with_kwargs and always_call, the public state-dict hooks (register_state_dict_pre_hook,
register_state_dict_post_hook, register_load_state_dict_pre_hook) and load_state_dict's
_IncompatibleKeys result: call orders, the args and kwargs each hook saw, results, errors,
warnings and reprs.

PyTorch 1.13 lacks these, so the fixture comes from the trixie root's PyTorch 2.6 (see
scripts/libtorch2), run by hand into test/golden/ (not test/golden/2.6/: the values hold for every
release), holding the root's lock as scripts/libtorch2 does:

    flock /var/cache/torchts/trixie.lock unshare --mount --propagation private sh -c '
      R=/var/cache/torchts/trixie; mount -t proc proc $R/proc && mount --rbind /dev $R/dev &&
      mkdir -p $R/tmp/torchts/scripts $R/tmp/torchts/test/golden && cp -r scripts/golden $R/tmp/torchts/scripts/ &&
      chroot $R /usr/bin/env -i PATH=/usr/bin:/bin python3 /tmp/torchts/scripts/golden/nn_hooks_2x.py &&
      cp $R/tmp/torchts/test/golden/nn_hooks_2x.json test/golden/; rm -rf $R/tmp/torchts'

`scripts/libtorch2 trixie golden` writes the same values (then dropped as equal to test/golden/'s);
under PyTorch 1.x this script writes nothing.
"""
import copy
import sys
import warnings

import torch
from torch import nn
import torch.nn.modules.module as M

import encode

T = encode.tensor
X = [[0.5, -1.25, 2.0], [1.5, 0.75, -0.5]]


def kw(kwargs):
    """kwargs as plain data: [name, value] pairs, tensors as lists."""
    return [[k, v.tolist() if isinstance(v, torch.Tensor) else v] for k, v in kwargs.items()]


class Affine(nn.Module):
    """forward(x, scale=1.0, shift=0.0): keyword arguments for the hooks to see."""
    def forward(self, x, scale=1.0, shift=0.0):
        return x * scale + shift


class Dicty(nn.Module):
    """forward(batch): a dict argument."""
    def forward(self, batch):
        return batch["x"] * 2


class Boom(nn.Module):
    def forward(self, x, scale=1.0):
        raise RuntimeError("boom")


def forward_hooks():
    """Order under prepend, what plain and with_kwargs hooks see, a with_kwargs pre-hook's [args, kwargs]."""
    events = []
    m = Affine()

    def pre(name):
        return lambda mod, args: events.append([name, len(args)])

    def fwd(name):
        return lambda mod, args, out: events.append([name, len(args), out.tolist()])

    def pre_kw(mod, args, kwargs):
        events.append(["pre_kw", len(args), kw(kwargs)])
        if "scale" in kwargs:
            return args, {**kwargs, "scale": kwargs["scale"] * 2}
        return None

    def fwd_kw(mod, args, kwargs, out):
        events.append(["fwd_kw", len(args), kw(kwargs), out.tolist()])
        return out + 100

    handles = [
        m.register_forward_pre_hook(pre("pre_a")),
        m.register_forward_pre_hook(pre("pre_b"), prepend=True),
        m.register_forward_pre_hook(pre_kw, with_kwargs=True),
        m.register_forward_pre_hook(pre("pre_first"), prepend=True),
        m.register_forward_hook(fwd("fwd_a")),
        m.register_forward_hook(fwd_kw, with_kwargs=True),
        m.register_forward_hook(fwd("fwd_first"), prepend=True),
        M.register_module_forward_hook(lambda mod, args, kwargs, out: events.append(["global_kw", len(args), kw(kwargs)]),
                                       with_kwargs=True),
    ]
    x = torch.tensor([1.0, 2.0])
    with_kwargs = m(x, scale=3.0)
    events.append("no kwargs")
    without = m(x)
    for h in handles:
        h.remove()
    events.append("removed")
    after = m(x, shift=1.0)

    replaced = Affine()
    replaced.register_forward_pre_hook(lambda mod, args, kwargs: ((args[0] * 2,), {"shift": 1.0}), with_kwargs=True)
    wrapped = Affine()
    wrapped.register_forward_pre_hook(lambda mod, args: args[0] * 10)
    # A dict argument (torchts: a lone plain object) is positional.
    seen = []
    dicty = Dicty()
    dicty.register_forward_pre_hook(lambda mod, args, kwargs: seen.append([len(args), list(args[0].keys()), kw(kwargs)]), with_kwargs=True)
    return {"events": events, "with_kwargs": with_kwargs.tolist(), "without": without.tolist(), "after": after.tolist(),
            "replaced": replaced(x, scale=5.0).tolist(), "wrapped": wrapped(x, shift=1.0).tolist(),
            "dict_input": [seen, dicty({"x": x}).tolist()]}


def pre_hook_errors():
    def returning(value):
        m = Affine()
        m.register_forward_pre_hook(lambda mod, args, kwargs: value, with_kwargs=True)
        return encode.error_of(lambda: m(torch.ones(1)))

    return {"tensor": returning(torch.ones(1)), "triple": returning((1, 2, 3))}


def always_call():
    """always_call hooks (module and global) after forward raised, and after a forward hook raised."""
    events = []

    def failing(mod, args, out):
        raise ValueError("hook failed")

    m = Boom()
    m.register_forward_hook(lambda mod, args, out: events.append(["plain"]))
    m.register_forward_hook(lambda mod, args, out: events.append(["always", len(args), out is None]), always_call=True)
    m.register_forward_hook(lambda mod, args, kwargs, out: events.append(["always_kw", len(args), kw(kwargs), out is None]),
                            with_kwargs=True, always_call=True)
    m.register_forward_hook(failing, always_call=True)
    globals_ = [
        M.register_module_forward_hook(lambda mod, args, out: events.append(["global_always", type(mod).__name__, out is None]),
                                       always_call=True),
        M.register_module_forward_hook(lambda mod, args, kwargs, out: events.append(["global_kw", type(mod).__name__]),
                                       with_kwargs=True),
        M.register_module_forward_hook(failing, always_call=True),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        error = encode.error_of(lambda: m(torch.ones(1), scale=2.0))
    for h in globals_:
        h.remove()
    forward_raised = {"events": events, "error": error, "warnings": [str(w.message) for w in caught]}

    # forward returns; the second forward hook raises: the always_call hooks after it run with the output.
    events = []
    ok = Affine()
    ok.register_forward_hook(lambda mod, args, out: events.append(["first", out.tolist()]) or out + 1, always_call=True)
    ok.register_forward_hook(failing)
    ok.register_forward_hook(lambda mod, args, out: events.append(["later", out.tolist()]), always_call=True)
    removed = ok.register_forward_hook(lambda mod, args, out: events.append(["removed"]), always_call=True)
    removed.remove()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        error = encode.error_of(lambda: ok(torch.tensor([1.0, 2.0])))
    hook_raised = {"events": events, "error": error, "warnings": [str(w.message) for w in caught]}
    return {"forward_raised": forward_raised, "hook_raised": hook_raised}


def backward_prepend():
    events = []
    m = nn.Sigmoid()
    m.register_full_backward_hook(lambda mod, gi, go: events.append("backward_a"))
    m.register_full_backward_hook(lambda mod, gi, go: events.append("backward_first"), prepend=True)
    m.register_full_backward_pre_hook(lambda mod, go: events.append("pre_a"))
    m.register_full_backward_pre_hook(lambda mod, go: events.append("pre_first"), prepend=True)
    x = torch.tensor(X, requires_grad=True)
    m(x * 1).sum().backward()
    return events


def linear(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(3, 2), nn.ReLU())


def state_dict_hooks():
    events = []
    net = linear(0)
    for name, mod in [("root", net), ("child", net[0])]:
        mod.register_state_dict_pre_hook(lambda m, prefix, keep_vars, name=name: events.append(["pre", name, prefix, keep_vars]))

    def post(m, sd, prefix, local_metadata):
        events.append(["post", type(m).__name__, prefix, list(sd.keys()), dict(local_metadata)])
        sd[prefix + "extra"] = torch.zeros(1)

    handle = net[0].register_state_dict_post_hook(post)
    keys = list(net.state_dict(keep_vars=True).keys())
    handle.remove()
    removed_keys = list(net.state_dict().keys())

    def returning(m, sd, prefix, local_metadata):
        return {}

    returns = nn.Linear(2, 2)
    returns.register_state_dict_post_hook(returning)
    returned = encode.error_of(returns.state_dict)
    twice = encode.error_of(lambda: nn.Linear(2, 2)._register_state_dict_hook(returning))

    # The private hook's replacement counts at the root only.
    private = linear(0)
    private._register_state_dict_hook(lambda m, sd, prefix, meta: {"root": torch.zeros(1)})
    private[0]._register_state_dict_hook(lambda m, sd, prefix, meta: {"child": torch.zeros(1)})
    return {"events": events, "keys": keys, "removed_keys": removed_keys, "returned": returned, "twice": twice,
            "private_keys": list(private.state_dict().keys())}


def load_pre_hooks():
    """register_load_state_dict_pre_hook: its arguments, renaming a key; a deep copy's hook gets the copy."""
    events = []
    net = linear(0)
    sd = linear(1).state_dict()
    sd["0.old_bias"] = sd.pop("0.bias")

    def rename(m, state_dict, prefix, local_metadata, strict, missing, unexpected, error_msgs):
        events.append([type(m).__name__, prefix, sorted(state_dict.keys()), dict(local_metadata), strict,
                       list(missing), list(unexpected), list(error_msgs)])
        if prefix + "old_bias" in state_dict:
            state_dict[prefix + "bias"] = state_dict.pop(prefix + "old_bias")

    handle = net[0].register_load_state_dict_pre_hook(rename)
    net.register_load_state_dict_pre_hook(rename)
    result = net.load_state_dict(sd)
    handle.remove()
    without = net.load_state_dict(sd, strict=False)

    seen = []
    original = nn.Linear(2, 2)
    original.register_load_state_dict_pre_hook(lambda m, *rest: seen.append(m))
    clone = copy.deepcopy(original)
    clone.load_state_dict(clone.state_dict())
    return {"events": events, "bias": T(net[0].bias.detach()), "result": repr(result),
            "without": [list(without.missing_keys), list(without.unexpected_keys)],
            "copy_gets_copy": seen == [clone] and seen[0] is clone}


def incompatible_keys():
    net = linear(0)
    matched = net.load_state_dict(net.state_dict())
    sd = net.state_dict()
    del sd["0.bias"]
    sd["extra"] = torch.zeros(1)
    sd["1.extra"] = torch.zeros(1)
    seen = []
    net.register_load_state_dict_post_hook(lambda m, keys: seen.append([repr(keys), str(keys), len(keys)]))
    mismatched = net.load_state_dict(sd, strict=False)
    missing, unexpected = mismatched
    return {"matched": [repr(matched), str(matched), list(matched)],
            "mismatched": [repr(mismatched), str(mismatched), list(mismatched)],
            "unpacked": [missing, unexpected], "by_name": [mismatched.missing_keys, mismatched.unexpected_keys],
            "in_hook": seen, "is_tuple": isinstance(mismatched, tuple)}


def main():
    if int(torch.__version__.split(".")[0]) < 2:
        print("nn_hooks_2x: PyTorch 2.x's hook API; this is PyTorch " + torch.__version__ + ", nothing written", file=sys.stderr)
        return
    doc = {"forward_hooks": forward_hooks(), "pre_hook_errors": pre_hook_errors(), "always_call": always_call(),
           "backward_prepend": backward_prepend(), "state_dict_hooks": state_dict_hooks(),
           "load_pre_hooks": load_pre_hooks(), "incompatible_keys": incompatible_keys()}
    encode.write("nn_hooks_2x", doc)


if __name__ == "__main__":
    main()
