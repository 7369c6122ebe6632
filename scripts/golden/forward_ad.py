#!/usr/bin/python3
"""Golden values for test/autograd_forward.test.ts: torch.autograd.forward_ad (dual tensors through
sin, matmul and a small MLP, unpack_dual, its errors), custom Functions with jvp, setup_context and
once_differentiable, gradcheck's options (forward mode, fast mode, undefined grads, batched grads,
nondeterminism, raise_exception) and torch.autograd.functional's forward-mode jacobian and hessian.

    /usr/bin/python3 scripts/golden/forward_ad.py     # Debian's python3-torch (same LibTorch)

Inputs are float64 tensors made from fixed values; writes test/golden/forward_ad.json.
"""
import torch
import torch.autograd.forward_ad as fwAD
from torch.autograd.function import once_differentiable
from torch.autograd.functional import jacobian, hessian
from torch.autograd import gradcheck, gradgradcheck

import encode

T = encode.tensor
X = [0.5, -1.25, 2.0]
V = [1.0, 0.5, -2.0]
W = [[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]]
W2 = [[1.0, -0.5]]


def f64(values, requires_grad=False):
    return torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad)


def unpacked(t):
    primal, tangent = fwAD.unpack_dual(t)
    return {"primal": T(primal.detach()), "tangent": None if tangent is None else T(tangent)}


def mlp(x):
    return f64(W2).matmul(f64(W).matmul(x).tanh()).sigmoid()


def dual_ops():
    out = {}
    with fwAD.dual_level() as level:
        out["level"] = level
        d = fwAD.make_dual(f64(X), f64(V))
        out["sin"] = unpacked(d.sin())
        out["matmul"] = unpacked(f64(W).matmul(d))
        out["mlp"] = unpacked(mlp(d))
        out["plain"] = unpacked(f64(X))
        out["repr"] = repr(d.mul(2))
        # backward through a dual tensor's primal
        x = f64(X, True)
        y = fwAD.make_dual(x, f64(V)).pow(2).sum()
        y.backward()
        out["backward_grad"] = T(x.grad)
    out["after_exit"] = unpacked(d)
    return out


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        ctx.save_for_forward(x)
        return x.pow(3)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 3 * x.pow(2)

    @staticmethod
    def jvp(ctx, t):
        x, = ctx.saved_tensors
        return t * 3 * x.pow(2)


class ScaledMul(torch.autograd.Function):
    """(x * y * k, x + y). The test writes it in PyTorch 2.0's style (forward(x, y, k) and
    setup_context(ctx, inputs, output)), which 1.13 lacks; this is the same Function in 1.13's."""
    @staticmethod
    def forward(ctx, x, y, k):
        ctx.save_for_backward(x, y)
        ctx.save_for_forward(x, y)
        ctx.k = k
        return x * y * k, x + y

    @staticmethod
    def backward(ctx, ga, gb):
        x, y = ctx.saved_tensors
        return ga * y * ctx.k + gb, ga * x * ctx.k + gb, None

    @staticmethod
    def jvp(ctx, tx, ty, _):
        x, y = ctx.saved_tensors
        return (tx * y + x * ty) * ctx.k, tx + ty


class NoJvp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2


class WrongCountJvp(NoJvp):
    @staticmethod
    def jvp(ctx, t):
        return t * 2, t


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g


def custom_functions():
    out = {}
    with fwAD.dual_level():
        d = fwAD.make_dual(f64(X), f64(V))
        out["cube_jvp"] = unpacked(Cube.apply(d))
        a, b = ScaledMul.apply(d, f64(V), 3.0)
        out["setup_context_jvp"] = [unpacked(a), unpacked(b)]
        out["no_jvp"] = encode.error_of(lambda: NoJvp.apply(d))
        out["wrong_count_jvp"] = encode.error_of(lambda: WrongCountJvp.apply(d))
    x, y = f64(X, True), f64(V, True)
    a, b = ScaledMul.apply(x, y, 3.0)
    (a.sum() + b.mul(2).sum()).backward()
    out["setup_context_forward"] = [T(a.detach()), T(b.detach())]
    out["setup_context_grads"] = [T(x.grad), T(y.grad)]
    x = f64(X, True)
    g, = torch.autograd.grad(Square.apply(x).sum(), x)
    out["once_grad"] = T(g)
    g, = torch.autograd.grad(Square.apply(x), x, torch.ones(3, dtype=torch.float64, requires_grad=True), create_graph=True)
    out["once_create_graph"] = {"grad": T(g.detach()), "requires_grad": g.requires_grad}
    out["once_twice"] = encode.error_of(lambda: g.sum().backward())
    return out


