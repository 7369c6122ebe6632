#!/usr/bin/python3
"""Golden values for test/autograd_custom.test.ts: custom autograd Functions (save_for_backward,
two outputs, a non-differentiable output, mark_dirty, set_materialize_grads, double backward,
gradcheck), tensor hooks, module full backward hooks and torch.autograd.functional, plus errors.

    /usr/bin/python3 scripts/golden/autograd_custom.py     # Debian's python3-torch (same LibTorch)

Inputs are float64 tensors made from fixed values; writes test/golden/autograd_custom.json.
"""
import torch
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp

import encode

T = encode.tensor
X = [0.5, -1.25, 2.0]
Y = [1.5, 0.75, -0.5]


def leaf(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        r = x.exp()
        ctx.save_for_backward(r)
        return r

    @staticmethod
    def backward(ctx, g):
        r, = ctx.saved_tensors
        return g.mul(r)


class MulAdd(torch.autograd.Function):
    """(x * y, x + k * y) with a non-tensor k."""
    @staticmethod
    def forward(ctx, x, k, y):
        ctx.save_for_backward(x, y)
        ctx.k = k
        return x.mul(y), x.add(y.mul(k))

    @staticmethod
    def backward(ctx, ga, gb):
        x, y = ctx.saved_tensors
        return ga.mul(y).add(gb), None, ga.mul(x).add(gb.mul(ctx.k))


class MaxWithIndex(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        values, idx = x.max(0)
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        ctx.n = x.shape[0]
        return values, idx

    @staticmethod
    def backward(ctx, g, g_idx):
        idx, = ctx.saved_tensors
        return torch.zeros(ctx.n, dtype=g.dtype).index_fill(0, idx, 1).mul(g)


class Double_(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x

    @staticmethod
    def backward(ctx, g):
        return g.mul(2)


class Split(torch.autograd.Function):
    """Two outputs; backward sees None for an unused one when grads are not materialized."""
    @staticmethod
    def forward(ctx, x, materialize):
        ctx.set_materialize_grads(materialize)
        return x.mul(2), x.mul(3)

    @staticmethod
    def backward(ctx, ga, gb):
        out = ga.mul(2) if ga is not None else torch.full_like(gb, 100)
        return (out if gb is None else out.add(gb.mul(3))), None


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.pow(3)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g.mul(x.pow(2)).mul(3)


class WrongGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.pow(2)

    @staticmethod
    def backward(ctx, g):
        return g.mul(3)


class TooMany(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.mul(2)

    @staticmethod
    def backward(ctx, g):
        return g, g


class GradForNonTensor(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        return x.mul(k)

    @staticmethod
    def backward(ctx, g):
        return g, g


def custom_functions():
    out = {}
    x = leaf(X)
    y = Exp.apply(x)
    y.sum().backward()
    out["exp"] = {"out": T(y.detach()), "grad_fn": y.grad_fn.name(), "grad": T(x.grad)}

    x, y = leaf(X), leaf(Y)
    a, b = MulAdd.apply(x, 2.5, y)
    a.mul(2).add(b.mul(3)).sum().backward()
    out["mul_add"] = {"a": T(a.detach()), "b": T(b.detach()), "x_grad": T(x.grad), "y_grad": T(y.grad)}

    x = leaf(X)
    values, idx = MaxWithIndex.apply(x)
    values.mul(5).backward()
    out["non_differentiable"] = {"values": T(values.detach()), "idx": T(idx), "idx_requires_grad": idx.requires_grad,
                                 "values_requires_grad": values.requires_grad, "grad": T(x.grad)}

    x = leaf(X)
    z = x.mul(1.5)
    w = Double_.apply(z)
    w.pow(2).sum().backward()
    out["mark_dirty"] = {"out": T(w.detach()), "same_object": w is z, "grad_fn": w.grad_fn.name(), "grad": T(x.grad)}

    for materialize in (True, False):
        x = leaf(X)
        a, b = Split.apply(x, materialize)
        b.sum().backward()
        out[f"materialize_{materialize}"] = T(x.grad)

    x = leaf(X)
    g, = torch.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    gg, = torch.autograd.grad(g.sum(), x)
    out["double_backward"] = {"grad": T(g.detach()), "grad_requires_grad": g.requires_grad, "grad_grad": T(gg)}

    x = leaf(X)
    out["gradcheck"] = torch.autograd.gradcheck(Cube.apply, (x,))
    out["gradgradcheck"] = torch.autograd.gradgradcheck(Cube.apply, (x,))
    out["gradcheck_wrong"] = torch.autograd.gradcheck(WrongGrad.apply, (x,), raise_exception=False)
    return out


def hooks():
    out = {}
    x = leaf(X)
    seen = []
    x.register_hook(lambda g: seen.append(g.clone()))
    h = x.register_hook(lambda g: g.mul(10))
    x.pow(2).sum().backward()
    out["observed"] = T(seen[0])
    out["replaced"] = T(x.grad)
    h.remove()
    x.grad = None
    x.pow(2).sum().backward()
    out["after_remove"] = T(x.grad)

    x = leaf(X)
    y = x.mul(3)
    y.register_hook(lambda g: g.add(1))
    y.pow(2).sum().backward()
    out["non_leaf"] = T(x.grad)

    torch.manual_seed(0)
    m = torch.nn.Linear(3, 2).double()
    calls = []

    def hook(module, grad_input, grad_output):
        calls.append({"grad_input": [None if g is None else T(g) for g in grad_input],
                      "grad_output": [None if g is None else T(g) for g in grad_output]})
        return (grad_input[0].mul(2),)
    m.register_full_backward_hook(hook)
    inp = torch.tensor([X, Y], dtype=torch.float64, requires_grad=True)
    m(inp).pow(2).sum().backward()
    out["module"] = {"weight": T(m.weight.detach()), "bias": T(m.bias.detach()), "input": T(inp.detach()), "calls": calls,
                     "input_grad": T(inp.grad), "weight_grad": T(m.weight.grad)}

    # A module output unused in the loss: its grad_output is None (a grad_fn pre-hook sees the
    # undefined gradient); grad_input for an input that needs no grad is materialized zeros.
    class Two(torch.nn.Module):
        def forward(self, a, b, k):
            return a * b * k, (a + b).sum()

    two, unused = Two(), []
    two.register_full_backward_hook(lambda mod, gi, go: unused.append({"grad_input": [None if g is None else T(g) for g in gi],
                                                                        "grad_output": [None if g is None else T(g) for g in go]}))
    a = leaf(X)
    o1, _ = two(a, leaf(Y).detach(), 2.0)
    o1.sum().backward()
    out["unused_output"] = {"calls": unused, "input_grad": T(a.grad)}
    return out


def f_cubic(a):
    return a.pow(3).sum()


def functional():
    x, y = leaf(X).detach(), leaf(Y).detach()
    v = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    out = {}
    out["jacobian"] = T(jacobian(lambda a: a.pow(2).mul(a.sum()), x))
    ja, jb = jacobian(lambda a, b: (a.mul(b), a.add(b).sum()), (x, y))
    out["jacobian_tuples"] = [[T(j) for j in ja], [T(j) for j in jb]]
    out["hessian"] = T(hessian(lambda a: a.pow(3).sum().add(a.prod()), x))
    hs = hessian(lambda a, b: a.mul(b).pow(2).sum(), (x, y))
    out["hessian_tuples"] = [[T(h) for h in row] for row in hs]
    o, r = vjp(lambda a: a.pow(2).mul(a.sum()), x, v)
    out["vjp"] = [T(o), T(r)]
    o, r = jvp(lambda a: a.pow(2).mul(a.sum()), x, v)
    out["jvp"] = [T(o), T(r)]
    o, r = hvp(lambda a: a.pow(3).sum().add(a.prod()), x, v)
    out["hvp"] = [T(o), T(r)]
    o, r = vhp(lambda a: a.pow(3).sum().add(a.prod()), x, v)
    out["vhp"] = [T(o), T(r)]
    return out


def hook_error(hook):
    x = leaf(X)
    x.register_hook(hook)
    x.pow(2).sum().backward()


def widen(g):
    return g.float()


errors = {
    "hook_changes_size": encode.error_of(lambda: hook_error(lambda g: g.narrow(0, 0, 2))),
    "hook_changes_type": encode.error_of(lambda: hook_error(widen)),
    "too_many_gradients": encode.error_of(lambda: TooMany.apply(leaf(X)).sum().backward()),
    "gradient_for_non_tensor": encode.error_of(lambda: GradForNonTensor.apply(leaf(X), 2.0).sum().backward()),
    "hook_without_grad": encode.error_of(lambda: torch.ones(2).register_hook(lambda g: g)),
    "gradcheck_mismatch": encode.error_of(lambda: torch.autograd.gradcheck(WrongGrad.apply, (leaf(X),))),
    "backward_twice": encode.error_of(lambda: [r.backward() for r in [Exp.apply(leaf(X)).sum()] * 2]),
    "jacobian_input_type": encode.error_of(lambda: jacobian(lambda a: a, (leaf(X), 3))),
    "vjp_v_none": encode.error_of(lambda: vjp(lambda a: a.mul(2), leaf(X))),
    "strict_independent": encode.error_of(lambda: jacobian(lambda a, b: a.mul(2), (leaf(X), leaf(Y)), strict=True)),
    "hessian_vector_output": encode.error_of(lambda: hessian(lambda a: a.mul(2), leaf(X))),
    "dirty_leaf": encode.error_of(lambda: Double_.apply(leaf(X))),
}

encode.write("autograd_custom", {
    "x": T(leaf(X).detach()),
    "y": T(leaf(Y).detach()),
    "custom": custom_functions(),
    "hooks": hooks(),
    "functional": functional(),
    "errors": errors,
})
