#!/usr/bin/python3
"""Golden values for test/gradcheck_complex.test.ts: torch.autograd.gradcheck / gradgradcheck on
complex inputs and outputs (Wirtinger derivatives; real and imaginary parts checked apart), in slow
and fast mode, backward and forward mode, with the undefined-grad and batched-grad checks, and the
whole messages of failing checks.

    /usr/bin/python3 scripts/golden/gradcheck_complex.py     # Debian's python3-torch (same LibTorch)

Inputs are complex128 / float64 tensors made from fixed values (fast mode's random vectors come from
gradcheck's own generator, so the messages are deterministic); writes test/golden/gradcheck_complex.json.
"""
import warnings

import torch
from torch.autograd import gradcheck, gradgradcheck

import encode

RE = [0.5, -1.25, 2.0]
IM = [1.0, 0.5, -2.0]
A_RE = [[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]]
A_IM = [[-0.25, 0.5, 1.0], [0.0, -1.5, 0.75]]
C = [0.5, -1.5]          # the complex constant 0.5-1.5j, as (real, imag)
GO_RE = [0.25, -0.5, 1.0]
GO_IM = [-1.0, 0.75, 0.5]


def f64(values, requires_grad=False):
    return torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad)


def c128(re, im, requires_grad=False):
    return torch.complex(f64(re), f64(im)).requires_grad_(requires_grad)


def const():
    return c128(C[0], C[1])


def transposed():
    """A complex leaf whose strides are not row-major (the 3x2 transpose of a 2x3 matrix)."""
    return c128(A_RE, A_IM).t().detach().requires_grad_()


def c64(re, im):
    return torch.complex(torch.tensor(re), torch.tensor(im)).requires_grad_()


class Square(torch.autograd.Function):
    """z * z with its right backward: grad * 2 * conj(z) (and no jvp)."""
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        ctx.save_for_forward(z)
        return z * z

    @staticmethod
    def backward(ctx, g):
        z, = ctx.saved_tensors
        return g * 2 * z.conj()


class WrongSquare(Square):
    """z * z whose backward forgets the conjugate: grad * 2 * z."""
    @staticmethod
    def backward(ctx, g):
        z, = ctx.saved_tensors
        return g * 2 * z


class WrongAbs(torch.autograd.Function):
    """|z| (complex to real) whose backward conjugates once too often: grad * conj(z) / |z|."""
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return z.abs()

    @staticmethod
    def backward(ctx, g):
        z, = ctx.saved_tensors
        return g * z.conj() / z.abs()


class WrongJvpSquare(Square):
    """z * z whose jvp forgets the factor 2: t * z (backward right)."""
    @staticmethod
    def jvp(ctx, t):
        z, = ctx.saved_tensors
        return t * z


class WrongRealToComplex(torch.autograd.Function):
    """x * c (real to complex) whose backward and jvp use c where conj(c) and c belong."""
    @staticmethod
    def forward(ctx, x):
        return x * const()

    @staticmethod
    def backward(ctx, g):
        return (g * const()).real

    @staticmethod
    def jvp(ctx, t):
        return t * const().conj()


class WrongRealPart(Square):
    """z * z whose backward adds the real part of the gradient: wrong for the real part of the output only."""
    @staticmethod
    def backward(ctx, g):
        z, = ctx.saved_tensors
        return g * 2 * z.conj() + torch.real(g)

    @staticmethod
    def jvp(ctx, t):
        """Right for imaginary tangents, wrong for real ones."""
        z, = ctx.saved_tensors
        return t * 2 * z + torch.real(t)


def functions():
    """The functions checked, by name: (func, inputs); complex-valued ones take z, real ones x."""
    z = c128(RE, IM, True)
    x = f64(RE, True)
    a = c128(A_RE, A_IM, True)
    return {
        "mul_conj": (lambda t: t * t.conj(), (z,)),
        "abs": (lambda t: t.abs(), (z,)),
        "mul_const": (lambda t: t * const(), (z,)),
        "real": (lambda t: torch.real(t), (z,)),
        "imag": (lambda t: torch.imag(t), (z,)),
        "angle": (lambda t: t.angle(), (z,)),
        "matmul": (lambda m, t: m.matmul(t), (a, z)),
        "abs_square_sum": (lambda t: (t * t.conj()).real.sum(), (z,)),
        "real_to_complex": (lambda t: t * const(), (x,)),
        "complex_of_parts": (lambda r, i: torch.complex(r, i), (x, f64(IM, True))),
        "square": (Square.apply, (z,)),
        "mixed_outputs": (lambda t, r: (t.abs() * r, t * r), (z, x)),
        "transposed": (lambda t: t * t.conj() * const(), (transposed(),)),
    }


OPTIONS = {
    "slow": {},
    "fast": {"fast_mode": True},
    "forward": {"check_forward_ad": True},
    "fast_forward": {"fast_mode": True, "check_forward_ad": True},
    "forward_only": {"check_forward_ad": True, "check_backward_ad": False},
    "batched": {"check_batched_grad": True},
    "batched_forward": {"check_forward_ad": True, "check_batched_forward_grad": True},
}


# Square has no jvp; PyTorch's vmap fails on conj views with batched tangents (an internal assert).
WITH_CONJ = {"mul_conj", "abs_square_sum", "transposed"}


def applies(name, mode):
    return not (name == "square" and "forward" in mode) and not (name in WITH_CONJ and mode == "batched_forward")


def passing():
    fns = functions()
    return {name: {mode: gradcheck(fn, inputs, **opts) for mode, opts in OPTIONS.items() if applies(name, mode)}
            for name, (fn, inputs) in fns.items()}


