#!/usr/bin/python3
"""Golden values for test/complex_api.test.ts: the complex-number API. torch.complex, polar,
view_as_real, view_as_complex, is_complex, the settable `x.real` / `x.imag` views, torch.tensor and
the factories with complex dtypes and complex values, item() / tolist(), conj and its relatives,
angle / abs / sgn, the complex dtype names, and the reprs and messages of all of them.

    /usr/bin/python3 scripts/golden/complex_api.py     # Debian's python3-torch (same LibTorch)

Each case is recorded by name as {"repr": repr(result)}, {"value": plain result} (a Python complex
as {"real": x, "imag": y}) or {"error": {type, message}}; the test runs the same names.
Writes test/golden/complex_api.json.
"""
import warnings

import torch

import encode

warnings.simplefilter("ignore")  # ComplexHalf is experimental: LibTorch warns on each complex32 tensor


def f32(values):
    return torch.tensor(values, dtype=torch.float32)


def z():
    """The complex64 tensor [1+0.5j, -2+3j]."""
    return torch.complex(f32([1.0, -2.0]), f32([0.5, 3.0]))


def assigned(target, part, value):
    """`target.<part> = value`, then the target."""
    setattr(target, part, value)
    return target


def part_view_in_place():
    x = z()
    x.real.mul_(2)
    x.imag.add_(1)
    return x


def grad_through_real():
    x = torch.tensor([1 + 2j, -1j], requires_grad=True)
    x.real.pow(2).sum().backward()
    return x.grad


def with_default_double(fn):
    torch.set_default_dtype(torch.float64)
    try:
        return fn()
    finally:
        torch.set_default_dtype(torch.float32)


