// torch.autograd.gradcheck / gradgradcheck (slow mode): analytical Jacobians from autograd against
// central finite differences, with PyTorch 1.13's arguments, checks and messages.
import { native } from './native';
import { Tensor } from './tensor';
import { TorchError } from './errors';
import { stack, zeros, randn_like } from './creation';
import { float64 } from './dtype';
import { bindArgs } from './python/binder';
import { warn } from './python/warnings';

type Func = (...inputs: any[]) => Tensor | Tensor[];
interface GradcheckOptions { eps?: number; atol?: number; rtol?: number; raise_exception?: boolean; nondet_tol?: number }
const GRADCHECK_DEFAULTS = { eps: 1e-6, atol: 1e-5, rtol: 1e-3, raise_exception: true, nondet_tol: 0 };
const KWONLY = ['eps', 'atol', 'rtol', 'raise_exception', 'nondet_tol', 'check_undefined_grad', 'check_grad_dtypes', 'check_batched_grad',
  'check_batched_forward_grad', 'check_forward_ad', 'check_backward_ad', 'fast_mode', 'check_sparse_nnz'];

const asTuple = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const differentiable = (out: Tensor | Tensor[]): Tensor[] => asTuple(out).filter((o) => o instanceof Tensor && o.requires_grad);

/** Numerical Jacobians d(output)/d(input j) as [input numel, output numel], by central differences. */
function numericalJacobian(func: Func, inputs: unknown[], diffInputs: Tensor[], outputIndex: number, eps: number): Tensor[] {
  const outputOf = () => asTuple(func(...inputs))[outputIndex].detach().reshape(-1).clone();
  return diffInputs.map((inp) => {
    const flat = inp.data.view(-1);
    const rows: Tensor[] = [];
    for (let k = 0; k < flat.numel(); k++) {
      const entry = flat.narrow(0, k, 1);
      const orig = entry.clone();
      entry.copy_(orig.sub(eps));
      const minus = outputOf();
      entry.copy_(orig.add(eps));
      const plus = outputOf();
      entry.copy_(orig);
      rows.push(plus.sub(minus).div(2 * eps));
    }
    return stack(rows, 0);
  });
}

/** Analytical Jacobians of `output` w.r.t. each of diffInputs, [input numel, output numel], from one backward per output element. */
function analyticalJacobian(diffInputs: Tensor[], output: Tensor): (Tensor | null)[][] {
  const n = output.numel();
  const columns: (Tensor | null)[][] = diffInputs.map(() => []);
  for (let k = 0; k < n; k++) {
    const gradOut = zeros([n], { dtype: output.dtype });
    gradOut.narrow(0, k, 1).fill_(1);
    const grads = native.grad([output], diffInputs, [gradOut.view(output.shape)], true, false, true) as (Tensor | null)[];
    grads.forEach((g, j) => columns[j].push(g === null ? null : g.reshape(-1)));
  }
  return columns;
}

/**
 * gradcheck(func, inputs, { eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=true, nondet_tol=0 }):
 * true when autograd's Jacobians match finite differences for every differentiable output and
 * input that requires grad; otherwise throws (or returns false without raise_exception).
 */
