#!/usr/bin/python3
"""Golden values for test/nn_param_conversion.test.ts: what Module._apply (`.double()`, `.float()`,
`.to()`, ...) makes of parameters, their gradients and buffers under torch.__future__'s switches,
and load_state_dict through Tensor.module_load and torch.utils.swap_tensors.

  default     `param.data = fn(param)`: the Parameter objects stay, so does the grad's (`.grad.data =`)
  overwrite   set_overwrite_module_params_on_conversion(True): new Parameter objects, requires_grad
              kept, grads converted; an optimizer built before holds the old parameters
  swap        PyTorch 2.3+'s set_swap_module_params_on_conversion(True): torch.utils.swap_tensors
              keeps the objects and swaps their contents; its errors (references held elsewhere,
              AccumulateGrad poisoned between forward and backward) and load_state_dict's
              module_load path

Runs with PyTorch 1.13 (/usr/bin/python3: test/golden/) and with the trixie root's PyTorch 2.6
(`bash scripts/libtorch2 trixie golden`: test/golden/2.6/); the swap entries are written only where
the release has them.
"""
import torch
from torch import nn

import encode

T = encode.tensor
HAS_SWAP = hasattr(torch.__future__, "set_swap_module_params_on_conversion")


def dt(d):
    return encode.dtype_name(d)


def model():
    """Linear(3, 2) with gradients from one backward, a frozen bias, and a BatchNorm buffer."""
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    m[0].bias.requires_grad_(False)
    m(torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]])).pow(2).sum().backward()
    return m


def convert(mode):
    """`.double()` under one switch: identities, dtypes, versions and values after it."""
    m = model()
    lin = m[0]
    weight, bias, grad = lin.weight, lin.bias, lin.weight.grad
    opt = torch.optim.SGD(m.parameters(), lr=0.1)
    before = {"weight": weight._version, "grad": grad._version}
    m.double()
    out = {
        "weight_same": lin.weight is weight,
        "bias_same": lin.bias is bias,
        "weight_dtype": dt(lin.weight.dtype),
        "old_weight_dtype": dt(weight.dtype),
        "weight_is_parameter": isinstance(lin.weight, nn.Parameter),
        "old_weight_is_parameter": isinstance(weight, nn.Parameter),
        "requires_grad": [lin.weight.requires_grad, lin.bias.requires_grad],
        "grad_dtype": dt(lin.weight.grad.dtype),
        "old_grad_dtype": dt(grad.dtype),
        "bias_grad_none": lin.bias.grad is None,
        "grad": T(lin.weight.grad),
        "version_before": before,
        "version_after": {"weight": lin.weight._version, "old_weight": weight._version, "grad": lin.weight.grad._version},
        "buffer_dtype": dt(m[1].running_mean.dtype),
        "optimizer_holds_module_params": [p is q for p, q in zip(opt.param_groups[0]["params"], m.parameters())],
        "state_dict": {k: T(v) for k, v in m.state_dict().items()},
    }
    # The optimizer steps the parameters it holds: after an overwrite those are no longer the module's.
    opt.step()
    out["after_step"] = {"module_weight": T(lin.weight), "optimizer_weight": T(opt.param_groups[0]["params"][0])}
    m.float()
    out["float_again"] = {"weight_same": lin.weight is weight, "weight_dtype": dt(lin.weight.dtype), "grad_dtype": dt(lin.weight.grad.dtype)}
    return out


def with_switch(mode, fn):
    torch.__future__.set_overwrite_module_params_on_conversion(mode == "overwrite")
    if HAS_SWAP:
        torch.__future__.set_swap_module_params_on_conversion(mode == "swap")
    try:
        return fn()
    finally:
        torch.__future__.set_overwrite_module_params_on_conversion(False)
        if HAS_SWAP:
            torch.__future__.set_swap_module_params_on_conversion(False)


def shallow_copy():
    """torch._has_compatible_shallow_copy_type: a dense tensor and a sparse one are not, so _apply
    makes a new Parameter for a sparse result even without the overwrite switch."""
    a = torch.zeros(2, 2)
    pairs = {"float_double": torch._has_compatible_shallow_copy_type(a, a.double()),
             "dense_sparse": torch._has_compatible_shallow_copy_type(a, a.to_sparse()),
             "sparse_sparse": torch._has_compatible_shallow_copy_type(a.to_sparse(), a.to_sparse()),
             "dense_meta": torch._has_compatible_shallow_copy_type(a, a.to("meta"))}
    torch.manual_seed(0)
    lin = nn.Linear(2, 2)
    weight = lin.weight
    lin._apply(lambda t: t.to_sparse())
    return {"pairs": pairs, "sparse_apply": {"weight_same": lin.weight is weight, "layout": str(lin.weight.layout),
                                             "is_parameter": isinstance(lin.weight, nn.Parameter)}}


