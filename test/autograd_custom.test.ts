// torch.autograd.Function, tensor and module backward hooks, torch.autograd.functional and
// gradcheck against PyTorch 1.13 (scripts/golden/autograd_custom.py), and the errors a JS backward
// or hook throws from inside the autograd engine.
import * as torch from '../lib';
import { GoldenTensor, GoldenError, loadGolden } from './golden';
import { errorOf, expectTensor, firstLine } from './helpers';

const golden = loadGolden('autograd_custom');
const X: number[] = golden.x.values, Y: number[] = golden.y.values;
const leaf = (values: number[]) => torch.tensor(values, { dtype: torch.float64, requires_grad: true });
const same = (t: unknown, g: GoldenTensor, what = 'tensor') => expectTensor(t, g, what, 1e-12);
const expectError = (fn: () => unknown, g: GoldenError) => {
  const e = errorOf(fn) as Error & { pythonType?: string };
  expect(firstLine(e.message)).toBe(g.message);
  if (g.type === 'TypeError') expect(e).toBeInstanceOf(TypeError);
  else expect(e.pythonType).toBe(g.type);
};

class Exp extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
    const r = x.exp();
    ctx.save_for_backward(r);
    return r;
  }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
    const [r] = ctx.saved_tensors;
    return g.mul(r!);
  }
}
class MulAdd extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, k: number, y: torch.Tensor) {
    ctx.save_for_backward(x, y);
    ctx.k = k;
    return [x.mul(y), x.add(y.mul(k))];
  }
  static backward(ctx: torch.autograd.FunctionCtx, ga: torch.Tensor, gb: torch.Tensor) {
    const [x, y] = ctx.saved_tensors as torch.Tensor[];
    return [ga.mul(y).add(gb), null, ga.mul(x).add(gb.mul(ctx.k as number))];
  }
}
class MaxWithIndex extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
    const [values, idx] = x.max(0) as unknown as [torch.Tensor, torch.Tensor];
    ctx.mark_non_differentiable(idx);
    ctx.save_for_backward(idx);
    ctx.n = x.shape[0];
    return [values, idx];
  }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
    const [idx] = ctx.saved_tensors as torch.Tensor[];
    return torch.zeros(ctx.n as number, { dtype: g.dtype }).index_fill(0, idx, 1).mul(g);
  }
}
class Double_ extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
    x.mul_(2);
    ctx.mark_dirty(x);
    return x;
  }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { return g.mul(2); }
}
class Split extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, materialize: boolean) {
    ctx.set_materialize_grads(materialize);
    return [x.mul(2), x.mul(3)];
  }
  static backward(ctx: torch.autograd.FunctionCtx, ga: torch.Tensor | null, gb: torch.Tensor | null) {
    const out = ga !== null ? ga.mul(2) : torch.full_like(gb!, 100);
    return [gb === null ? out : out.add(gb.mul(3)), null];
  }
}
class Cube extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
    ctx.save_for_backward(x);
    return x.pow(3);
  }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
    const [x] = ctx.saved_tensors as torch.Tensor[];
    return g.mul(x.pow(2)).mul(3);
  }
}
class WrongGrad extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.pow(2); }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { return g.mul(3); }
}
class TooMany extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { return [g, g]; }
}
class GradForNonTensor extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, k: number) { return x.mul(k); }
  static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { return [g, g]; }
}
class Throws extends torch.autograd.Function {
  static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
  static backward(): never { throw new RangeError('thrown in backward'); }
}

