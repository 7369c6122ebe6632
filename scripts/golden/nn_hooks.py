#!/usr/bin/python3
"""Golden values for test/nn_backward_hook_legacy.test.ts and test/nn_global_hooks.test.ts:
Module.register_backward_hook (the legacy hook on the output's grad_fn: its arguments, its
warnings, replacing grad_input, the errors), the global hooks of torch.nn.modules.module (call
order against the module's own hooks) and the state-dict compatibility hooks of weight_norm and
spectral_norm.

    /usr/bin/python3 scripts/golden/nn_hooks.py     # Debian's python3-torch (same LibTorch)

Writes test/golden/nn_hooks.json (PyTorch 1.13); under PyTorch 2.x (scripts/libtorch2 trixie
golden) also the cases of the 2.x-only global hooks (their forward hook options: nn_hooks_2x.py).
"""
import os
import warnings

import torch
from torch import nn
import torch.nn.modules.module as M

import encode

T = encode.tensor
X = [[0.5, -1.25, 2.0], [1.5, 0.75, -0.5]]
G = [[1.0, -2.0], [0.5, 3.0]]
W = [[0.25, -0.5, 1.0], [-1.5, 0.75, 0.125]]
B = [0.1, -0.2]
TORCH2 = int(torch.__version__.split(".")[0]) >= 2