def to_empty():
    """to_empty: new uninitialized storage through _apply; from the meta device, which is not
    shallow-copy compatible with the CPU, new Parameter objects."""
    out = {}
    for name, device in [("meta_to_cpu", "meta"), ("cpu_to_cpu", "cpu")]:
        lin = nn.Linear(3, 2, device=device)
        lin.bias.requires_grad_(False)
        weight, ptr = lin.weight, lin.weight.data_ptr()
        lin.to_empty(device="cpu")
        out[name] = {"weight_same": lin.weight is weight, "device": str(lin.weight.device), "is_parameter": isinstance(lin.weight, nn.Parameter),
                     "requires_grad": [lin.weight.requires_grad, lin.bias.requires_grad], "shape": list(lin.weight.shape),
                     "new_storage": lin.weight.data_ptr() != ptr}
    return out


def future_defaults():
    out = {"overwrite": torch.__future__.get_overwrite_module_params_on_conversion()}
    torch.__future__.set_overwrite_module_params_on_conversion(True)
    out["overwrite_set"] = torch.__future__.get_overwrite_module_params_on_conversion()
    torch.__future__.set_overwrite_module_params_on_conversion(False)
    if HAS_SWAP:
        out["swap"] = torch.__future__.get_swap_module_params_on_conversion()
    return out


# ---------------------------------------------------------------- PyTorch 2.3+: swap_tensors
def swap_direct():
    """torch.utils.swap_tensors on plain tensors and Parameters: class, attributes and contents."""
    a = torch.tensor([1.0, 2.0])
    b = nn.Parameter(torch.tensor([[3.0], [4.0]], dtype=torch.float64), requires_grad=False)
    a.tag = "a"
    torch.utils.swap_tensors(a, b)
    out = {"a": T(a), "b": T(b), "a_is_parameter": isinstance(a, nn.Parameter), "b_is_parameter": isinstance(b, nn.Parameter),
           "a_tag": getattr(a, "tag", None), "b_tag": getattr(b, "tag", None)}
    # A leaf with its gradient: the grad belongs to the contents and goes with them.
    p = nn.Parameter(torch.tensor([1.0, -1.0]))
    (p * 2).sum().backward()
    q = nn.Parameter(torch.tensor([5.0, 6.0]))
    torch.utils.swap_tensors(p, q)
    out["grad_moves"] = {"p_grad_none": p.grad is None, "q_grad": T(q.grad)}

    # A tensor saved by the autograd graph, or a view's base, is referenced elsewhere: no swap.
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    out["saved"] = encode.error_of(lambda: torch.utils.swap_tensors(x, torch.zeros(2)))
    del y
    base = torch.tensor([1.0, 2.0, 3.0])
    view = base[1:]
    out["view_base"] = encode.error_of(lambda: torch.utils.swap_tensors(base, torch.zeros(3)))
    out["view_base_t2"] = encode.error_of(lambda: torch.utils.swap_tensors(torch.zeros(3), base))
    # The view itself holds one reference of its own: it swaps.
    torch.utils.swap_tensors(view, torch.tensor([7.0, 8.0, 9.0]))
    out["view_swapped"] = {"view": T(view), "base": T(base)}
    return out


def swap_hooks():
    """Hooks live on the contents (the TensorImpl) and go with them: after the swap, t2's backward
    runs the hooks registered on t1 and passes t2 to the post-accumulate-grad hook; the handles
    still remove them. A hook registered on a tensor does not keep the swap from happening."""
    log = []
    t1 = torch.tensor([1.0, 2.0], requires_grad=True)
    t2 = torch.tensor([3.0, 4.0, 5.0], requires_grad=True)
    post = t1.register_post_accumulate_grad_hook(lambda t: log.append(["post", t is t2, t.tolist(), t.grad.tolist()]))
    pre = t1.register_hook(lambda g: log.append(["grad", g.tolist()]))
    torch.utils.swap_tensors(t1, t2)
    (t1 * 2).sum().backward()
    log.append("t1 backward")
    (t2 * 3).sum().backward()
    log.append("t2 backward")
    post.remove()
    pre.remove()
    (t2 * 3).sum().backward()
    log.append("t2 backward after remove")
    return {"log": log, "t1_grad": T(t1.grad), "t2_grad": T(t2.grad)}