describe('torch.autograd.Function', () => {
  const c = golden.custom;
  test('save_for_backward, apply and grad_fn name', () => {
    const x = leaf(X);
    const y = Exp.apply(x);
    y.sum().backward();
    same(y.detach(), c.exp.out);
    expect(y.grad_fn!.name()).toBe(c.exp.grad_fn);
    same(x.grad, c.exp.grad);
    const f = Exp.apply;  // unbound, as Python's `f = Exp.apply`
    expect(f(x).grad_fn!.name()).toBe('ExpBackward');
  });
  test('two outputs and a non-tensor argument', () => {
    const x = leaf(X), y = leaf(Y);
    const [a, b] = MulAdd.apply(x, 2.5, y);
    a.mul(2).add(b.mul(3)).sum().backward();
    same(a.detach(), c.mul_add.a);
    same(b.detach(), c.mul_add.b);
    same(x.grad, c.mul_add.x_grad);
    same(y.grad, c.mul_add.y_grad);
  });
  test('mark_non_differentiable', () => {
    const x = leaf(X);
    const [values, idx] = MaxWithIndex.apply(x);
    values.mul(5).backward();
    same(values.detach(), c.non_differentiable.values);
    same(idx, c.non_differentiable.idx);
    expect(idx.requires_grad).toBe(c.non_differentiable.idx_requires_grad);
    expect(values.requires_grad).toBe(c.non_differentiable.values_requires_grad);
    same(x.grad, c.non_differentiable.grad);
  });
  test('mark_dirty keeps the tensor object and rebases its history', () => {
    const x = leaf(X);
    const z = x.mul(1.5);
    const w = Double_.apply(z);
    w.pow(2).sum().backward();
    same(w.detach(), c.mark_dirty.out);
    expect(w === z).toBe(c.mark_dirty.same_object);
    expect(w.grad_fn!.name()).toBe(c.mark_dirty.grad_fn);
    same(x.grad, c.mark_dirty.grad);
  });
  test.each([true, false])('set_materialize_grads(%s)', (materialize) => {
    const x = leaf(X);
    const [, b] = Split.apply(x, materialize);
    b.sum().backward();
    same(x.grad, c[`materialize_${materialize ? 'True' : 'False'}`]);
  });
  test('double backward records the JS backward\'s ops', () => {
    const x = leaf(X);
    const [g] = torch.autograd.grad(Cube.apply(x).sum(), x, { create_graph: true });
    same(g!.detach(), c.double_backward.grad);
    expect(g!.requires_grad).toBe(c.double_backward.grad_requires_grad);
    const [gg] = torch.autograd.grad(g!.sum(), x);
    same(gg, c.double_backward.grad_grad);
  });
  test('gradcheck and gradgradcheck', () => {
    const x = leaf(X);
    expect(torch.autograd.gradcheck(Cube.apply, [x])).toBe(c.gradcheck);
    expect(torch.autograd.gradgradcheck(Cube.apply, [x])).toBe(c.gradgradcheck);
    expect(torch.autograd.gradcheck(WrongGrad.apply, [x], { raise_exception: false })).toBe(c.gradcheck_wrong);
  });
  test('under no_grad, apply records nothing', () => {
    const y = torch.no_grad(() => Exp.apply(leaf(X)));
    expect(y.requires_grad).toBe(false);
    expect(y.grad_fn).toBeNull();
  });
  test('a backward may run autograd itself (reentrant backward)', () => {
    class Square extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
        ctx.save_for_backward(x);
        return x.pow(2);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        const xd = (ctx.saved_tensors[0] as torch.Tensor).detach().requires_grad_();
        return torch.autograd.grad(torch.enable_grad(() => xd.pow(2)), xd, g)[0];
      }
    }
    const x = leaf(X), x2 = leaf(X);
    Square.apply(x).mul(x).sum().backward();
    x2.pow(2).mul(x2).sum().backward();
    expect(x.grad!.allclose(x2.grad!)).toBe(true);
  });
  test('the graph owns the JS backward: once the graph is collected, so is its ctx', async () => {
    let marker: WeakRef<object> | null = null;
    class Keep extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) {
        const held = {};
        ctx.held = held;
        marker = new WeakRef(held);
        return x.mul(2);
      }
      static backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) { return g; }
    }
    (() => { Keep.apply(leaf(X)).sum(); })();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    let collected = false;
    // A WeakRef's deref() keeps its target for the rest of the job: collect in a fresh one.
    for (let i = 0; i < 10 && !collected; i++) {
      await tick();
      torch.collect();  // frees the collected tensors, and with them the graph and its JS backward
      await tick();
      collected = marker!.deref() === undefined;
    }
    expect(collected).toBe(true);
  });
  test('a saved tensor modified in place is an error at backward', () => {
    const x = leaf(X);
    const z = x.mul(1);
    const y = Cube.apply(z);
    z.add_(1);
    expect(errorOf(() => y.sum().backward()).message).toMatch(/modified by an inplace operation/);
  });
});

