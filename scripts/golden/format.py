#!/usr/bin/python3
"""Golden fixture for lib/format.ts: PyTorch 1.13's own tensor repr.

Run with Debian's interpreter (the one that has torch 1.13):

    /usr/bin/python3 scripts/golden/format.py      (or: npm run golden -- format)

Writes test/golden/format.json: {"torch_version", "cases": [...]}, encoded as
scripts/golden/encode.py describes. Each case holds the tensor, its device and
autograd state, the print options and default dtype in force, and `repr`, the
string PyTorch printed.

No CUDA is needed: the `device` cases run PyTorch's own `_str_intern`, with
only its device test and device string swapped (see `repr_on_device`).
"""
import inspect

import torch
import torch._tensor_str as tensor_str

import encode


def repr_on_device(t, device):
    """repr(t) as if t lived on `device`: PyTorch's _str_intern, with the
    device test forced true and str(self.device) replaced by `device`."""
    src = inspect.getsource(tensor_str._str_intern)
    patched = src.replace(
        "self.device.type != torch._C._get_default_device()", "True"
    ).replace("str(self.device)", repr(device))
    assert patched.count(repr(device)) == 1, "torch source changed"
    scope = dict(vars(tensor_str))
    exec(patched, scope)
    with torch.no_grad():
        return scope["_str_intern"](t)


CASES = []


def case(name, t, options=None, default_dtype=None, device=None):
    """Record one case: set options/default dtype, take the repr, reset."""
    if options:
        torch.set_printoptions(**options)
    if default_dtype:
        torch.set_default_dtype(getattr(torch, default_dtype))
    try:
        text = repr_on_device(t, device) if device else repr(t)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    CASES.append(
        {
            "name": name,
            # A complex tensor is recorded as its [..., 2] float view (the [re, im] pairs the
            # native layer hands over) and its own dtype as complex_dtype.
            "tensor": encode.tensor(torch.view_as_real(t.detach().resolve_conj()) if t.is_complex() else t),
            "device": device or str(t.device),
            "requires_grad": t.requires_grad,
            "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
            "is_parameter": isinstance(t, torch.nn.Parameter),
            "options": options,
            "default_dtype": default_dtype,
            "repr": text,
            **({"complex_dtype": encode.dtype_name(t.dtype)} if t.is_complex() else {}),
        }
    )


