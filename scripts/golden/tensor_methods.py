#!/usr/bin/python3
"""Golden values for the Tensor methods beyond ops.py's (test/tensor_methods.test.ts): in-place
variants, aliases, scatter-style copies, linear-algebra helpers, the methods PyTorch writes in
Python (lu, stft, resize, new), properties, and argument errors.

    /usr/bin/python3 scripts/golden/tensor_methods.py     # npm run golden -- tensor_methods

Cases use ops.py's call descriptions and encoding (replayed by test/helpers.ts); `properties`
records the property values of a few tensors.
"""
import warnings

import torch

import encode
import ops
from ops import M, S, build, case
from replay import I, randint, randn, uniform, vals

warnings.simplefilter("ignore")  # deprecation warnings of lu, symeig, resize


def m(name, inputs, call, **kw):
    case("values", name, inputs, call, **kw)


def values():
    a, b = randn(3, 4), randn(3, 4)
    # in-place forms of existing ops
    m("addbmm_", [randn(3, 5), randn(2, 3, 4), randn(2, 4, 5)], M("addbmm_", I(1), I(2), beta=0.5, alpha=2), grad=False)
    m("addmm_", [randn(3, 5), randn(3, 4), randn(4, 5)], M("addmm_", I(1), I(2), alpha=0.5), grad=False)
    m("addmv_", [randn(3), randn(3, 4), randn(4)], M("addmv_", I(1), I(2), beta=2), grad=False)
    m("addr_", [randn(3, 4), randn(3), randn(4)], M("addr_", I(1), I(2)), grad=False)
    m("baddbmm_", [randn(2, 3, 5), randn(2, 3, 4), randn(2, 4, 5)], M("baddbmm_", I(1), I(2), alpha=-1), grad=False)
    m("arccosh_", [uniform(1.5, 3, 5, grad=False)], M("arccosh_"))
    m("arcsinh_", [randn(5, grad=False)], M("arcsinh_"))
    m("arctanh_", [uniform(-0.9, 0.9, 5, grad=False)], M("arctanh_"))
    m("cumsum_", [randn(3, 4, grad=False)], M("cumsum_", 1))
    m("cumprod_ by name", [randn(3, 4, grad=False)], M("cumprod_", dim=0))
    m("divide_ floor", [randn(6, grad=False), uniform(0.3, 1, 6, grad=False)], M("divide_", I(1), rounding_mode="floor"))
    m("multiply_ scalar", [randn(6, grad=False)], M("multiply_", 2.5))
    m("subtract_ alpha", [randn(6, grad=False), randn(6, grad=False)], M("subtract_", I(1), alpha=3))
    m("float_power_", [uniform(0.5, 2, 5, dtype="float64", grad=False)], M("float_power_", 2.5))
    m("greater_ scalar", [randn(6, grad=False)], M("greater_", 0.1))
    m("less_equal_ tensor", [randn(6, grad=False), randn(6, grad=False)], M("less_equal_", I(1)))
    m("not_equal_", [vals([1.0, 2.0, 3.0]), vals([1.0, 0.0, 3.0])], M("not_equal_", I(1)))
    m("igamma_", [uniform(0.5, 3, 5, grad=False), uniform(0.5, 3, 5, grad=False)], M("igamma_", I(1)))
    m("igammac_", [uniform(0.5, 3, 5, grad=False), uniform(0.5, 3, 5, grad=False)], M("igammac_", I(1)))
    m("mvlgamma_", [uniform(2, 4, 5, grad=False)], M("mvlgamma_", p=2))
    m("polygamma_", [uniform(0.5, 3, 5, grad=False)], M("polygamma_", 1))
    m("nextafter_", [vals([1.0, 2.0, -1.0]), vals([2.0, 1.0, 0.0])], M("nextafter_", I(1)))
    m("masked_scatter_", [randn(2, 3, grad=False), vals([[True, False, True], [False, True, False]], "bool"), randn(6, grad=False)],
      M("masked_scatter_", I(1), I(2)))
    m("put_ accumulate", [randn(2, 3, grad=False), vals([0, 4, 4], "int64"), randn(3, grad=False)], M("put_", I(1), I(2), accumulate=True))
    m("index_reduce_ prod", [randn(4, 2, grad=False), vals([0, 2, 0], "int64"), randn(3, 2, grad=False)],
      M("index_reduce_", 0, I(1), I(2), "prod"))
    m("scatter_reduce_ amax", [randn(4, grad=False), vals([0, 1, 0, 3, 3], "int64"), randn(5, grad=False)],
      M("scatter_reduce_", 0, I(1), I(2), reduce="amax", include_self=False))
    m("swapaxes_", [randn(2, 3, grad=False)], M("swapaxes_", 0, 1))
    m("swapdims_", [randn(2, 3, 4, grad=False)], M("swapdims_", 2, 0))
    m("bitwise_left_shift_", [randint(0, 8, 5)], M("bitwise_left_shift_", 2))
    m("bitwise_right_shift_", [randint(0, 64, 5)], M("bitwise_right_shift_", 1))
    m("conj_physical_", [randn(4, grad=False)], M("conj_physical_"))
    m("as_strided_", [randn(3, 3, grad=False)], M("as_strided_", [2, 2], [1, 2], 1))
    m("resize_as_", [randn(6, grad=False), randn(2, 3, grad=False)], M("resize_as_", I(1)))
    # out-of-place ops and aliases
    m("greater", [a, b], M("greater", I(1)))
    m("greater_equal scalar", [a], M("greater_equal", 0.0))
    m("less", [a, b], M("less", I(1)))
    m("less_equal", [a, b], M("less_equal", other=I(1)))
    m("not_equal", [randint(0, 3, 6), randint(0, 3, 6)], M("not_equal", I(1)))
    m("hardshrink", [randn(8)], M("hardshrink", 0.3))
    m("hardshrink default", [randn(8)], M("hardshrink"))
    m("prelu", [randn(2, 3, 4), uniform(0.1, 0.3, 3)], M("prelu", I(1)))
    m("isreal", [randn(4)], M("isreal"))
    m("diagflat offset", [randn(3)], M("diagflat", 1))
    m("adjoint", [randn(2, 3, 4)], M("adjoint"))
    m("igamma", [uniform(0.5, 3, 5, grad=False), uniform(0.5, 3, 5, grad=False)], M("igamma", I(1)))
    m("igammac", [uniform(0.5, 3, 5, grad=False), uniform(0.5, 3, 5, grad=False)], M("igammac", I(1)))
    m("index_reduce mean", [randn(4, 2), vals([0, 2, 0], "int64"), randn(3, 2)], M("index_reduce", 0, I(1), I(2), "mean", include_self=False), grad=False)
    m("put", [randn(2, 3), vals([1, 5], "int64"), randn(2)], M("put", I(1), I(2)))
    # grad=False: 1.13's backward leaves the scattered input positions uninitialized
    m("as_strided_scatter", [randn(3, 3), randn(2, 2)], M("as_strided_scatter", I(1), [2, 2], [1, 2]), grad=False)
    m("diagonal_scatter", [randn(3, 3), randn(2)], M("diagonal_scatter", I(1), 1))
    m("select_scatter", [randn(3, 4), randn(4)], M("select_scatter", I(1), 0, 2))
    m("slice_scatter", [randn(4, 4), randn(4, 2)], M("slice_scatter", I(1), dim=1, start=0, end=4, step=2))
    m("split_with_sizes", [randn(5, 2)], M("split_with_sizes", [2, 3]))
    m("split_with_sizes dim", [randn(2, 5)], M("split_with_sizes", [1, 4], dim=1))
    m("unsafe_chunk", [randn(6, 2)], M("unsafe_chunk", 3))
    m("unsafe_split", [randn(5, 2)], M("unsafe_split", 2))
    m("unsafe_split_with_sizes", [randn(5)], M("unsafe_split_with_sizes", [1, 4]))
    m("histogram", [randn(20, grad=False)], M("histogram", 5))
    m("histogram range weight", [randn(10, grad=False), uniform(0, 1, 10, grad=False)], M("histogram", 4, range=[-1.0, 1.0], weight=I(1), density=True))
    m("histogram edges", [randn(10, grad=False), vals([-2.0, 0.0, 0.5, 2.0])], M("histogram", I(1)))
    m("geqrf", [randn(4, 3, grad=False)], M("geqrf"))
    qr_a, qr_tau = torch.geqrf(torch.tensor([[2.0, -1.0, 0.5], [1.0, 3.0, -2.0], [0.5, 0.25, 1.0], [-1.0, 2.0, 0.0]]))
    m("orgqr", [vals(qr_a.tolist()), vals(qr_tau.tolist())], M("orgqr", I(1)))
    m("ormqr", [vals(qr_a.tolist()), vals(qr_tau.tolist()), randn(4, 2, grad=False)], M("ormqr", I(1), I(2), transpose=True))
    m("cholesky_solve", [randn(3, 2), vals([[2.0, 0.0, 0.0], [0.5, 1.5, 0.0], [0.1, -0.3, 1.2]])], M("cholesky_solve", I(1)))
    m("cholesky_solve upper", [randn(3, 2), vals([[2.0, 0.5, 0.1], [0.0, 1.5, -0.3], [0.0, 0.0, 1.2]])], M("cholesky_solve", I(1), upper=True))
    if torch.__version__.startswith("1."):  # removed in 2.0: an error case there
        m("symeig", [vals([[2.0, 0.5, 0.1], [0.5, 1.5, -0.3], [0.1, -0.3, 1.2]])], M("symeig", eigenvectors=True), grad=False)
    m("lu", [vals([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])], M("lu"), grad=False)
    m("lu infos", [vals([[1.0, 2.0], [2.0, 4.0]])], M("lu", get_infos=True), grad=False)
    m("stft abs", [randn(32, grad=False)], M("stft", 8, return_complex=True), then=[S("abs")])
    m("stft window not centered", [randn(2, 32, grad=False), vals([0.5, 1.0, 1.0, 0.5])],
      M("stft", 8, hop_length=3, win_length=4, window=I(1), center=False, return_complex=True), then=[S("abs")])
    m("stft istft roundtrip", [randn(40, grad=False), vals([0.0, 0.38268343, 0.70710677, 0.9238795, 1.0, 0.9238795, 0.70710677, 0.38268343])],
      M("stft", 8, window=I(1), return_complex=True), then=[S("istft", 8, window=I(1), length=40)])
    m("resolve_conj", [randn(3)], M("resolve_conj"))
    m("resolve_neg", [randn(3)], M("resolve_neg"))
    m("resize", [randn(2, 3)], M("resize", 3, 2))
    m("resize_as", [randn(2, 3), randn(3, 2)], M("resize_as", I(1)))
    m("new data", [randn(2, 3, dtype="float64")], M("new", [1, 2, 3]))
    m("new sizes shape", [randn(2, 3)], M("new", 4, 5), then=[S("size")])
    m("new empty", [randint(0, 3, 4)], M("new"))
    m("new_empty_strided", [randn(2, 3)], M("new_empty_strided", [2, 2], [1, 2]), then=[S("stride")])
    m("cdouble abs", [randn(3)], M("cdouble"), then=[S("abs")])
    m("cfloat abs", [randn(3)], M("cfloat"), then=[S("abs")])
    m("to_sparse to_dense", [vals([[0.0, 1.5], [2.0, 0.0]])], M("to_sparse"), then=[S("to_dense")])
    m("to_sparse values", [vals([[0.0, 1.5], [2.0, 0.0]])], M("to_sparse"), then=[S("coalesce"), S("values")])
    m("to_sparse_coo indices", [vals([[0.0, 1.5], [2.0, 0.0]])], M("to_sparse_coo"), then=[S("coalesce"), S("indices")])
    # queries
    for name in ["is_conj", "is_neg", "is_signed", "is_inference", "is_distributed", "get_device", "ndimension", "is_shared", "is_pinned"]:
        m(name, [randn(2, 3, grad=False)], M(name))
    m("is_signed uint8", [randint(0, 3, 2, dtype="uint8")], M("is_signed"))
    m("is_set_to", [randn(3, grad=False), randn(3, grad=False)], M("is_set_to", I(1)))
    m("to_sparse sparse_dim", [vals([[0.0, 1.5], [2.0, 0.0]])], M("to_sparse"), then=[S("sparse_dim")])
    m("to_sparse dense_dim", [vals([[0.0, 1.5], [2.0, 0.0]])], M("to_sparse", 1), then=[S("dense_dim")])
    m("to_sparse is_coalesced", [vals([[0.0, 1.5], [2.0, 0.0]])], M("to_sparse"), then=[S("is_coalesced")])