function hookError(hook: (g: torch.Tensor) => torch.Tensor): void {
  const x = leaf(X);
  x.register_hook(hook);
  x.pow(2).sum().backward();
}

describe('errors thrown inside the autograd engine', () => {
  test('a JS error in backward surfaces from backward() as it was thrown', () => {
    const x = leaf(X);
    const e = errorOf(() => Throws.apply(x).exp().mul(x).sum().backward());
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('thrown in backward');
    // The engine is usable afterwards, also through torch.autograd.grad.
    expect(errorOf(() => torch.autograd.grad(Throws.apply(x).sum(), x))).toBeInstanceOf(RangeError);
    const [g] = torch.autograd.grad(Exp.apply(x).sum(), x);
    same(g, golden.custom.exp.grad);
  });
  test('a JS error in a tensor hook surfaces from backward()', () => {
    const x = leaf(X);
    const h = x.register_hook(() => { throw new TypeError('thrown in hook'); });
    const e = errorOf(() => x.exp().sum().backward());
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('thrown in hook');
    h.remove();
    x.exp().sum().backward();
    expect(x.grad).not.toBeNull();
  });
  test('a backward returning a non-tensor, or a wrong shape, is a TorchError', () => {
    class NotTensor extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
      static backward() { return 3; }
    }
    class WrongShape extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor) { return x.mul(2); }
      static backward() { return torch.ones(5, { dtype: torch.float64 }); }
    }
    expect(errorOf(() => NotTensor.apply(leaf(X)).sum().backward())).toBeInstanceOf(TypeError);
    expect(errorOf(() => WrongShape.apply(leaf(X)).sum().backward()).message).toMatch(/^Function WrongShapeBackward returned an invalid gradient at index 0 - got \[5\] but expected shape compatible with \[3\]/);
  });
  const e = golden.errors;
  test.each([
    ['too_many_gradients', () => TooMany.apply(leaf(X)).sum().backward()],
    ['gradient_for_non_tensor', () => GradForNonTensor.apply(leaf(X), 2).sum().backward()],
    ['hook_without_grad', () => torch.ones(2).register_hook((g) => g)],
    ['gradcheck_mismatch', () => torch.autograd.gradcheck(WrongGrad.apply, [leaf(X)])],
    ['backward_twice', () => { const r = Exp.apply(leaf(X)).sum(); r.backward(); r.backward(); }],
    ['jacobian_input_type', () => torch.autograd.functional.jacobian((a: torch.Tensor) => a, [leaf(X), 3 as any])],
    ['vjp_v_none', () => torch.autograd.functional.vjp((a: torch.Tensor) => a.mul(2), leaf(X))],
    ['strict_independent', () => torch.autograd.functional.jacobian((a: torch.Tensor) => a.mul(2), [leaf(X), leaf(Y)], { strict: true })],
    ['hessian_vector_output', () => torch.autograd.functional.hessian((a: torch.Tensor) => a.mul(2), leaf(X))],
    ['dirty_leaf', () => Double_.apply(leaf(X))],
    ['hook_changes_size', () => hookError((g) => g.narrow(0, 0, 2))],
    ['hook_changes_type', () => hookError(function widen(g: torch.Tensor) { return g.float(); })],
  ] as [string, () => unknown][])('%s: PyTorch\'s error', (name, fn) => expectError(fn, e[name]));
});