def build():
    torch.manual_seed(0)
    T = torch.tensor
    nan, inf = float("nan"), float("inf")

    # 0-d
    case("0d float int-valued", T(3.0))
    case("0d float fraction", T(-2.5))
    case("0d bool", T(True))
    case("0d int64", T(7))
    case("0d int32", T(-3, dtype=torch.int32))
    case("0d nan", T(nan))
    case("0d tiny (sci)", T(1e-5))
    case("0d float64", T(0.1, dtype=torch.float64))
    case("0d float16", T(1.5, dtype=torch.float16))

    # empty
    case("empty 1d", T([]))
    case("empty (0,3)", torch.empty(0, 3))
    case("empty int64", torch.empty(0, dtype=torch.int64))
    case("empty int32 (2,0,4)", torch.empty(2, 0, 4, dtype=torch.int32))
    case("empty bool", torch.empty(0, dtype=torch.bool))
    case("empty float64", torch.empty(0, dtype=torch.float64))
    case("empty requires_grad", torch.empty(0, 2, requires_grad=True))

    # 1-d floats
    case("1d int-valued floats", T([1.0, 2.0]))
    case("1d randn 5", torch.randn(5))
    case("1d randn 30 wraps", torch.randn(30))
    case("1d arange 50 float wraps", torch.arange(50.0))
    case("1d negatives", T([-1.5, 2.25, -300.125]))
    case("1d nan inf", T([1.5, nan, inf, -inf, 0.0]))
    case("1d int-valued nan inf", T([1.0, nan, -inf, 20.0]))
    case("1d all zero", torch.zeros(4))
    case("1d all nan", T([nan, nan]))
    case("1d signed zeros", T([-0.0, 0.0, 1.0]))
    case("1d min<1e-4 -> sci", T([1e-5, 1.0]))
    case("1d float32 1e-4 is below 1e-4", T([0.0001, 0.1]))
    case("1d max>1e8 -> sci", T([1e9, 1.5]))
    case("1d int-valued ratio>1000 -> sci", T([1.0, 2000.0]))
    case("1d int-valued max>1e8 -> sci", T([3e8, 1.0, -7.0]))
    case("1d int-valued ratio 1000 stays fixed", T([1.0, 1000.0, -5.0]))
    case("1d half-even ties", T([1.03125, 2.0625, -0.40625]))
    case("1d sci half-even tie", T([1.03125, 1e-5]))
    case("1d big mix sci wraps", torch.randn(25) * torch.logspace(-6, 6, 25))
    case("1d float64 precision", torch.randn(4, dtype=torch.float64))
    case("1d float16", torch.randn(5).half())
    case("1d bfloat16", torch.randn(5).bfloat16())
    case("1d float16 large", T([60000.0, -1.0, 0.5], dtype=torch.float16))

    # ints and bools
    case("1d arange int64", torch.arange(10))
    case("1d arange 100 wraps", torch.arange(100))
    case("1d int8 negatives", T([-128, 5, 127], dtype=torch.int8))
    case("1d int16", T([-300, 2, 32000], dtype=torch.int16))
    case("1d int32", torch.arange(-5, 5, dtype=torch.int32))
    case("1d uint8", T([0, 7, 255], dtype=torch.uint8))
    case("1d int64 big", T([2**62, -(2**63), 1, 2**53 + 1]))
    case("1d bool", T([True, False, True]))
    case("1d bool wraps", torch.rand(40) > 0.5)

    # 2-d .. 4-d
    case("2d randn", torch.randn(3, 4))
    case("2d arange int", torch.arange(12).reshape(3, 4))
    case("2d wide wraps rows", torch.randn(4, 20))
    case("2d int32 wide", torch.arange(60, dtype=torch.int32).reshape(2, 30) * 1000)
    case("3d randn", torch.randn(2, 3, 4))
    case("4d randn", torch.randn(2, 2, 2, 3))
    case("3d bool", torch.randn(2, 2, 3) > 0)

    # summarized (numel > 1000)
    case("1d 1200 summarized", torch.randn(1200))
    case("1d arange 1001 summarized", torch.arange(1001))
    case("2d 40x40 summarized", torch.randn(40, 40))
    case("2d 5x300 summarized", torch.randn(5, 300))
    case("3d 8x7x20 summarized", torch.randn(8, 7, 20))
    case("2d int 40x30 summarized", torch.randint(-1000, 1000, (40, 30)))
    case("2d summarized sci", torch.randn(35, 30) * 1e6)

    # autograd
    x = torch.randn(3, requires_grad=True)
    case("requires_grad leaf", x)
    case("grad_fn mul", x * 2)
    case("grad_fn add", x + 1)
    case("grad_fn 0d sum", x.sum())
    case("parameter", torch.nn.Parameter(torch.randn(2, 3)))
    w = torch.randn(8, dtype=torch.float64, requires_grad=True)
    case("suffixes wrap past linewidth", w * 3)
    case("float64 leaf 6", torch.randn(6, dtype=torch.float64, requires_grad=True))
    case("int32 row + dtype wraps", torch.arange(17, dtype=torch.int32) * 1000)

    # device (PyTorch's code, simulated device string)
    case("device cuda", torch.randn(3), device="cuda:0")
    case("device cuda int32", torch.arange(4, dtype=torch.int32), device="cuda:0")
    case("device cuda empty", torch.empty(0, 2), device="cuda:1")
    case(
        "device cuda grad wraps",
        torch.randn(7, dtype=torch.float16).float().requires_grad_(),
        device="cuda:0",
    )

    # default dtype float64
    case("default f64: float64 hidden", torch.randn(3, dtype=torch.float64), default_dtype="float64")
    case("default f64: float32 shown", torch.randn(3), default_dtype="float64")
    case("default f64: empty float32", torch.empty(0), default_dtype="float64")

    # print options
    case("precision 2", torch.randn(5), {"precision": 2})
    case("precision 8 float64", torch.randn(3, dtype=torch.float64), {"precision": 8})
    case("precision 0", T([1.5, 2.5, -0.25]), {"precision": 0})
    case("threshold 5", torch.arange(10), {"threshold": 5})
    case("threshold 5 2d", torch.randn(4, 8), {"threshold": 5})
    case("sci_mode True", torch.randn(4), {"sci_mode": True})
    case("sci_mode True int-valued", T([1.0, 2.0, 300.0]), {"sci_mode": True})
    case("sci_mode False tiny", T([1e-5, 1.0]), {"sci_mode": False})
    case("sci_mode False huge int-valued", T([1e10, 1.0]), {"sci_mode": False})
    case("linewidth 40", torch.randn(20), {"linewidth": 40})
    case("edgeitems 2", torch.randn(5, 6), {"threshold": 10, "edgeitems": 2})
    case("profile short", torch.randn(3, 3), {"profile": "short"})
    case("profile full", torch.arange(1100.0), {"profile": "full"})
    case("profile short summarized", torch.randn(1100), {"profile": "short"})

    # complex: one formatter for the real parts, one for the imaginary parts
    C = lambda re, im, dtype=torch.complex64: torch.complex(T(re, dtype=torch.float64), T(im, dtype=torch.float64)).to(dtype)
    case("complex 1d", T([1 + 2j, 3 - 1j]))
    case("complex 0d", T(1 + 2j))
    case("complex int-valued zero imag", C([1.0, 2.0], [0.0, 0.0]))
    case("complex fixed real, sci imag", C([[1.5, -3.25], [0.0, 0.0]], [[2.0, -1.0], [1e10, 0.0]]))
    case("complex nan inf", C([nan, 1.0], [inf, 0.0]))
    case("complex sci real", C([1e-5, 3.0], [2.0, 0.0]))
    case("complex128 shows dtype", C([1.0], [2.0], torch.complex128))
    case("complex widths", C([1.23456, 100.5], [1.0, -2.25]))
    case("complex conj", C([0.5], [0.5]).conj())
    case("complex signed zeros", C([-0.0], [-0.0]))
    case("complex empty", torch.empty(0, dtype=torch.complex64))
    case("complex randn 2d wraps", torch.randn(3, 5, dtype=torch.complex64))
    case("complex summarized", C(list(range(1500)), [-float(i) for i in range(1500)]))
    case("complex requires_grad", torch.randn(2, dtype=torch.complex64, requires_grad=True))
    case("default f64: complex128 hidden", torch.randn(2, dtype=torch.complex128), default_dtype="float64")
    case("default f64: complex64 shown", torch.randn(2, dtype=torch.complex64), default_dtype="float64")


if __name__ == "__main__":
    build()
    encode.write("format", {"cases": CASES})
