// torch.autograd.gradcheck / gradgradcheck on complex inputs and outputs against PyTorch 1.13
// (scripts/golden/gradcheck_complex.py): results in every mode, and the whole messages of failures.
import * as torch from '../lib';
import { GoldenError, loadGolden } from './golden';
import { errorOf, firstLine } from './helpers';

const golden = loadGolden('gradcheck_complex');
const { gradcheck, gradgradcheck } = torch.autograd;
type Ctx = torch.autograd.FunctionCtx;
type T = torch.Tensor;

const f64 = (values: number | number[] | number[][], requires_grad = false) => torch.tensor(values, { dtype: torch.float64, requires_grad });
const c128 = (re: number | number[] | number[][], im: number | number[] | number[][], requires_grad = false): T =>
  torch.ops.aten.complex(f64(re), f64(im)).requires_grad_(requires_grad);
const constant = () => c128(golden.c[0], golden.c[1]);
const z = () => c128(golden.re, golden.im, true);
const x = () => f64(golden.re, true);
/** A complex leaf whose strides are not row-major (the 3x2 transpose of a 2x3 matrix). */
const transposed = () => c128(golden.a_re, golden.a_im).t().detach().requires_grad_();
const c64 = () => torch.ops.aten.complex(torch.tensor(golden.re), torch.tensor(golden.im)).requires_grad_();

class Square extends torch.autograd.Function {
  static forward(ctx: Ctx, t: T) {
    ctx.save_for_backward(t);
    ctx.save_for_forward(t);
    return t.mul(t);
  }
  static backward(ctx: Ctx, g: T) { return g.mul(2).mul(ctx.saved_tensors[0]!.conj()); }
}
/** z * z whose backward forgets the conjugate. */
class WrongSquare extends Square {
  static backward(ctx: Ctx, g: T) { return g.mul(2).mul(ctx.saved_tensors[0]!); }
}
/** |z| whose backward conjugates once too often. */
class WrongAbs extends torch.autograd.Function {
  static forward(ctx: Ctx, t: T) {
    ctx.save_for_backward(t);
    return t.abs();
  }
  static backward(ctx: Ctx, g: T) {
    const t = ctx.saved_tensors[0]!;
    return g.mul(t.conj()).div(t.abs());
  }
}
/** z * z whose jvp forgets the factor 2. */
class WrongJvpSquare extends Square {
  static jvp(ctx: Ctx, t: T) { return t.mul(ctx.saved_tensors[0]!); }
}
/** z * z wrong for the real part of the output (backward) and for real tangents (jvp) only. */
class WrongRealPart extends Square {
  static backward(ctx: Ctx, g: T) { return g.mul(2).mul(ctx.saved_tensors[0]!.conj()).add(torch.real(g)); }
  static jvp(ctx: Ctx, t: T) { return t.mul(2).mul(ctx.saved_tensors[0]!).add(torch.real(t)); }
}
/** x * c whose backward and jvp use c where conj(c) and c belong. */
class WrongRealToComplex extends torch.autograd.Function {
  static forward(_ctx: Ctx, t: T) { return t.mul(constant()); }
  static backward(_ctx: Ctx, g: T) { return torch.real(g.mul(constant())); }
  static jvp(_ctx: Ctx, t: T) { return t.mul(constant().conj()); }
}

const functions = (): Record<string, [(...a: T[]) => T | T[], T[]]> => ({
  mul_conj: [(t) => t.mul(t.conj()), [z()]],
  abs: [(t) => t.abs(), [z()]],
  mul_const: [(t) => t.mul(constant()), [z()]],
  real: [(t) => torch.real(t), [z()]],
  imag: [(t) => torch.imag(t), [z()]],
  angle: [(t) => t.angle(), [z()]],
  matmul: [(m, t) => m.matmul(t), [c128(golden.a_re, golden.a_im, true), z()]],
  abs_square_sum: [(t) => torch.real(t.mul(t.conj())).sum(), [z()]],
  real_to_complex: [(t) => t.mul(constant()), [x()]],
  complex_of_parts: [(r, i) => torch.ops.aten.complex(r, i), [x(), f64(golden.im, true)]],
  square: [(t) => Square.apply(t), [z()]],
  mixed_outputs: [(t, r) => [t.abs().mul(r), t.mul(r)], [z(), x()]],
  transposed: [(t) => t.mul(t.conj()).mul(constant()), [transposed()]],
});

const OPTIONS: Record<string, torch.autograd.GradcheckOptions> = {
  slow: {},
  fast: { fast_mode: true },
  forward: { check_forward_ad: true },
  fast_forward: { fast_mode: true, check_forward_ad: true },
  forward_only: { check_forward_ad: true, check_backward_ad: false },
  batched: { check_batched_grad: true },
  batched_forward: { check_forward_ad: true, check_batched_forward_grad: true },
};

const failing = (): Record<string, [(t: T) => T, T[], torch.autograd.GradcheckOptions]> => ({
  wrong_square: [WrongSquare.apply, [z()], {}],
  wrong_square_fast: [WrongSquare.apply, [z()], { fast_mode: true }],
  wrong_abs: [WrongAbs.apply, [z()], {}],
  wrong_abs_fast: [WrongAbs.apply, [z()], { fast_mode: true }],
  wrong_jvp: [WrongJvpSquare.apply, [z()], { check_forward_ad: true, check_backward_ad: false }],
  wrong_jvp_fast: [WrongJvpSquare.apply, [z()], { check_forward_ad: true, check_backward_ad: false, fast_mode: true }],
  wrong_real_part: [WrongRealPart.apply, [z()], {}],
  wrong_real_part_fast: [WrongRealPart.apply, [z()], { fast_mode: true }],
  wrong_jvp_real_part: [WrongRealPart.apply, [z()], { check_forward_ad: true, check_backward_ad: false }],
  wrong_real_to_complex: [WrongRealToComplex.apply, [x()], {}],
  wrong_real_to_complex_fast: [WrongRealToComplex.apply, [x()], { fast_mode: true }],
  wrong_jvp_real_to_complex: [WrongRealToComplex.apply, [x()], { check_forward_ad: true, check_backward_ad: false }],
  wrong_jvp_real_to_complex_fast: [WrongRealToComplex.apply, [x()], { check_forward_ad: true, check_backward_ad: false, fast_mode: true }],
});