class NoisyBackward(torch.autograd.Function):
    """x * 2 whose backward differs by a factor 1e-10 on each call: not reentrant."""
    calls = 0

    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        NoisyBackward.calls += 1
        return g * (2 + NoisyBackward.calls * 1e-10)


class WrongJvp(Cube):
    @staticmethod
    def jvp(ctx, t):
        x, = ctx.saved_tensors
        return t * 2 * x.pow(2)


class NotMultiplied(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return torch.ones_like(g) * 2


class ZeroUnsafe(torch.autograd.Function):
    """x * 2 whose backward gives ones for a zero gradient: right Jacobian, not multiplied by it."""
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2 + (g == 0).all().double()


class UndefinedUnsafe(torch.autograd.Function):
    """x * 2 whose backward gives ones when its output's gradient is undefined."""
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return torch.ones(3, dtype=torch.float64) if g is None else g * 2


class UndefinedTangentUnsafe(torch.autograd.Function):
    """x * y whose jvp gives ones for an undefined tangent of y."""
    @staticmethod
    def forward(ctx, x, y):
        ctx.set_materialize_grads(False)
        ctx.save_for_forward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, g):
        return g, g

    @staticmethod
    def jvp(ctx, tx, ty):
        x, y = ctx.saved_tensors
        ty = torch.ones_like(y) if ty is None else ty
        tx = torch.zeros_like(x) if tx is None else tx
        return tx * y + x * ty


def gradchecks():
    x, y = f64(X, True), f64(V, True)
    cube = lambda a: Cube.apply(a)
    mul = lambda a, b: ScaledMul.apply(a, b, 3.0)
    ok = {
        "forward_ad": gradcheck(cube, (x,), check_forward_ad=True),
        "forward_ad_only": gradcheck(lambda a: a.sin().mul(a), (x,), check_forward_ad=True, check_backward_ad=False),
        "fast_mode": gradcheck(mul, (x, y), fast_mode=True),
        "fast_forward": gradcheck(mul, (x, y), fast_mode=True, check_forward_ad=True),
        "batched": gradcheck(lambda a: mlp(a), (x,), check_batched_grad=True),
        "batched_forward": gradcheck(cube, (x,), check_forward_ad=True, check_batched_forward_grad=True),
        "nondet_tol": gradcheck(NoisyBackward.apply, (x,), nondet_tol=1e-6),
        "grad_dtypes": gradcheck(mul, (x, y), check_grad_dtypes=True),
        "no_undefined_check": gradcheck(UndefinedUnsafe.apply, (x,), check_undefined_grad=False),
        "gradgrad_fwd_over_rev": gradgradcheck(lambda a: a.pow(3).sum(), (x,), check_fwd_over_rev=True),
        "gradgrad_fast": gradgradcheck(lambda a: a.pow(3).sum(), (x,), fast_mode=True),
        "raise_false_wrong_jvp": gradcheck(WrongJvp.apply, (x,), check_forward_ad=True, raise_exception=False),
        "raise_false_fast": gradcheck(WrongJvp.apply, (x,), fast_mode=True, check_forward_ad=True, check_backward_ad=False, raise_exception=False),
        "raise_false_nondet": gradcheck(NoisyBackward.apply, (x,), raise_exception=False),
    }
    errors = {
        "wrong_jvp": encode.error_of(lambda: gradcheck(WrongJvp.apply, (x,), check_forward_ad=True)),
        "wrong_jvp_fast": encode.error_of(lambda: gradcheck(WrongJvp.apply, (x,), check_forward_ad=True, fast_mode=True)),
        "wrong_backward_fast": encode.error_of(lambda: gradcheck(lambda a: WrongJvp.apply(a) * 0 + NotMultiplied.apply(a), (x,), fast_mode=True)),
        "no_jvp": encode.error_of(lambda: gradcheck(NoJvp.apply, (x,), check_forward_ad=True)),
        "nondet": encode.error_of(lambda: gradcheck(NoisyBackward.apply, (x,))),
        "not_multiplied": encode.error_of(lambda: gradcheck(NotMultiplied.apply, (x,))),
        "zero_unsafe": encode.error_of(lambda: gradcheck(ZeroUnsafe.apply, (x,))),
        "undefined_backward": encode.error_of(lambda: gradcheck(UndefinedUnsafe.apply, (x,))),
        "undefined_forward": encode.error_of(lambda: gradcheck(UndefinedTangentUnsafe.apply, (x, y), check_forward_ad=True, check_backward_ad=False)),
        "neither_mode": encode.error_of(lambda: gradcheck(cube, (x,), check_backward_ad=False)),
        "batched_without_backward": encode.error_of(lambda: gradcheck(cube, (x,), check_forward_ad=True, check_backward_ad=False, check_batched_grad=True)),
        "batched_forward_without_forward": encode.error_of(lambda: gradcheck(cube, (x,), check_batched_forward_grad=True)),
        "gradgrad_neither": encode.error_of(lambda: gradgradcheck(cube, (x,), check_rev_over_rev=False, check_undefined_grad=False)),
        "gradgrad_once": encode.error_of(lambda: gradgradcheck(Square.apply, (x,))),
    }
    messages = {
        "wrong_jvp": encode.message_of(lambda: gradcheck(WrongJvp.apply, (x,), check_forward_ad=True)),
        "wrong_jvp_fast": encode.message_of(lambda: gradcheck(WrongJvp.apply, (x,), check_forward_ad=True, fast_mode=True)),
        "wrong_backward_fast": encode.message_of(lambda: gradcheck(lambda a: NotMultiplied.apply(a), (x,), fast_mode=True)),
        "nondet": encode.message_of(lambda: gradcheck(NoisyBackward.apply, (x,))),
    }
    return {"ok": ok, "errors": errors, "messages": messages}


