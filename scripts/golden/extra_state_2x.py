#!/usr/bin/python3
"""Golden values for test/nn_extra_state.test.ts's PyTorch 2.x part: load_state_dict(state_dict,
strict, assign) (PyTorch 2.1's `assign`, which torchts offers on every LibTorch release: it is plain
TS), the assigned tensors' identity, Parameter-ness, requires_grad, dtype and device, the metadata
hooks see, and 2.x's rules for unexpected keys and copies into meta parameters.

PyTorch 1.13 lacks these, so the fixture comes from the trixie root's PyTorch 2.6 (see
scripts/libtorch2), run by hand into test/golden/ as scripts/golden/nn_hooks_2x.py says (with
extra_state_2x in place of nn_hooks_2x); under PyTorch 1.x this script writes nothing.
"""
import sys
import warnings

import torch
from torch import nn

import encode

T = encode.tensor


def linear(seed):
    torch.manual_seed(seed)
    return nn.Linear(3, 2)


def describe(m, sd):
    """What assign made of each parameter: Parameter-ness, requires_grad, whether it is the state dict's
    tensor itself or shares its storage, and its values."""
    out = {}
    for name in ["weight", "bias"]:
        p, src = getattr(m, name), sd[name]
        out[name] = {"parameter": isinstance(p, nn.Parameter), "requires_grad": p.requires_grad, "same_object": p is src,
                     "shares": p.data_ptr() == src.data_ptr(), "source_requires_grad": src.requires_grad, "value": T(p)}
    return out


def assign():
    plain = linear(0)
    sd = linear(1).state_dict()
    result = plain.load_state_dict(sd, assign=True)

    # Parameters in the state dict are assigned as they are, with the module's requires_grad.
    frozen = linear(0)
    frozen.weight.requires_grad_(False)
    params = linear(2)
    params.bias.requires_grad_(False)
    psd = params.state_dict(keep_vars=True)
    frozen.load_state_dict(psd, assign=True)

    # A state dict's tensors keep their dtype; a copy (assign=False) keeps the module's.
    bn_sd = {k: (v.double() if v.is_floating_point() else v) for k, v in nn.BatchNorm1d(2).state_dict().items()}
    bn_sd["running_mean"] = torch.tensor([0.25, -0.5], dtype=torch.float64)
    assigned_bn, copied_bn = nn.BatchNorm1d(2), nn.BatchNorm1d(2)
    assigned_bn.load_state_dict(bn_sd, assign=True)
    copied_bn.load_state_dict(bn_sd)

    # The meta-device pattern: a module built without storage takes the checkpoint's tensors.
    meta = nn.Linear(3, 2, device="meta")
    meta.load_state_dict(sd, assign=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        copied_meta = nn.Linear(3, 2, device="meta")
        copied_meta.load_state_dict(linear(1).state_dict())
    # assign=True wrote assign_to_params_buffers into sd's own metadata: loading sd again assigns.
    reused = nn.Linear(3, 2, device="meta")
    reused.load_state_dict(sd)

    # The flag reaches load pre-hooks in local_metadata, written into the state dict's own metadata.
    seen = []
    hooked = linear(0)
    hooked.register_load_state_dict_pre_hook(lambda m, state_dict, prefix, local_metadata, *rest: seen.append(dict(local_metadata)))
    msd = linear(1).state_dict()
    hooked.load_state_dict(msd, assign=True)
    hooked.load_state_dict(linear(1).state_dict())
    wrong = {"weight": torch.zeros(2, 2), "bias": torch.zeros(2)}
    named = nn.Linear(3, 2)
    named.load_state_dict(state_dict=sd, strict=True, assign=True)
    return {"plain": describe(plain, sd), "result": repr(result), "frozen": describe(frozen, psd),
            "bn": {"assigned_dtype": str(assigned_bn.running_mean.dtype).replace("torch.", ""),
                   "assigned_same": assigned_bn.running_mean is bn_sd["running_mean"],
                   "copied_dtype": str(copied_bn.running_mean.dtype).replace("torch.", ""),
                   "weight_dtype": str(assigned_bn.weight.dtype).replace("torch.", ""), "weight_is_param": isinstance(assigned_bn.weight, nn.Parameter)},
            "meta": {"device": str(meta.weight.device), "weight": T(meta.weight), "parameter": isinstance(meta.weight, nn.Parameter),
                     "copied_device": str(copied_meta.weight.device), "reused_device": str(reused.weight.device), "warnings": [str(w.message) for w in caught]},
            "local_metadata": seen, "metadata_after": dict(msd._metadata[""]),
            "size_mismatch": encode.message_of(lambda: linear(0).load_state_dict(wrong, assign=True)),
            "by_name": describe(named, sd)}


def unexpected_keys():
    """PyTorch 2.x: a key naming a child module without a dot, or a parameter before one, is unexpected."""
    net = nn.Sequential(nn.Linear(2, 2))
    sd = {**net.state_dict(), "0": torch.zeros(1), "0.weight.x": torch.zeros(1)}
    result = net.load_state_dict(sd, strict=False)
    return {"by_kind": [list(result.missing_keys), list(result.unexpected_keys)], "message": encode.message_of(lambda: net.load_state_dict(sd))}


def main():
    if int(torch.__version__.split(".")[0]) < 2:
        print("extra_state_2x: PyTorch 2.x's load_state_dict(assign=...); this is PyTorch " + torch.__version__ + ", nothing written",
              file=sys.stderr)
        return
    encode.write("extra_state_2x", {"assign": assign(), "unexpected_keys": unexpected_keys()})


if __name__ == "__main__":
    main()