def swap_apply():
    """_apply under the swap switch: errors when a parameter is referenced elsewhere, and the
    AccumulateGrad poisoned by converting between forward and backward."""
    out = {}
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    view = lin.weight[0]
    out["view_held"] = encode.error_of(lin.double)
    try:
        lin.double()
    except RuntimeError as e:
        out["view_held_cause"] = encode.error(e.__cause__)
    out["after_failure"] = {"weight_dtype": dt(lin.weight.dtype), "bias_dtype": dt(lin.bias.dtype)}
    del view

    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    x = torch.tensor([[0.5, -1.0, 2.0]])
    y = lin(x).sum()
    lin.double()
    out["poisoned"] = encode.error_of(y.backward)
    out["converted"] = {"weight_dtype": dt(lin.weight.dtype), "weight": T(lin.weight)}
    # A fresh forward after the conversion runs backward normally.
    lin(x.double()).sum().backward()
    out["fresh_grad"] = T(lin.weight.grad)
    return out


def swap_load():
    """load_state_dict with the swap switch: param.module_load(input, assign) then swap_tensors."""
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    lin.bias.requires_grad_(False)
    weight, bias = lin.weight, lin.bias
    torch.manual_seed(1)
    sd = nn.Linear(3, 2).state_dict()
    sd["weight"] = sd["weight"].double()
    v0 = weight._version
    lin.load_state_dict(sd)
    out = {"copy": {"weight_same": lin.weight is weight, "bias_same": lin.bias is bias, "weight": T(lin.weight),
                    "weight_dtype": dt(lin.weight.dtype), "requires_grad": [lin.weight.requires_grad, lin.bias.requires_grad],
                    "is_parameter": isinstance(lin.weight, nn.Parameter), "version": [v0, lin.weight._version],
                    "shares_source": lin.weight.data_ptr() == sd["weight"].data_ptr()}}
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    weight = lin.weight
    lin.load_state_dict(sd, assign=True)
    out["assign"] = {"weight_same": lin.weight is weight, "weight_dtype": dt(lin.weight.dtype), "weight": T(lin.weight),
                     "shares_source": lin.weight.data_ptr() == sd["weight"].data_ptr(), "requires_grad": lin.weight.requires_grad,
                     "source_is_parameter": isinstance(sd["weight"], nn.Parameter)}
    # Buffers swap too (a plain tensor stays one), integer ones included.
    bn = nn.BatchNorm1d(2)
    mean, count = bn.running_mean, bn.num_batches_tracked
    bn_sd = {"weight": torch.tensor([2.0, 3.0]), "bias": torch.tensor([0.5, -0.5]), "running_mean": torch.tensor([0.25, -1.0]),
             "running_var": torch.tensor([4.0, 9.0]), "num_batches_tracked": torch.tensor(7)}
    bn.load_state_dict(bn_sd)
    out["buffers"] = {"mean_same": bn.running_mean is mean, "count_same": bn.num_batches_tracked is count,
                      "mean_is_parameter": isinstance(bn.running_mean, nn.Parameter), "mean": T(bn.running_mean), "count": T(bn.num_batches_tracked),
                      "weight": T(bn.weight, requires_grad=bn.weight.requires_grad)}
    # module_load itself: copy_ then detach, or the input detached.
    t = torch.zeros(2)
    src = torch.tensor([1.0, 2.0])
    loaded = t.module_load(src)
    out["module_load"] = {"copy": T(loaded), "self_after": T(t), "copy_is_self": loaded is t,
                          "assign_shares": t.module_load(src, assign=True).data_ptr() == src.data_ptr()}
    # A module_load that returns one of its inputs is an error for that key.
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    lin.weight.module_load = lambda other, assign=False: lin.weight
    out["returns_self"] = encode.message_of(lambda: lin.load_state_dict(sd))
    # A parameter referenced elsewhere cannot be swapped: the error names the key.
    torch.manual_seed(0)
    lin = nn.Linear(3, 2)
    view = lin.weight[0]
    out["view_held"] = encode.message_of(lambda: lin.load_state_dict(sd))
    del view
    return out


def main():
    doc = {"future": future_defaults(),
           "convert": {mode: with_switch(mode, lambda: convert(mode)) for mode in (["default", "overwrite"] + (["swap"] if HAS_SWAP else []))},
           "shallow_copy": shallow_copy(), "to_empty": to_empty()}
    if HAS_SWAP:
        doc["swap_direct"] = swap_direct()
        doc["swap_hooks"] = swap_hooks()
        doc["swap_apply"] = with_switch("swap", swap_apply)
        doc["swap_load"] = with_switch("swap", swap_load)
    encode.write("nn_param_conversion", doc)


if __name__ == "__main__":
    main()