describe('gradcheck with complex inputs and outputs', () => {
  test.each(Object.keys(golden.passing))('%s: every mode as PyTorch', (name) => {
    const [fn, inputs] = functions()[name];
    const results = Object.fromEntries(Object.keys(golden.passing[name]).map((mode) => [mode, gradcheck(fn, inputs, OPTIONS[mode])]));
    expect(results).toEqual(golden.passing[name]);
  });

  test('gradgradcheck', () => {
    const go = c128(golden.go_re, golden.go_im, true);
    const cube = (t: T) => t.mul(t).mul(t).mul(constant());
    expect({
      slow: gradgradcheck(cube, [z()], [go]),
      fast: gradgradcheck(cube, [z()], [go], { fast_mode: true }),
      abs: gradgradcheck((t: T) => t.abs(), [z()], [f64(golden.go_re, true)]),
      fwd_over_rev: gradgradcheck(cube, [z()], [go], { check_fwd_over_rev: true }),
      random_grad_outputs: gradgradcheck(cube, [z()]),
      random_non_contiguous: gradgradcheck(cube, [z()], { gen_non_contig_grad_outputs: true }),
    }).toEqual(golden.gradgrad);
  });

  test('wrong derivatives: false with raise_exception=false', () => {
    const results = Object.fromEntries(Object.entries(failing()).map(([name, [fn, inputs, opts]]) => [name, gradcheck(fn, inputs, { ...opts, raise_exception: false })]));
    expect(results).toEqual(golden.failures.results);
  });

  test.each(Object.keys(golden.failures.messages))("%s: PyTorch's GradcheckError and whole message", (name) => {
    const [fn, inputs, opts] = failing()[name];
    const e = errorOf(() => gradcheck(fn, inputs, opts)) as Error & { pythonType?: string };
    const g: GoldenError = golden.failures.errors[name];
    expect(e.pythonType).toBe(g.type);
    expect(firstLine(e.message)).toBe(g.message);
    expect(e.message).toBe(golden.failures.messages[name]);
  });

  test('gradgradcheck of a wrong backward names the part of the complex output', () => {
    const go = c128(golden.go_re, golden.go_im, true);
    expect(errorOf(() => gradgradcheck((t: T) => WrongSquare.apply(t).mul(t), [z()], [go])).message).toBe(golden.failures.gradgrad_wrong_square);
  });

  test("gradgradcheck's own grad_outputs come from the global generator as make_tensor draws them", () => {
    const wrong = (t: T) => WrongSquare.apply(t).mul(t);
    const seeded = (fn: () => unknown) => {
      torch.manual_seed(7);
      return errorOf(fn).message;
    };
    expect(seeded(() => gradgradcheck(wrong, [z()]))).toBe(golden.failures.gradgrad_random_wrong);
    expect(seeded(() => gradgradcheck(wrong, [z()], { gen_non_contig_grad_outputs: true, fast_mode: true })))
      .toBe(golden.failures.gradgrad_random_wrong_non_contiguous);
  });

  test('an input with strides that are not row-major is perturbed element by element', () => {
    expect(errorOf(() => gradcheck(WrongSquare.apply, [transposed()])).message).toBe(golden.failures.transposed_wrong);
  });

  test("outputs that change shape or dtype when an input is perturbed: PyTorch's AssertionError", () => {
    const g = golden.changes_when_perturbed;
    const crosses = (t: T) => (torch.real(t).index(0).item() as number) > 0.5;
    const shape = (t: T) => (crosses(t) ? t.slice(0, 0, 2) : t);
    const dtype = (t: T) => (crosses(t) ? t.mul(2).to(torch.complex64) : t.mul(2));
    const expectError = (fn: () => unknown, e: GoldenError) => {
      const err = errorOf(fn) as Error & { pythonType?: string };
      expect([err.pythonType, err.message]).toEqual([e.type, e.message]);
    };
    expectError(() => gradcheck(shape, [z()]), g.shape);
    expectError(() => gradcheck(dtype, [z()]), g.dtype);
    expectError(() => gradcheck(shape, [z()], { fast_mode: true, raise_exception: false }), g.shape_fast);
  });

  test("complex64 inputs: PyTorch's warning, and the messages with complex64 Jacobians", () => {
    const sp = golden.single_precision;
    const tolerances = { eps: 1e-3, atol: 1e-2, rtol: 1e-2 };
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(gradcheck((t: T) => t.mul(t.conj()), [c64()], tolerances)).toBe(sp.ok);
      expect(warnings.mock.calls.map((c) => c[0])).toEqual(sp.warnings);
      expect(errorOf(() => gradcheck(WrongSquare.apply, [c64()], tolerances)).message).toBe(sp.wrong_square);
      expect(errorOf(() => gradcheck(WrongSquare.apply, [c64()], { ...tolerances, fast_mode: true })).message).toBe(sp.wrong_square_fast);
    } finally {
      warnings.mockRestore();
    }
  });
});