def functional():
    x, y = f64(X), f64(V)
    f = lambda a, b: (a.sin() * b, a.matmul(b))
    out = {
        "jacobian_forward": [[T(j) for j in row] for row in jacobian(f, (x, y), strategy="forward-mode", vectorize=True)],
        "jacobian_reverse": [[T(j) for j in row] for row in jacobian(f, (x, y))],
        "jacobian_mlp_forward": T(jacobian(mlp, x, strategy="forward-mode", vectorize=True)),
        "hessian_forward": T(hessian(lambda a: a.pow(3).sum() + a.prod(), x, outer_jacobian_strategy="forward-mode", vectorize=True)),
        "hessian_reverse": T(hessian(lambda a: a.pow(3).sum() + a.prod(), x)),
        "hessian_pair_forward": [[T(h) for h in row] for row in hessian(lambda a, b: (a * b).sum().sin(), (x, y), outer_jacobian_strategy="forward-mode", vectorize=True)],
    }
    errors = {
        "forward_no_vectorize": encode.error_of(lambda: jacobian(mlp, x, strategy="forward-mode")),
        "forward_create_graph": encode.error_of(lambda: jacobian(mlp, x, strategy="forward-mode", vectorize=True, create_graph=True)),
        "forward_strict": encode.error_of(lambda: jacobian(mlp, x, strategy="forward-mode", vectorize=True, strict=True)),
        "bad_strategy": encode.error_of(lambda: jacobian(mlp, x, strategy="sideways")),
        "hessian_bad_strategy": encode.error_of(lambda: hessian(lambda a: a.sum(), x, outer_jacobian_strategy="sideways")),
        "reverse_vectorize_strict": encode.error_of(lambda: jacobian(mlp, x, vectorize=True, strict=True)),
    }
    return {**out, "errors": errors}


def errors():
    def inside(fn):
        with fwAD.dual_level():
            return fn()
    return {
        "no_level": encode.error_of(lambda: fwAD.make_dual(f64(X), f64(V))),
        "nested": encode.error_of(lambda: inside(fwAD.enter_dual_level)),
        "size_mismatch": encode.error_of(lambda: inside(lambda: fwAD.make_dual(f64(X), f64([1.0, 2.0])))),
        "int_primal": encode.error_of(lambda: inside(lambda: fwAD.make_dual(torch.tensor([1, 2]), f64([1.0, 2.0])))),
        "int_tangent": encode.error_of(lambda: inside(lambda: fwAD.make_dual(f64([1.0, 2.0]), torch.tensor([1, 2])))),
        "bad_level": encode.error_of(lambda: inside(lambda: fwAD.make_dual(f64(X), f64(V), level=3))),
        "already_dual": encode.error_of(lambda: inside(lambda: fwAD.make_dual(fwAD.make_dual(f64(X), f64(V)), f64(V)))),
        "unpack_bad_level": encode.error_of(lambda: inside(lambda: fwAD.unpack_dual(fwAD.make_dual(f64(X), f64(V)), level=3))),
        "exit_other_level": encode.error_of(lambda: inside(lambda: fwAD.exit_dual_level(level=3))),
        "exit_without_level": encode.error_of(lambda: fwAD.exit_dual_level()),
    }


torch.manual_seed(0)
encode.write("forward_ad", {
    "x": T(f64(X)),
    "v": T(f64(V)),
    "dual": dual_ops(),
    "custom": custom_functions(),
    "gradcheck": gradchecks(),
    "functional": functional(),
    "errors": errors(),
})