def leaf(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


def grads(gs):
    return [None if g is None else T(g) for g in gs]


def linear():
    m = nn.Linear(3, 2).double()
    with torch.no_grad():
        m.weight.copy_(torch.tensor(W))
        m.bias.copy_(torch.tensor(B))
    return m


class Pair(nn.Module):
    """Two outputs made by two autograd nodes."""
    def forward(self, x):
        return x.exp(), x.sin()


class Scale(nn.Module):
    """A non-tensor argument."""
    def forward(self, x, k):
        return x * k


class Named(nn.Module):
    """A dict output (not a tuple)."""
    def forward(self, x):
        return {"e": x.exp()}


def run_legacy(module, make_input, returns=None, weight=None):
    """module(input) with a recording legacy hook; backward of sum(out * weight) (or the first output's sum)."""
    calls = []

    def hook(mod, grad_input, grad_output):
        calls.append({"grad_input": grads(grad_input), "grad_output": grads(grad_output)})
        return returns(grad_input) if returns else None

    module.register_backward_hook(hook)
    x = leaf(X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = module(*make_input(x))
    first = out[0] if isinstance(out, tuple) else out["e"] if isinstance(out, dict) else out
    loss = (first * torch.tensor(weight, dtype=torch.float64)).sum() if weight else first.sum()
    loss.backward()
    return {"calls": calls, "warnings": [str(w.message) for w in caught], "x_grad": T(x.grad),
            "params_grad": [T(p.grad) for p in module.parameters()]}


def legacy():
    def scale10(gi):
        return tuple(None if g is None else g * 10 for g in gi)

    return {
        "linear": run_legacy(linear(), lambda x: (x,), weight=G),
        "sigmoid": run_legacy(nn.Sigmoid(), lambda x: (x * 1,)),
        "sigmoid_replaced": run_legacy(nn.Sigmoid(), lambda x: (x * 1,), returns=scale10),
        "pair": run_legacy(Pair(), lambda x: (x,)),
        "scale": run_legacy(Scale(), lambda x: (x, 2.0)),
        "named": run_legacy(Named(), lambda x: (x,)),
        "leaf_only": run_legacy(nn.Sigmoid(), lambda x: (x,)),
    }


def legacy_errors():
    def my_hook(mod, gi, go):
        return gi + gi

    def bad_type(mod, gi, go):
        return gi[0]

    def bad_size(mod, gi, go):
        return (gi[0][:1],)

    def backward_with(hook):
        m = nn.Sigmoid()
        m.register_backward_hook(hook)
        x = leaf(X)
        m(x * 1).sum().backward()

    def mixed_full_after_legacy():
        m = nn.Sigmoid()
        m.register_backward_hook(lambda *a: None).remove()
        m.register_full_backward_hook(lambda *a: None)

    def mixed_legacy_after_full():
        m = nn.Sigmoid()
        m.register_full_backward_hook(lambda *a: None)
        m.register_backward_hook(lambda *a: None)

    return {
        "wrong_count": encode.error_of(lambda: backward_with(my_hook)),
        "not_tuple": encode.error_of(lambda: backward_with(bad_type)),
        "wrong_size": encode.error_of(lambda: backward_with(bad_size)),
        "full_after_legacy": encode.error_of(mixed_full_after_legacy),
        "legacy_after_full": encode.error_of(mixed_legacy_after_full),
    }


def global_order(kind):
    """Call order of global and per-module forward (pre) hooks and backward hooks of `kind`."""
    events = []
    m = nn.Sigmoid()
    handles = [
        m.register_forward_pre_hook(lambda mod, inp: events.append("module_pre")),
        M.register_module_forward_pre_hook(lambda mod, inp: events.append("global_pre")),
        m.register_forward_hook(lambda mod, inp, out: events.append("module_forward")),
        M.register_module_forward_hook(lambda mod, inp, out: events.append("global_forward")),
    ]
    if kind == "full":
        handles += [
            m.register_full_backward_hook(lambda mod, gi, go: events.append(("module_backward", grads(gi), grads(go)))),
            M.register_module_full_backward_hook(lambda mod, gi, go: events.append(("global_backward", grads(gi), grads(go)))),
        ]
    else:
        handles += [
            m.register_backward_hook(lambda mod, gi, go: events.append(("module_backward", grads(gi), grads(go)))),
            M.register_module_backward_hook(lambda mod, gi, go: events.append(("global_backward", grads(gi), grads(go)))),
        ]
    x = leaf(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m(x * 1).sum().backward()
    for h in handles:
        h.remove()
    events.append("removed")
    m(x * 1).sum().backward()
    out = []
    for e in events:
        out.append({"event": e[0], "grad_input": e[1], "grad_output": e[2]} if isinstance(e, tuple) else {"event": e})
    return out


def global_replacing():
    """Global forward pre hook replaces the input, global forward hook the output, for every module."""
    seen = []
    h1 = M.register_module_forward_pre_hook(lambda mod, inp: (inp[0] * 2,))
    h2 = M.register_module_forward_hook(lambda mod, inp, out: seen.append(type(mod).__name__) or out + 1)
    net = nn.Sequential(nn.Identity(), nn.Identity())
    y = net(torch.tensor([1.0, 2.0]))
    h1.remove()
    h2.remove()
    return {"seen": seen, "y": T(y), "after": T(net(torch.tensor([1.0, 2.0])))}


def global_sticky():
    """The global hook kind, once chosen, stays for the process (also after removal)."""
    M._global_is_full_backward_hook = None
    M.register_module_backward_hook(lambda *a: None).remove()
    legacy_then_full = encode.error_of(lambda: M.register_module_full_backward_hook(lambda *a: None))
    M._global_is_full_backward_hook = None
    M.register_module_full_backward_hook(lambda *a: None).remove()
    full_then_legacy = encode.error_of(lambda: M.register_module_backward_hook(lambda *a: None))
    M._global_is_full_backward_hook = None
    return {"legacy_then_full": legacy_then_full, "full_then_legacy": full_then_legacy}


def global_v2():
    """PyTorch 2.x's global backward pre hooks and registration hooks."""
    events = []
    m = nn.Sigmoid()
    h = [M.register_module_full_backward_pre_hook(lambda mod, go: events.append(("global_pre", grads(go))) or (go[0] * 2,)),
         m.register_full_backward_pre_hook(lambda mod, go: events.append(("module_pre", grads(go))))]
    x = leaf(X)
    m(x * 1).sum().backward()
    for k in h:
        k.remove()
    pre = {"events": [{"event": e[0], "grad_output": e[1]} for e in events], "x_grad": T(x.grad)}

    regs = []
    handles = [
        M.register_module_parameter_registration_hook(lambda mod, name, p: regs.append(["parameter", type(mod).__name__, name])),
        M.register_module_buffer_registration_hook(lambda mod, name, b: regs.append(["buffer", type(mod).__name__, name])),
        M.register_module_module_registration_hook(lambda mod, name, sub: regs.append(["module", type(mod).__name__, name])),
    ]
    lin = nn.Linear(2, 2)
    bn = nn.BatchNorm1d(2)
    holder = nn.Module()
    holder.register_module("child", lin)
    holder.add_module("other", bn)
    holder.register_parameter("p", nn.Parameter(torch.zeros(1)))
    holder.register_buffer("b", torch.zeros(1))
    replace = M.register_module_buffer_registration_hook(lambda mod, name, b: torch.ones(2))
    holder.register_buffer("c", torch.zeros(1))
    replaced = T(holder.c)
    for k in handles + [replace]:
        k.remove()
    holder.register_buffer("d", torch.zeros(1))
    return {"backward_pre": pre, "registrations": regs, "replaced_buffer": replaced}


def full_message(fn):
    try:
        fn()
    except RuntimeError as e:
        return str(e)
    raise AssertionError("expected an error")


def plain_metadata(sd):
    return {k: dict(v) for k, v in sd._metadata.items()}


def state_dicts(out_dir, write):
    """Files torch.save wrote (PyTorch 1.13's, `write`: this run makes them) from state dicts of the
    older weight_norm / spectral_norm forms and BatchNorm's version-1 layout, and what loading them gives."""
    x = torch.tensor(X)

    def saved(name, sd):
        path = os.path.join(out_dir, name + ".pt")
        if write:
            os.makedirs(out_dir, exist_ok=True)
            torch.save(sd, path)
        return torch.load(path)

    doc = {}
    torch.manual_seed(0)
    sd = saved("weight_norm_old", nn.Sequential(nn.utils.weight_norm(nn.Linear(3, 2)), nn.ReLU()).state_dict())
    old = nn.Sequential(nn.utils.weight_norm(nn.Linear(3, 2)), nn.ReLU())
    old.load_state_dict(sd)
    doc["weight_norm_old"] = {"keys": list(sd.keys()), "g": T(sd["0.weight_g"]), "v": T(sd["0.weight_v"]),
                              "output": T(old(x).detach())}

    torch.manual_seed(1)
    sn = nn.utils.spectral_norm(nn.Linear(3, 3))
    for _ in range(3):
        sn(x)
    sd = saved("spectral_norm", sn.state_dict())
    sn = nn.utils.spectral_norm(nn.Linear(3, 3))
    sn.load_state_dict(sd)
    sn.eval()
    doc["spectral_norm"] = {"keys": list(sd.keys()), "metadata": plain_metadata(sd),
                            "u": T(sn.weight_u), "v": T(sn.weight_v), "eval_output": T(sn(x).detach())}

    # The layout before version 1: the normalized weight instead of weight_v, no version metadata.
    old_sd = sn.state_dict()
    del old_sd["weight_v"]
    old_sd["weight"] = sn.weight.detach().clone()
    del old_sd._metadata[""]["spectral_norm"]
    old_sd = saved("spectral_norm_v0", old_sd)
    fresh = nn.utils.spectral_norm(nn.Linear(3, 3))
    fresh.load_state_dict(old_sd)
    fresh.eval()
    doc["spectral_norm_v0"] = {"keys": list(old_sd.keys()), "v": T(fresh.weight_v), "eval_output": T(fresh(x).detach()),
                               "missing": full_message(lambda: nn.utils.spectral_norm(nn.Linear(3, 3)).load_state_dict(
                                   {k: v for k, v in old_sd.items() if k != "weight_u"}))}

    bn = nn.BatchNorm1d(2)
    bn_sd = bn.state_dict()
    del bn_sd["num_batches_tracked"]
    bn_sd._metadata[""]["version"] = 1
    bn_sd = saved("batchnorm_v1", bn_sd)
    bn.num_batches_tracked.fill_(5)
    bn.load_state_dict(bn_sd)
    doc["batchnorm_v1"] = {"keys": list(bn_sd.keys()), "num_batches_tracked": T(bn.num_batches_tracked),
                           "metadata": plain_metadata(nn.Sequential(nn.BatchNorm1d(2), nn.Linear(2, 2)).state_dict())}
    # A checkpoint from before 0.4.0: running stats of an InstanceNorm that tracks none, no metadata.
    inorm_sd = {"running_mean": torch.zeros(2), "running_var": torch.ones(2)}
    doc["instancenorm_v0"] = full_message(lambda: nn.InstanceNorm1d(2).load_state_dict(inorm_sd))
    doc["not_a_tensor"] = full_message(lambda: nn.Linear(2, 2).load_state_dict({"weight": 3, "bias": torch.zeros(2)}))
    doc["post_hooks"] = load_post_hooks()
    return doc


def load_post_hooks():
    """register_load_state_dict_post_hook: children's hooks first, the shared key lists, clearing them
    in place avoids strict's error, returning a value is an AssertionError."""
    seen = []
    net = nn.Sequential(nn.Linear(2, 2), nn.ReLU())

    def record(mod, keys):
        seen.append([type(mod).__name__, list(keys.missing_keys), list(keys.unexpected_keys)])

    net[0].register_load_state_dict_post_hook(record)
    net.register_load_state_dict_post_hook(record)
    sd = {"0.weight": torch.zeros(2, 2), "extra": torch.zeros(1)}
    strict_error = full_message(lambda: net.load_state_dict(sd))

    def clear(mod, keys):
        keys.missing_keys.clear()
        keys.unexpected_keys.clear()

    handle = net.register_load_state_dict_post_hook(clear)
    cleared = net.load_state_dict(sd)
    handle.remove()
    net.register_load_state_dict_post_hook(lambda mod, keys: 1)
    returned = encode.error_of(lambda: net.load_state_dict(net.state_dict()))
    return {"seen": seen, "strict_error": strict_error, "cleared": [list(cleared.missing_keys), list(cleared.unexpected_keys)],
            "returned": returned}


def main():
    doc = {"legacy": legacy(), "legacy_errors": legacy_errors(),
           "global_order_full": global_order("full"), "global_replacing": global_replacing()}
    M._global_is_full_backward_hook = None
    doc["global_order_legacy"] = global_order("legacy")
    doc["global_sticky"] = global_sticky()
    if TORCH2:
        doc["global_v2"] = global_v2()
    # The .pt files are PyTorch 1.13's, in test/golden/nn_hooks/ whatever release writes the values.
    doc["state_dicts"] = state_dicts(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "golden", "nn_hooks"),
                                     write=not TORCH2)
    encode.write("nn_hooks", doc)


if __name__ == "__main__":
    main()