def errors():
    e = lambda name, inputs, call, then=None: case("errors", name, inputs, call, then=then, grad=False)
    e("greater without other", [randn(3, grad=False)], M("greater"))
    e("hardshrink bad lambd", [randn(3, grad=False)], M("hardshrink", "a"))
    e("split_with_sizes wrong sum", [randn(5, grad=False)], M("split_with_sizes", [2, 2]))
    e("index_reduce bad reduce", [randn(4, 2, grad=False), vals([0, 2], "int64"), randn(2, 2, grad=False)], M("index_reduce", 0, I(1), I(2), "sum"))
    e("diagonal_scatter shape", [randn(3, 3, grad=False), randn(3, grad=False)], M("diagonal_scatter", I(1), 1))
    e("resize numel", [randn(2, 3, grad=False)], M("resize", 5))
    e("eig removed", [randn(2, 2, grad=False)], M("eig"))
    e("solve removed", [randn(2, 2, grad=False)], M("solve", I(0)))
    e("lstsq removed", [randn(2, 2, grad=False)], M("lstsq", I(0)))
    e("reinforce removed", [randn(2, grad=False)], M("reinforce", 1))
    e("xpu unavailable", [randn(2, grad=False)], M("xpu"))
    if not torch.__version__.startswith("1."):
        e("symeig removed", [randn(2, 2, grad=False)], M("symeig"))
    e("histogram int", [randint(0, 3, 4)], M("histogram", 3))
    e("cholesky_solve shape", [randn(3, 2, grad=False), randn(2, 2, grad=False)], M("cholesky_solve", I(1)))
    e("geqrf 1-d", [randn(3, grad=False)], M("geqrf"))
    e("lu too many arguments", [randn(2, 2, grad=False)], M("lu", True, False, 1))
    e("lu unknown keyword", [randn(2, 2, grad=False)], M("lu", pivots=True))
    e("stft without n_fft", [randn(8, grad=False)], M("stft"))
    e("resize_as without tensor", [randn(2, grad=False)], M("resize_as"))