export function gradcheck(...args: unknown[]): boolean {
  const [func, inputsArg, eps, atol, rtol, raiseException, nondetTol] = bindArgs<[Func, unknown, number, number, number, boolean, number]>(
    args, ['func', 'inputs', ...KWONLY], { ...GRADCHECK_DEFAULTS, check_undefined_grad: true, check_grad_dtypes: false, check_batched_grad: false,
      check_batched_forward_grad: false, check_forward_ad: false, check_backward_ad: true, fast_mode: false, check_sparse_nnz: false }, 'gradcheck');
  const inputs = asTuple(inputsArg);
  const fail = (message: string): boolean => {
    if (raiseException) throw new TorchError(message, 'GradcheckError');
    return false;
  };
  const diffInputs = inputs.filter((x): x is Tensor => x instanceof Tensor && x.requires_grad);
  if (diffInputs.length === 0)
    throw new TorchError('gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.', 'ValueError');
  diffInputs.forEach((x) => {
    if (x.dtype !== float64 && !x.is_complex())
      warn(`Input #${inputs.indexOf(x)} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `);
  });
  const all = asTuple(func(...inputs));
  const outputIndices = all.map((o, i) => (o instanceof Tensor && o.requires_grad ? i : -1)).filter((i) => i >= 0);
  if (outputIndices.length === 0) {
    for (let i = 0; i < all.length; i++) {
      for (const n of numericalJacobian(func, inputs, diffInputs, i, eps))
        if (!n.eq(0).all().item()) return fail('Numerical gradient for function expected to be zero');
    }
    return true;
  }
  for (let i = 0; i < outputIndices.length; i++) {
    const output = all[outputIndices[i]];
    const numerical = numericalJacobian(func, inputs, diffInputs, outputIndices[i], eps);
    const matrix = (cols: (Tensor | null)[], j: number): Tensor =>
      stack(cols.map((c) => c ?? zeros([diffInputs[j].numel()], { dtype: numerical[j].dtype })), 1).to(numerical[j].dtype);
    const first = analyticalJacobian(diffInputs, output);
    const second = analyticalJacobian(diffInputs, output);
    for (let j = 0; j < diffInputs.length; j++) {
      const a = matrix(first[j], j);
      const again = matrix(second[j], j);
      if (!a.allclose(numerical[j], { rtol, atol }))
        return fail(`Jacobian mismatch for output ${i} with respect to input ${j},\nnumerical:${String(numerical[j])}\nanalytical:${String(a)}\n`);
      if (a.sub(again).abs().max().item() as number > nondetTol)
        return fail(`Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient.The tolerance for nondeterminism was ${nondetTol}.`);
    }
  }
  return true;
}

/**
 * gradgradcheck(func, inputs, grad_outputs=null, { eps, atol, rtol, raise_exception, nondet_tol }):
 * gradcheck of the gradients (create_graph) w.r.t. the inputs and the grad_outputs (random normal
 * ones, requiring grad, when not given).
 */
export function gradgradcheck(...args: unknown[]): boolean {
  const [func, inputsArg, gradOutputsArg, eps, atol, rtol, raiseException, nondetTol] = bindArgs<[Func, unknown, Tensor | Tensor[] | null, number, number, number, boolean, number]>(
    args, ['func', 'inputs', 'grad_outputs', ...KWONLY, 'gen_non_contig_grad_outputs', 'check_fwd_over_rev', 'check_rev_over_rev'],
    { grad_outputs: null, ...GRADCHECK_DEFAULTS, check_undefined_grad: true, check_grad_dtypes: false, check_batched_grad: false, check_batched_forward_grad: false,
      check_forward_ad: false, check_backward_ad: true, fast_mode: false, check_sparse_nnz: false, gen_non_contig_grad_outputs: false,
      check_fwd_over_rev: false, check_rev_over_rev: true }, 'gradgradcheck');
  const inputs = asTuple(inputsArg);
  const gradOutputs = gradOutputsArg === null || gradOutputsArg === undefined
    ? asTuple(func(...inputs)).map((x) => randn_like(x.is_floating_point() || x.is_complex() ? x : x.double()).requires_grad_())
    : asTuple(gradOutputsArg);
  const n = gradOutputs.length;
  const newFunc = (...all: unknown[]): Tensor[] => {
    const inputArgs = all.slice(0, all.length - n);
    const gos = all.slice(all.length - n) as Tensor[];
    const outputs = differentiable(func(...inputArgs));
    const diff = inputArgs.filter((x): x is Tensor => x instanceof Tensor && x.requires_grad);
    const grads = native.grad(outputs, diff, gos, null, true, true) as (Tensor | null)[];
    return grads.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(newFunc, [...inputs, ...gradOutputs], { eps, atol, rtol, raise_exception: raiseException, nondet_tol: nondetTol });
}

export type { GradcheckOptions };