CASES = {
    # torch.complex / torch.polar
    "complex float32": lambda: z(),
    "complex float64": lambda: torch.complex(f32([1.5]).double(), f32([-0.25]).double()),
    "complex float16": lambda: torch.complex(f32([1.0, 2.5]).half(), f32([1.0, -2.0]).half()),
    "complex broadcasts": lambda: torch.complex(torch.tensor(1.0), f32([2.0, 3.0])),
    "complex requires grad": lambda: torch.complex(torch.tensor([1.0], requires_grad=True), f32([2.0])),
    "complex by name": lambda: torch.complex(real=f32([1.0]), imag=f32([2.0])),
    "complex int inputs": lambda: torch.complex(torch.tensor([1, 2]), torch.tensor([1, 2])),
    "complex mixed dtypes": lambda: torch.complex(f32([1.0]), f32([1.0]).double()),
    "polar": lambda: torch.polar(f32([1.0, 2.0]), f32([0.0, 1.5])),
    "polar float64": lambda: torch.polar(f32([2.0]).double(), f32([-0.5]).double()),
    "polar int inputs": lambda: torch.polar(torch.tensor([1]), torch.tensor([1])),
    # view_as_real / view_as_complex
    "view_as_real": lambda: torch.view_as_real(z()),
    "view_as_real shares memory": lambda: (lambda x: (torch.view_as_real(x).mul_(10), x)[1])(z()),
    "view_as_real real input": lambda: torch.view_as_real(f32([1.0])),
    "view_as_real conj": lambda: torch.view_as_real(z().conj()),
    "view_as_complex": lambda: torch.view_as_complex(f32([[1.5, 2.0], [3.0, 4.0]])),
    "view_as_complex 0-d": lambda: torch.view_as_complex(f32([1.0, 2.0])),
    "view_as_complex int input": lambda: torch.view_as_complex(torch.tensor([[1, 2]])),
    "view_as_complex last dim 3": lambda: torch.view_as_complex(f32([[1.0, 2.0, 3.0]])),
    "view_as_complex stride": lambda: torch.view_as_complex(f32([[1.0, 2.0], [3.0, 4.0]]).t()),
    # x.real / x.imag
    "real": lambda: z().real,
    "imag": lambda: z().imag,
    "real of float": lambda: f32([1.0, 2.0]).real,
    "real of float is itself": lambda: (lambda x: x.real is x)(f32([1.0])),
    "imag of float": lambda: f32([1.0]).imag,
    "real of conj": lambda: z().conj().real,
    "imag of conj": lambda: z().conj().imag,
    "torch.real": lambda: torch.real(z()),
    "torch.imag": lambda: torch.imag(z()),
    "real and imag are views": part_view_in_place,
    "grad through real": grad_through_real,
    "set real tensor, imag number": lambda: assigned(assigned(z(), "real", f32([9.0, 8.0])), "imag", 5),
    "set real broadcasts": lambda: assigned(z(), "real", torch.tensor(7.0)),
    "set real of float": lambda: assigned(f32([1.0, 2.0]), "real", 7),
    "set imag of float": lambda: assigned(f32([1.0, 2.0]), "imag", 7),
    "set real wrong size": lambda: assigned(z(), "real", f32([1.0, 2.0, 3.0])),
    "set real str": lambda: assigned(z(), "real", "a"),
    "set imag of conj": lambda: assigned(z().conj(), "imag", f32([1.0, 1.0])),
    # torch.tensor, as_tensor and the factories with complex dtypes
    "tensor ints as complex64": lambda: torch.tensor([1, 2], dtype=torch.complex64),
    "tensor floats as complex128": lambda: torch.tensor([1.5, -2.0], dtype=torch.complex128),
    "tensor 2-d as cfloat": lambda: torch.tensor([[1, 2], [3, 4]], dtype=torch.cfloat),
    "tensor 0-d as complex64": lambda: torch.tensor(3, dtype=torch.complex64),
    "tensor bools as complex64": lambda: torch.tensor([True, False], dtype=torch.complex64),
    "tensor as complex32": lambda: torch.tensor([1.5, 2.0], dtype=torch.complex32),
    "tensor as chalf": lambda: torch.tensor([1, -3], dtype=torch.chalf),
    "tensor of complex values": lambda: torch.tensor([1 + 2j, 3 - 1j]),
    "tensor of mixed values": lambda: torch.tensor([1, 2 + 1j]),
    "tensor of bool and complex": lambda: torch.tensor([True, 2j]),
    "tensor of one complex": lambda: torch.tensor(2j),
    "tensor of complex values as complex128": lambda: torch.tensor([0.1 + 0.2j], dtype=torch.complex128),
    "tensor of complex values as complex32": lambda: torch.tensor([0.1 + 0.2j], dtype=torch.complex32),
    "tensor of complex values, default float64": lambda: with_default_double(lambda: torch.tensor([1j])),
    "tensor of complex as float32": lambda: torch.tensor([1 + 2j], dtype=torch.float32),
    "tensor of complex as bool": lambda: torch.tensor([1 + 2j], dtype=torch.bool),
    "tensor of complex as int64": lambda: torch.tensor([1 + 2j], dtype=torch.int64),
    "tensor of a tensor as complex64": lambda: torch.tensor(f32([1.0, 2.0]), dtype=torch.complex64),
    "tensor requires grad as complex64": lambda: torch.tensor([1.0], dtype=torch.complex64, requires_grad=True),
    "as_tensor as complex64": lambda: torch.as_tensor([1, 2], dtype=torch.complex64),
    "zeros complex32": lambda: torch.zeros(2, dtype=torch.complex32),
    "ones cdouble": lambda: torch.ones(2, dtype=torch.cdouble),
    "full complex64": lambda: torch.full([2], 3.0, dtype=torch.complex64),
    "eye cfloat": lambda: torch.eye(2, dtype=torch.cfloat),
    "arange complex64": lambda: torch.arange(3, dtype=torch.complex64),
    "cfloat()": lambda: f32([1.0, 2.0]).cfloat(),
    "cdouble()": lambda: f32([1.0, 2.0]).cdouble(),
    "chalf()": lambda: z().chalf(),
    "to complex64": lambda: torch.tensor([1, 2]).to(torch.complex64),
    "complex to float": lambda: z().to(torch.float32),
    # item / tolist
    "item": lambda: z()[0].item(),
    "item of conj": lambda: z().conj()[1].item(),
    "item of complex32": lambda: z().chalf()[1].item(),
    "item of complex128": lambda: torch.tensor([0.1 + 0.2j], dtype=torch.complex128).item(),
    "tolist": lambda: z().tolist(),
    "tolist 2-d": lambda: torch.tensor([[1 + 1j, 2], [3, 4 - 1j]]).tolist(),
    "tolist 0-d": lambda: torch.tensor(2j).tolist(),
    "tolist of conj": lambda: z().conj().tolist(),
    "tolist of a real view": lambda: torch.view_as_real(z()).tolist(),
    # is_complex, conj and its relatives, angle / abs / sgn
    "is_complex": lambda: z().is_complex(),
    "is_complex of float": lambda: f32([1.0]).is_complex(),
    "torch.is_complex": lambda: torch.is_complex(z()),
    "torch.is_complex of float": lambda: torch.is_complex(f32([1.0])),
    "conj": lambda: z().conj(),
    "conj is_conj": lambda: z().conj().is_conj(),
    "conj of float is itself": lambda: (lambda x: x.conj() is x)(f32([1.0])),
    "torch.conj": lambda: torch.conj(z()),
    "torch.is_conj": lambda: torch.is_conj(z().conj()),
    "resolve_conj": lambda: z().conj().resolve_conj(),
    "resolve_conj is_conj": lambda: z().conj().resolve_conj().is_conj(),
    "torch.resolve_conj": lambda: torch.resolve_conj(z().conj()),
    "conj_physical": lambda: z().conj_physical(),
    "conj_physical is_conj": lambda: z().conj_physical().is_conj(),
    "torch.conj_physical": lambda: torch.conj_physical(z()),
    "conj_physical_": lambda: z().conj_physical_(),
    "conj_physical of float": lambda: torch.conj_physical(f32([1.0, -2.0])),
    "angle": lambda: z().angle(),
    "torch.angle": lambda: torch.angle(z()),
    "angle of float": lambda: f32([-1.0, 0.0, 2.0]).angle(),
    "abs": lambda: z().abs(),
    "torch.abs": lambda: torch.abs(z()),
    "abs complex128": lambda: torch.tensor([3 + 4j], dtype=torch.complex128).abs(),
    "sgn": lambda: z().sgn(),
    "sign": lambda: z().sign(),
    "mul": lambda: z().mul(z()),
    "matmul": lambda: torch.tensor([[1 + 1j, 2], [0, 1j]]).matmul(torch.tensor([1j, 1])),
    "sum": lambda: z().sum(),
    "mean": lambda: z().mean(),
    "max": lambda: z().max(),
    # complex scalars (Python's 1j) as operands
    "mul by 1j": lambda: z().mul(1j),
    "float32 times 1j": lambda: f32([1.0, 2.0]).mul(1j),
    "float64 times 1j": lambda: f32([1.0, 2.0]).double().mul(1j),
    "int64 times 1j": lambda: torch.tensor([1, 2]).mul(1j),
    "add a complex scalar": lambda: f32([1.0, 2.0]).add(1 + 1j),
    "add with complex alpha": lambda: z().add(z(), alpha=2j),
    "div by a complex scalar": lambda: z().div(2 - 1j),
    "float32 mul_ by 1j": lambda: f32([1.0]).mul_(1j),
    "full of a complex value": lambda: torch.full([2], 1 + 2j),
    "full of a complex value as complex128": lambda: torch.full([1], 0.1 + 0.2j, dtype=torch.complex128),
    "fill_ with a complex value": lambda: z().fill_(2 - 1j),
    "torch.mul(1j, z)": lambda: torch.mul(1j, z()),
    "torch.pow(1j, int tensor)": lambda: torch.pow(1j, torch.tensor([2])),
    "ops.aten.item": lambda: torch.ops.aten.item(z()[1]),
    # dtype names and facts
    "str complex32": lambda: str(torch.complex32),
    "str chalf": lambda: str(torch.chalf),
    "str cfloat": lambda: str(torch.cfloat),
    "str cdouble": lambda: str(torch.cdouble),
    "complex32 itemsize": lambda: torch.complex32.itemsize if hasattr(torch.complex32, "itemsize") else torch.zeros(1, dtype=torch.complex32).element_size(),
    "complex64 element_size": lambda: torch.zeros(1, dtype=torch.complex64).element_size(),
    "complex128 element_size": lambda: torch.zeros(1, dtype=torch.complex128).element_size(),
    "complex64 is_complex": lambda: torch.complex64.is_complex,
    "complex32 is_floating_point": lambda: torch.complex32.is_floating_point,
    "chalf dtype": lambda: str(z().chalf().dtype),
    "complex64 type()": lambda: z().type(),
}


def plain(v):
    """A Python value with complex numbers as {"real", "imag"}."""
    if isinstance(v, complex):
        return {"real": encode.number(v.real), "imag": encode.number(v.imag)}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return encode.plain(v)


def record(fn):
    try:
        v = fn()
    except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
        return {"error": encode.error(e)}
    return {"repr": repr(v)} if isinstance(v, torch.Tensor) else {"value": plain(v)}


torch.manual_seed(0)
encode.write("complex_api", {"cases": {name: record(fn) for name, fn in CASES.items()}})
