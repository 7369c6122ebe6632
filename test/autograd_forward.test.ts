// torch.autograd.forward_ad, custom Function jvp / setup_context / once_differentiable, gradcheck's
// options and torch.autograd.functional's forward-mode strategies against PyTorch 1.13
// (scripts/golden/forward_ad.py).
import * as torch from '../lib';
import { GoldenTensor, GoldenError, loadGolden } from './golden';
import { errorOf, expectTensor, firstLine } from './helpers';

const golden = loadGolden('forward_ad');
const fwAD = torch.autograd.forward_ad;
const X: number[] = golden.x.values, V: number[] = golden.v.values;
const W = [[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], W2 = [[1.0, -0.5]];
const f64 = (values: number[] | number[][], requires_grad = false) => torch.tensor(values, { dtype: torch.float64, requires_grad });
const same = (t: unknown, g: GoldenTensor, what = 'tensor') => expectTensor(t, g, what, 1e-12);
const expectError = (fn: () => unknown, g: GoldenError, fullMessage = false) => {
  const e = errorOf(fn) as Error & { pythonType?: string };
  expect(fullMessage ? e.message : firstLine(e.message)).toBe(g.message);
  if (g.type === 'TypeError') expect(e).toBeInstanceOf(TypeError);
  else expect(e.pythonType).toBe(g.type);
};
const expectUnpacked = (t: torch.Tensor, g: { primal: GoldenTensor; tangent: GoldenTensor | null }, what: string) => {
  const { primal, tangent } = fwAD.unpack_dual(t);
  same(primal.detach(), g.primal, `${what} primal`);
  if (g.tangent === null) expect(tangent).toBeNull();
  else same(tangent, g.tangent, `${what} tangent`);
};
const mlp = (x: torch.Tensor) => f64(W2).matmul(f64(W).matmul(x).tanh()).sigmoid();
type Ctx = torch.autograd.FunctionCtx;

describe('forward_ad', () => {
  test('dual tensors through sin, matmul and an MLP', () => {
    let d: torch.Tensor | undefined;
    const level = fwAD.dual_level((lvl) => {
      d = fwAD.make_dual(f64(X), f64(V));
      expectUnpacked(d.sin(), golden.dual.sin, 'sin');
      expectUnpacked(f64(W).matmul(d), golden.dual.matmul, 'matmul');
      expectUnpacked(mlp(d), golden.dual.mlp, 'mlp');
      expectUnpacked(f64(X), golden.dual.plain, 'plain');
      expect(String(d.mul(2))).toBe(golden.dual.repr);
      const x = f64(X, true);
      fwAD.make_dual(x, f64(V)).pow(2).sum().backward();
      same(x.grad, golden.dual.backward_grad, 'backward through a dual');
      return lvl;
    });
    expect(level).toBe(golden.dual.level);
    expectUnpacked(d!, golden.dual.after_exit, 'after the level');
  });

  test('unpack_dual is a named tuple', () => {
    fwAD.dual_level(() => {
      const u = fwAD.unpack_dual(fwAD.make_dual(f64(X), f64(V)));
      const [primal, tangent] = u;
      expect(primal).toBe(u.primal);
      expect(tangent).toBe(u.tangent);
      expect(u).toHaveLength(2);
    });
  });

  test('enter_dual_level / exit_dual_level and an async scope', async () => {
    const level = fwAD.enter_dual_level();
    const d = fwAD.make_dual(f64(X), f64(V));
    fwAD.exit_dual_level({ level });
    expect(fwAD.unpack_dual(d).tangent).toBeNull();
    const t = await fwAD.dual_level(async () => {
      await Promise.resolve();
      return fwAD.unpack_dual(fwAD.make_dual(f64(X), f64(V)).sin()).tangent;
    });
    same(t, golden.dual.sin.tangent, 'async tangent');
    expect(() => fwAD.make_dual(f64(X), f64(V))).toThrow(/no level exists/);
  });

  test('errors', () => {
    const inside = (fn: () => unknown) => () => fwAD.dual_level(fn);
    const e = golden.errors;
    expectError(() => fwAD.make_dual(f64(X), f64(V)), e.no_level);
    expectError(inside(() => fwAD.enter_dual_level()), e.nested);
    expectError(inside(() => fwAD.make_dual(f64(X), f64([1, 2]))), e.size_mismatch);
    expectError(inside(() => fwAD.make_dual(torch.tensor([1, 2]), f64([1, 2]))), e.int_primal);
    expectError(inside(() => fwAD.make_dual(f64([1, 2]), torch.tensor([1, 2]))), e.int_tangent);
    expectError(inside(() => fwAD.make_dual(f64(X), f64(V), { level: 3 })), e.bad_level);
    expectError(inside(() => fwAD.make_dual(fwAD.make_dual(f64(X), f64(V)), f64(V))), e.already_dual);
    expectError(inside(() => fwAD.unpack_dual(fwAD.make_dual(f64(X), f64(V)), { level: 3 })), e.unpack_bad_level);
    expectError(inside(() => fwAD.exit_dual_level({ level: 3 })), e.exit_other_level);
    expectError(() => fwAD.exit_dual_level(), e.exit_without_level);
    expect(() => fwAD.make_dual([1] as any, f64(V))).toThrow(new TypeError("make_dual(): argument 'tensor' must be Tensor, not array"));
    expect(() => fwAD.unpack_dual(f64(X), { level: 0.5 })).toThrow(TypeError);
    expect(() => fwAD.dual_level(3 as any)).toThrow(TypeError);
  });
});

class Cube extends torch.autograd.Function {
  static forward(ctx: Ctx, x: torch.Tensor) {
    ctx.save_for_backward(x);
    ctx.save_for_forward(x);
    return x.pow(3);
  }
  static backward(ctx: Ctx, g: torch.Tensor) { return g.mul(3).mul(ctx.saved_tensors[0]!.pow(2)); }
  static jvp(ctx: Ctx, t: torch.Tensor) { return t.mul(3).mul(ctx.saved_tensors[0]!.pow(2)); }
}
/** (x * y * k, x + y) in PyTorch 2.0's style: forward without ctx, and setup_context. */
class ScaledMul extends torch.autograd.Function {
  static forward(x: torch.Tensor, y: torch.Tensor, k: number) { return [x.mul(y).mul(k), x.add(y)]; }
  static setup_context(ctx: Ctx, inputs: [torch.Tensor, torch.Tensor, number]) {
    const [x, y, k] = inputs;
    ctx.save_for_backward(x, y);
    ctx.save_for_forward(x, y);
    ctx.k = k;
  }
  static backward(ctx: Ctx, ga: torch.Tensor, gb: torch.Tensor) {
    const [x, y] = ctx.saved_tensors as torch.Tensor[];
    const k = ctx.k as number;
    return [ga.mul(y).mul(k).add(gb), ga.mul(x).mul(k).add(gb), null];
  }
  static jvp(ctx: Ctx, tx: torch.Tensor, ty: torch.Tensor) {
    const [x, y] = ctx.saved_tensors as torch.Tensor[];
    return [tx.mul(y).add(x.mul(ty)).mul(ctx.k as number), tx.add(ty)];
  }
}
class NoJvp extends torch.autograd.Function {
  static forward(_ctx: Ctx, x: torch.Tensor) { return x.mul(2); }
  static backward(_ctx: Ctx, g: torch.Tensor) { return g.mul(2); }
}
class WrongCountJvp extends NoJvp {
  static jvp(_ctx: Ctx, t: torch.Tensor) { return [t.mul(2), t]; }
}
class Square extends torch.autograd.Function {
  static forward(ctx: Ctx, x: torch.Tensor) {
    ctx.save_for_backward(x);
    return x.mul(x);
  }
  static backward = torch.autograd.function.once_differentiable((ctx: Ctx, g: torch.Tensor) => ctx.saved_tensors[0]!.mul(2).mul(g));
}

describe('custom Function extras', () => {
  const c = golden.custom;
  test('jvp, also with setup_context', () => {
    fwAD.dual_level(() => {
      const d = fwAD.make_dual(f64(X), f64(V));
      expectUnpacked(Cube.apply(d), c.cube_jvp, 'Cube');
      const [a, b] = ScaledMul.apply(d, f64(V), 3);
      expectUnpacked(a, c.setup_context_jvp[0], 'ScaledMul 0');
      expectUnpacked(b, c.setup_context_jvp[1], 'ScaledMul 1');
      expectError(() => NoJvp.apply(d), c.no_jvp);
      expectError(() => WrongCountJvp.apply(d), c.wrong_count_jvp);
    });
  });

  test('setup_context in backward mode', () => {
    const x = f64(X, true), y = f64(V, true);
    const [a, b] = ScaledMul.apply(x, y, 3);
    a.sum().add(b.mul(2).sum()).backward();
    same(a.detach(), c.setup_context_forward[0]);
    same(b.detach(), c.setup_context_forward[1]);
    same(x.grad, c.setup_context_grads[0], 'x.grad');
    same(y.grad, c.setup_context_grads[1], 'y.grad');
  });

  test('once_differentiable', () => {
    const x = f64(X, true);
    same(torch.autograd.grad(Square.apply(x).sum(), x)[0], c.once_grad);
    const [g] = torch.autograd.grad(Square.apply(x), x, torch.ones(3, { dtype: torch.float64, requires_grad: true }), { create_graph: true });
    same(g.detach(), c.once_create_graph.grad);
    expect(g.requires_grad).toBe(c.once_create_graph.requires_grad);
    expectError(() => g.sum().backward(), c.once_twice);
    expect(() => torch.autograd.function.once_differentiable(3 as any)).toThrow(TypeError);
  });
});

class NoisyBackward extends torch.autograd.Function {
  static calls = 0;
  static forward(_ctx: Ctx, x: torch.Tensor) { return x.mul(2); }
  static backward(_ctx: Ctx, g: torch.Tensor) { return g.mul(2 + ++NoisyBackward.calls * 1e-10); }
}
class WrongJvp extends Cube {
  static jvp(ctx: Ctx, t: torch.Tensor) { return t.mul(2).mul(ctx.saved_tensors[0]!.pow(2)); }
}
class NotMultiplied extends torch.autograd.Function {
  static forward(_ctx: Ctx, x: torch.Tensor) { return x.mul(2); }
  static backward(_ctx: Ctx, g: torch.Tensor) { return torch.ones_like(g).mul(2); }
}
/** x * 2 whose backward gives ones for a zero gradient: the right Jacobian, not multiplied by the gradient. */
class ZeroUnsafe extends torch.autograd.Function {
  static forward(_ctx: Ctx, x: torch.Tensor) { return x.mul(2); }
  static backward(_ctx: Ctx, g: torch.Tensor) { return g.mul(2).add(g.eq(0).all().double()); }
}
class UndefinedUnsafe extends torch.autograd.Function {
  static forward(ctx: Ctx, x: torch.Tensor) {
    ctx.set_materialize_grads(false);
    return x.mul(2);
  }
  static backward(_ctx: Ctx, g: torch.Tensor | null) { return g === null ? torch.ones(3, { dtype: torch.float64 }) : g.mul(2); }
}
class UndefinedTangentUnsafe extends torch.autograd.Function {
  static forward(ctx: Ctx, x: torch.Tensor, y: torch.Tensor) {
    ctx.set_materialize_grads(false);
    ctx.save_for_forward(x, y);
    return x.mul(y);
  }
  static backward(_ctx: Ctx, g: torch.Tensor) { return [g, g]; }
  static jvp(ctx: Ctx, tx: torch.Tensor | null, ty: torch.Tensor | null) {
    const [x, y] = ctx.saved_tensors as torch.Tensor[];
    return (tx ?? torch.zeros_like(x)).mul(y).add(x.mul(ty ?? torch.ones_like(y)));
  }
}

describe('gradcheck options', () => {
  const gc = golden.gradcheck;
  const x = f64(X, true), y = f64(V, true);
  const cube = (a: torch.Tensor) => Cube.apply(a);
  const mul = (a: torch.Tensor, b: torch.Tensor) => ScaledMul.apply(a, b, 3);
  const { gradcheck, gradgradcheck } = torch.autograd;

  test('passing and raise_exception=false results', () => {
    const results: Record<string, boolean> = {
      forward_ad: gradcheck(cube, [x], { check_forward_ad: true }),
      forward_ad_only: gradcheck((a: torch.Tensor) => a.sin().mul(a), [x], { check_forward_ad: true, check_backward_ad: false }),
      fast_mode: gradcheck(mul, [x, y], { fast_mode: true }),
      fast_forward: gradcheck(mul, [x, y], { fast_mode: true, check_forward_ad: true }),
      batched: gradcheck(mlp, [x], { check_batched_grad: true }),
      batched_forward: gradcheck(cube, [x], { check_forward_ad: true, check_batched_forward_grad: true }),
      nondet_tol: gradcheck(NoisyBackward.apply, [x], { nondet_tol: 1e-6 }),
      grad_dtypes: gradcheck(mul, [x, y], { check_grad_dtypes: true }),
      no_undefined_check: gradcheck(UndefinedUnsafe.apply, [x], { check_undefined_grad: false }),
      gradgrad_fwd_over_rev: gradgradcheck((a: torch.Tensor) => a.pow(3).sum(), [x], { check_fwd_over_rev: true }),
      gradgrad_fast: gradgradcheck((a: torch.Tensor) => a.pow(3).sum(), [x], { fast_mode: true }),
      raise_false_wrong_jvp: gradcheck(WrongJvp.apply, [x], { check_forward_ad: true, raise_exception: false }),
      raise_false_fast: gradcheck(WrongJvp.apply, [x], { fast_mode: true, check_forward_ad: true, check_backward_ad: false, raise_exception: false }),
      raise_false_nondet: gradcheck(NoisyBackward.apply, [x], { raise_exception: false }),
    };
    expect(results).toEqual(gc.ok);
  });

  test("failures, with PyTorch's messages", () => {
    const e = gc.errors;
    expectError(() => gradcheck(WrongJvp.apply, [x], { check_forward_ad: true }), e.wrong_jvp);
    expectError(() => gradcheck(WrongJvp.apply, [x], { check_forward_ad: true, fast_mode: true }), e.wrong_jvp_fast);
    expectError(() => gradcheck((a: torch.Tensor) => WrongJvp.apply(a).mul(0).add(NotMultiplied.apply(a)), [x], { fast_mode: true }), e.wrong_backward_fast);
    expectError(() => gradcheck(NoJvp.apply, [x], { check_forward_ad: true }), e.no_jvp);
    expectError(() => gradcheck(NoisyBackward.apply, [x]), e.nondet);
    expectError(() => gradcheck(NotMultiplied.apply, [x]), e.not_multiplied);
    expectError(() => gradcheck(ZeroUnsafe.apply, [x]), e.zero_unsafe);
    expectError(() => gradcheck(UndefinedUnsafe.apply, [x]), e.undefined_backward);
    expectError(() => gradcheck(UndefinedTangentUnsafe.apply, [x, y], { check_forward_ad: true, check_backward_ad: false }), e.undefined_forward, true);
    expectError(() => gradcheck(cube, [x], { check_backward_ad: false }), e.neither_mode);
    expectError(() => gradcheck(cube, [x], { check_forward_ad: true, check_backward_ad: false, check_batched_grad: true }), e.batched_without_backward);
    expectError(() => gradcheck(cube, [x], { check_batched_forward_grad: true }), e.batched_forward_without_forward);
    expectError(() => gradgradcheck(cube, [x], { check_rev_over_rev: false, check_undefined_grad: false }), e.gradgrad_neither);
    expectError(() => gradgradcheck(Square.apply, [x]), e.gradgrad_once);
  });

  test('whole messages, fast mode with its slow-mode recomputation included', () => {
    const m = gc.messages;
    const message = (fn: () => unknown) => errorOf(fn).message;
    expect(message(() => gradcheck(WrongJvp.apply, [x], { check_forward_ad: true }))).toBe(m.wrong_jvp);
    expect(message(() => gradcheck(WrongJvp.apply, [x], { check_forward_ad: true, fast_mode: true }))).toBe(m.wrong_jvp_fast);
    expect(message(() => gradcheck((a: torch.Tensor) => NotMultiplied.apply(a), [x], { fast_mode: true }))).toBe(m.wrong_backward_fast);
    expect(message(() => gradcheck(NoisyBackward.apply, [x]))).toBe(m.nondet);
  });

  test('bad arguments', () => {
    expect(() => gradcheck(3 as any, [x])).toThrow(TypeError);
    expect(() => gradcheck(cube, [x], { eps: 'small' as any })).toThrow(/eps/);
    expect(() => gradcheck(cube, [x], { atol: -1 })).toThrow(RangeError);
    expect(() => gradcheck(cube, [x], { fast_mode: 1 as any })).toThrow(/fast_mode/);
    expect(() => gradgradcheck(cube, [x], { check_fwd_over_rev: 'yes' as any })).toThrow(/check_fwd_over_rev/);
  });
});

describe('functional forward-mode strategies', () => {
  const fn = golden.functional;
  const x = f64(X), y = f64(V);
  const f = (a: torch.Tensor, b: torch.Tensor) => [a.sin().mul(b), a.matmul(b)];
  const { jacobian, hessian } = torch.autograd.functional;

  test('jacobian and hessian by forward mode equal reverse mode', () => {
    const forward = jacobian(f, [x, y], { strategy: 'forward-mode', vectorize: true }) as torch.Tensor[][];
    const reverse = jacobian(f, [x, y]) as torch.Tensor[][];
    fn.jacobian_forward.forEach((row: GoldenTensor[], i: number) => row.forEach((g, j) => {
      same(forward[i][j], g, `forward [${i}][${j}]`);
      same(reverse[i][j], fn.jacobian_reverse[i][j], `reverse [${i}][${j}]`);
    }));
    same(jacobian(mlp, x, { strategy: 'forward-mode', vectorize: true }), fn.jacobian_mlp_forward);
    const g = (a: torch.Tensor) => a.pow(3).sum().add(a.prod());
    same(hessian(g, x, { outer_jacobian_strategy: 'forward-mode', vectorize: true }), fn.hessian_forward);
    same(hessian(g, x), fn.hessian_reverse);
    const pair = hessian((a: torch.Tensor, b: torch.Tensor) => a.mul(b).sum().sin(), [x, y], { outer_jacobian_strategy: 'forward-mode', vectorize: true }) as torch.Tensor[][];
    fn.hessian_pair_forward.forEach((row: GoldenTensor[], i: number) => row.forEach((h, j) => same(pair[i][j], h, `hessian [${i}][${j}]`)));
  });

  test('errors', () => {
    const e = fn.errors;
    expectError(() => jacobian(mlp, x, { strategy: 'forward-mode' }), e.forward_no_vectorize);
    expectError(() => jacobian(mlp, x, { strategy: 'forward-mode', vectorize: true, create_graph: true }), e.forward_create_graph);
    expectError(() => jacobian(mlp, x, { strategy: 'forward-mode', vectorize: true, strict: true }), e.forward_strict);
    expectError(() => jacobian(mlp, x, { strategy: 'sideways' as any }), e.bad_strategy);
    expectError(() => hessian((a: torch.Tensor) => a.sum(), x, { outer_jacobian_strategy: 'sideways' }), e.hessian_bad_strategy);
    expectError(() => jacobian(mlp, x, { vectorize: true, strict: true }), e.reverse_vectorize_strict);
  });
});