describe('hooks', () => {
  const h = golden.hooks;
  test('Tensor.register_hook observes and replaces gradients; remove() unregisters', () => {
    const x = leaf(X);
    const seen: torch.Tensor[] = [];
    x.register_hook((g) => { seen.push(g.clone()); });
    const handle = x.register_hook((g) => g.mul(10));
    x.pow(2).sum().backward();
    same(seen[0], h.observed);
    same(x.grad, h.replaced);
    handle.remove();
    x.grad = null;
    x.pow(2).sum().backward();
    same(x.grad, h.after_remove);
    const x2 = leaf(X);
    const y = x2.mul(3);
    y.register_hook((g) => g.add(1));
    y.pow(2).sum().backward();
    same(x2.grad, h.non_leaf);
  });
  test('Module.register_full_backward_hook gets grad_input/grad_output and may replace grad_input', () => {
    const m = torch.nn.Linear(3, 2).double();
    const g = h.module;
    torch.no_grad(() => {
      m.weight.copy_(torch.tensor(g.weight.values, { dtype: torch.float64 }).reshape(g.weight.shape));
      m.bias.copy_(torch.tensor(g.bias.values, { dtype: torch.float64 }));
    });
    const calls: [(torch.Tensor | null)[], (torch.Tensor | null)[]][] = [];
    m.register_full_backward_hook((_mod, gi, go) => {
      calls.push([gi, go]);
      return [gi[0]!.mul(2)];
    });
    const inp = torch.tensor([X, Y], { dtype: torch.float64, requires_grad: true });
    m(inp).pow(2).sum().backward();
    expect(calls).toHaveLength(g.calls.length);
    calls[0][0].forEach((t, i) => same(t, g.calls[0].grad_input[i], 'grad_input'));
    calls[0][1].forEach((t, i) => same(t, g.calls[0].grad_output[i], 'grad_output'));
    same(inp.grad, g.input_grad);
    same(m.weight.grad, g.weight_grad);
    // A deep copy keeps the hooks, as Python's copy.deepcopy does.
    const copy = torch.deepcopy(m);
    const input2 = torch.tensor([X, Y], { dtype: torch.float64, requires_grad: true });
    copy(input2).pow(2).sum().backward();
    expect(calls).toHaveLength(g.calls.length + 1);
    same(input2.grad, g.input_grad);
  });
  test('a full backward hook gets null for the grad_output of an output unused in the loss, zeros for an input needing no grad', () => {
    class Two extends torch.nn.Module {
      forward(a: torch.Tensor, b: torch.Tensor, k: number) { return [a.mul(b).mul(k), a.add(b).sum()]; }
    }
    const two = new Two();
    const calls: (torch.Tensor | null)[][][] = [];
    two.register_full_backward_hook((_mod, gi, go) => { calls.push([gi, go]); });
    const a = leaf(X);
    const [o1] = two(a, leaf(Y).detach(), 2.0);
    o1.sum().backward();
    const g = h.unused_output;
    expect(calls).toHaveLength(g.calls.length);
    const check = (ts: (torch.Tensor | null)[], gs: (GoldenTensor | null)[], what: string) => {
      expect(ts.map((t) => t === null)).toEqual(gs.map((t) => t === null));
      ts.forEach((t, i) => { if (t !== null) same(t, gs[i]!, what); });
    };
    check(calls[0][0], g.calls[0].grad_input, 'grad_input');
    check(calls[0][1], g.calls[0].grad_output, 'grad_output');
    same(a.grad, g.input_grad);
  });
  test('register_full_backward_pre_hook replaces grad_output (scaling it scales every gradient)', () => {
    torch.manual_seed(0);
    const m = torch.nn.Linear(3, 2).double();
    const inp = torch.tensor([X, Y], { dtype: torch.float64, requires_grad: true });
    m(inp).pow(2).sum().backward();
    const plain = [inp.grad!.clone(), m.weight.grad!.clone()];
    inp.grad = null;
    m.zero_grad();
    const handle = m.register_full_backward_pre_hook((_mod, go) => [go[0]!.mul(3)]);
    m(inp).pow(2).sum().backward();
    expect(inp.grad!.allclose(plain[0].mul(3))).toBe(true);
    expect(m.weight.grad!.allclose(plain[1].mul(3))).toBe(true);
    handle.remove();
    inp.grad = null;
    m(inp).pow(2).sum().backward();
    expect(inp.grad!.allclose(plain[0])).toBe(true);
  });
  test('a post-accumulate-grad hook is released with its tensor', async () => {
    let held: WeakRef<object> | null = null;
    (() => {
      const p = leaf(X);
      const marker = {};
      held = new WeakRef(marker);
      p.register_post_accumulate_grad_hook(() => { void marker; });
      p.mul(2).sum().backward();
    })();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    let collected = false;
    for (let i = 0; i < 10 && !collected; i++) {
      await tick();
      torch.collect();
      await tick();
      collected = held!.deref() === undefined;
    }
    expect(collected).toBe(true);
  });
  test('register_post_accumulate_grad_hook runs after .grad is updated, until removed', () => {
    const p = leaf(X);
    const grads: number[][] = [];
    const handle = p.register_post_accumulate_grad_hook((t) => { expect(t).toBe(p); grads.push(t.grad!.tolist() as number[]); });
    p.mul(2).sum().backward();
    p.mul(2).sum().backward();
    handle.remove();
    p.mul(2).sum().backward();
    expect(grads).toEqual([[2, 2, 2], [4, 4, 4]]);
    expect(errorOf(() => p.mul(2).register_post_accumulate_grad_hook(() => {})).message).toBe('post accumulate grad hooks cannot be registered on non-leaf tensors');
  });
});