def gradgrad():
    z = c128(RE, IM, True)
    go = c128(GO_RE, GO_IM, True)
    cube = lambda t: t * t * t * const()
    return {
        "slow": gradgradcheck(cube, (z,), (go,)),
        "fast": gradgradcheck(cube, (z,), (go,), fast_mode=True),
        "abs": gradgradcheck(lambda t: t.abs(), (z,), (f64(GO_RE, True),)),
        "fwd_over_rev": gradgradcheck(cube, (z,), (go,), check_fwd_over_rev=True),
        "random_grad_outputs": gradgradcheck(cube, (z,)),
        "random_non_contiguous": gradgradcheck(cube, (z,), gen_non_contig_grad_outputs=True),
    }


def failing():
    """Each failing check: (func, inputs, options)."""
    z = c128(RE, IM, True)
    x = f64(RE, True)
    return {
        "wrong_square": (WrongSquare.apply, (z,), {}),
        "wrong_square_fast": (WrongSquare.apply, (z,), {"fast_mode": True}),
        "wrong_abs": (WrongAbs.apply, (z,), {}),
        "wrong_abs_fast": (WrongAbs.apply, (z,), {"fast_mode": True}),
        "wrong_jvp": (WrongJvpSquare.apply, (z,), {"check_forward_ad": True, "check_backward_ad": False}),
        "wrong_jvp_fast": (WrongJvpSquare.apply, (z,), {"check_forward_ad": True, "check_backward_ad": False, "fast_mode": True}),
        "wrong_real_part": (WrongRealPart.apply, (z,), {}),
        "wrong_real_part_fast": (WrongRealPart.apply, (z,), {"fast_mode": True}),
        "wrong_jvp_real_part": (WrongRealPart.apply, (z,), {"check_forward_ad": True, "check_backward_ad": False}),
        "wrong_real_to_complex": (WrongRealToComplex.apply, (x,), {}),
        "wrong_real_to_complex_fast": (WrongRealToComplex.apply, (x,), {"fast_mode": True}),
        "wrong_jvp_real_to_complex": (WrongRealToComplex.apply, (x,), {"check_forward_ad": True, "check_backward_ad": False}),
        "wrong_jvp_real_to_complex_fast": (WrongRealToComplex.apply, (x,), {"check_forward_ad": True, "check_backward_ad": False,
                                                                           "fast_mode": True}),
    }


def failures():
    cases = failing()
    z = c128(RE, IM, True)
    go = c128(GO_RE, GO_IM, True)
    return {
        "results": {name: gradcheck(fn, inputs, raise_exception=False, **opts) for name, (fn, inputs, opts) in cases.items()},
        "errors": {name: encode.error_of(lambda: gradcheck(fn, inputs, **opts)) for name, (fn, inputs, opts) in cases.items()},
        "messages": {name: encode.message_of(lambda: gradcheck(fn, inputs, **opts)) for name, (fn, inputs, opts) in cases.items()},
        "gradgrad_wrong_square": encode.message_of(lambda: gradgradcheck(lambda t: WrongSquare.apply(t) * t, (z,), (go,))),
        # grad_outputs drawn from the global generator (torch.testing.make_tensor) show in the message
        "gradgrad_random_wrong": seeded_message(lambda: gradgradcheck(lambda t: WrongSquare.apply(t) * t, (z,))),
        "gradgrad_random_wrong_non_contiguous": seeded_message(
            lambda: gradgradcheck(lambda t: WrongSquare.apply(t) * t, (z,), gen_non_contig_grad_outputs=True, fast_mode=True)),
        "transposed_wrong": encode.message_of(lambda: gradcheck(WrongSquare.apply, (transposed(),))),
    }


def changes_when_perturbed():
    """Outputs whose shape or dtype change as the real part of z[0] (exactly 0.5) crosses 0.5: PyTorch's AssertionError."""
    z = c128(RE, IM, True)
    shape = lambda t: t[:2] if t.real[0].item() > 0.5 else t
    dtype = lambda t: (t * 2).to(torch.complex64) if t.real[0].item() > 0.5 else t * 2
    return {
        "shape": encode.error_of(lambda: gradcheck(shape, (z,))),
        "dtype": encode.error_of(lambda: gradcheck(dtype, (z,))),
        # an AssertionError, not a GradcheckError: raise_exception=False does not turn it into False
        "shape_fast": encode.error_of(lambda: gradcheck(shape, (z,), fast_mode=True, raise_exception=False)),
    }


def seeded_message(fn):
    torch.manual_seed(7)
    return encode.message_of(fn)


def single_precision():
    """complex64 inputs: PyTorch's warning, and a failing check's message with complex64 Jacobians."""
    tolerances = {"eps": 1e-3, "atol": 1e-2, "rtol": 1e-2}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        return {
            "ok": gradcheck(lambda t: t * t.conj(), (c64(RE, IM),), **tolerances),
            "warnings": [str(w.message) for w in caught],
            "wrong_square": encode.message_of(lambda: gradcheck(WrongSquare.apply, (c64(RE, IM),), **tolerances)),
            "wrong_square_fast": encode.message_of(lambda: gradcheck(WrongSquare.apply, (c64(RE, IM),), fast_mode=True, **tolerances)),
        }


torch.manual_seed(0)
encode.write("gradcheck_complex", {
    "re": RE, "im": IM, "a_re": A_RE, "a_im": A_IM, "c": C, "go_re": GO_RE, "go_im": GO_IM,
    "passing": passing(),
    "gradgrad": gradgrad(),
    "failures": failures(),
    "single_precision": single_precision(),
    "changes_when_perturbed": changes_when_perturbed(),
})