def properties():
    """Property values of a few tensors, as Python reports them."""
    out = []
    for desc, t in [("float matrix", torch.arange(6.0).reshape(2, 3)), ("int vector", torch.arange(3)),
                    ("sparse", torch.tensor([[0.0, 1.0], [2.0, 0.0]]).to_sparse())]:
        rec = {"what": desc, "input": encode.tensor(t.to_dense() if t.is_sparse else t), "sparse": t.is_sparse}
        for p in ["layout", "is_sparse", "is_sparse_csr", "is_mkldnn", "is_quantized", "is_cpu", "is_meta", "is_mps", "is_xpu",
                  "is_ipu", "is_vulkan", "is_ort", "is_nested", "output_nr", "name", "is_cuda"]:
            if not hasattr(t, p):  # is_ort is gone from PyTorch 2.x
                continue
            v = getattr(t, p)
            rec[p] = str(v) if isinstance(v, torch.layout) else v
        if t.dim() == 2 and not t.is_sparse:
            rec["H"] = encode.tensor(t.H)
            rec["mH"] = encode.tensor(t.mH)
        out.append(rec)
    y = torch.randn(3, requires_grad=True).unbind(0)[2]
    out.append({"what": "third output of unbind", "output_nr": y.output_nr})
    return out


def main():
    values()
    errors()
    out = []
    for i, c in enumerate(ops.CASES):
        out.append(build(c, i))
    encode.write("tensor_methods", {"cases": out, "properties": properties()})


if __name__ == "__main__":
    main()