describe('torch.autograd.functional', () => {
  const f = golden.functional;
  const F = torch.autograd.functional;
  const x = torch.tensor(X, { dtype: torch.float64 }), y = torch.tensor(Y, { dtype: torch.float64 });
  const v = torch.tensor([1.0, -2.0, 0.5], { dtype: torch.float64 });
  const cubicProd = (a: torch.Tensor) => a.pow(3).sum().add(a.prod());
  const sqTimesSum = (a: torch.Tensor) => a.pow(2).mul(a.sum());
  test('jacobian, one input and one output, and as nested arrays', () => {
    same(F.jacobian(sqTimesSum, x), f.jacobian);
    const J = F.jacobian((a: torch.Tensor, b: torch.Tensor) => [a.mul(b), a.add(b).sum()], [x, y]) as torch.Tensor[][];
    J.forEach((row, i) => row.forEach((t, j) => same(t, f.jacobian_tuples[i][j])));
  });
  test('hessian', () => {
    same(F.hessian(cubicProd, x), f.hessian);
    const H = F.hessian((a: torch.Tensor, b: torch.Tensor) => a.mul(b).pow(2).sum(), [x, y]) as torch.Tensor[][];
    H.forEach((row, i) => row.forEach((t, j) => same(t, f.hessian_tuples[i][j])));
  });
  test.each([['vjp', sqTimesSum], ['jvp', sqTimesSum], ['hvp', cubicProd], ['vhp', cubicProd]] as const)('%s', (name, fn) => {
    const [out, r] = F[name](fn, x, v);
    same(out, f[name][0]);
    same(r, f[name][1]);
  });
  test('create_graph keeps the result differentiable', () => {
    const xr = x.clone().requires_grad_();
    const [, r] = F.vjp(sqTimesSum, xr, v, { create_graph: true });
    expect((r as torch.Tensor).requires_grad).toBe(true);
    expect((F.jacobian(sqTimesSum, xr) as torch.Tensor).requires_grad).toBe(false);
  });
});
