// torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp over torch.autograd.grad, with
// PyTorch 1.13's semantics and messages (torch/autograd/functional.py). Python tuples are arrays.
import { native } from './native';
import { Tensor } from './tensor';
import { TorchError } from './errors';
import { stack, zeros, zeros_like } from './creation';
import { bindArgs } from './python/binder';
import { classRepr } from './python/typename';
import * as fwAD from './forward_ad';

type Maybe = Tensor | null;
type Inputs = Tensor | Tensor[];
type Func = (...inputs: Tensor[]) => Tensor | Tensor[];

function asTuple(inp: unknown, argName: string, fnName: string): [boolean, Tensor[]] {
  const isTuple = Array.isArray(inp);
  const list: unknown[] = isTuple ? inp : [inp];
  list.forEach((el, i) => {
    if (!(el instanceof Tensor))
      throw new TypeError(`The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the ` +
        (isTuple ? `value at index ${i} has type ${classRepr(el)}.` : `given ${argName} has type ${classRepr(el)}.`));
  });
  return [isTuple, list as Tensor[]];
}

const gradPreprocess = (inputs: Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] =>
  inputs.map((inp) => (createGraph && inp.requires_grad ? inp.view_as(inp) : inp.detach().requires_grad_(needGraph)));

const gradPostprocess = (ts: Maybe[], createGraph: boolean): Tensor[] => ts.map((t) => (createGraph ? t! : t!.detach()));

function validateV(v: Tensor[], other: Tensor[], isOtherTuple: boolean): void {
  if (v.length !== other.length) {
    if (isOtherTuple) throw new TorchError(`v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`);
    throw new TorchError('The given v should contain a single Tensor.');
  }
  v.forEach((el, i) => {
    const a = other[i].shape, b = el.shape;
    if (a.length !== b.length || a.some((d, k) => d !== b[k]))
      throw new TorchError(`${isOtherTuple ? `Entry ${i} in ` : ''}v has invalid size: should be ${String(other[i].size())} but got ${String(el.size())}.`);
  });
}

/** The vector v given for `refs` (checked against them), or null where refs is a single one-element tensor. */
function vectorOf(vArg: Inputs | null | undefined, refs: Tensor[], isRefsTuple: boolean, fnName: string, createGraph: boolean, which: string): Tensor[] | null {
  if (vArg === null || vArg === undefined) {
    if (refs.length !== 1 || refs[0].numel() !== 1) throw new TorchError(`The vector v can only be None if ${which} a single Tensor with a single element.`);
    return null;
  }
  const v = gradPreprocess(asTuple(vArg, 'v', fnName)[1], createGraph, false);
  validateV(v, refs, isRefsTuple);
  return v;
}

function checkRequiresGrad(ts: Maybe[], kind: 'outputs' | 'grad_inputs' | 'jacobian' | 'hessian', strict: boolean): void {
  if (!strict) return;
  ts.forEach((t, i) => {
    if (t === null) throw new TorchError(`The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
    if (t.requires_grad) return;
    if (kind === 'hessian')
      throw new TorchError(`The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.`);
    if (kind === 'jacobian')
      throw new TorchError(`While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).`);
    if (kind === 'grad_inputs')
      throw new TorchError(`The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`);
    throw new TorchError(`Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`);
  });
}

/** torch.autograd.grad over the outputs that require grad, null for every input when none does. */
function autogradGrad(outputs: Maybe[], inputs: Tensor[], gradOutputs: Maybe[] | null, createGraph: boolean, retainGraph: boolean | null = null): Maybe[] {
  const outs: Tensor[] = [], gos: Maybe[] = [];
  outputs.forEach((o, i) => {
    if (o !== null && o.requires_grad) { outs.push(o); gos.push(gradOutputs === null ? null : gradOutputs[i]); }
  });
  if (outs.length === 0) return inputs.map(() => null);
  return native.grad(outs, inputs, gos, retainGraph ?? createGraph, createGraph, true) as Maybe[];
}

type Stage = 'back' | 'back_trick' | 'double_back' | 'double_back_trick';
function fillInZeros(grads: Maybe[], refs: Tensor[], strict: boolean, createGraph: boolean, stage: Stage): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) {
        throw new TorchError({
          back: `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
          back_trick: `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`,
          double_back: `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
          double_back_trick: `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.`,
        }[stage]);
      }
      return zeros_like(refs[i]);
    }
    if (strict && createGraph && !g.requires_grad)
      throw new TorchError(`The ${stage.includes('double') ? 'hessian' : 'jacobian'} of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
    return g;
  });
}

/** Runs fn with grad mode on (or `enabled`), restoring the mode after. */
function withGrad<T>(fn: () => T, enabled = true): T {
  const previous = native.setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    native.setGradEnabled(previous);
  }
}

interface Flags { create_graph?: boolean; strict?: boolean }
const one = <T>(isTuple: boolean, ts: T[]): T | T[] => (isTuple ? ts : ts[0]);

/** Calls func and checks its outputs, returning them as a tuple with whether func returned one. */
function callFunc(func: Func, inputs: Tensor[], fnName: string, strict: boolean): [boolean, Tensor[]] {
  const [isTuple, outputs] = asTuple(func(...inputs), 'outputs of the user-provided function', fnName);
  checkRequiresGrad(outputs, 'outputs', strict);
  return [isTuple, outputs];
}

/** vjp(func, inputs, v=None, create_graph=False, strict=False) -> [func_output, vjp]. */
export function vjp(...args: unknown[]): [Inputs, Inputs] {
  const [func, inputsArg, vArg, createGraph, strict] = bindArgs<[Func, Inputs, Inputs | null, boolean, boolean]>(
    args, ['func', 'inputs', 'v', 'create_graph', 'strict'], { v: null, create_graph: false, strict: false }, 'vjp');
  return withGrad(() => {
    const [isInputsTuple, raw] = asTuple(inputsArg, 'inputs', 'vjp');
    const inputs = gradPreprocess(raw, createGraph, true);
    const [isOutputsTuple, outputs] = callFunc(func, inputs, 'vjp', strict);
    const v = vectorOf(vArg, outputs, isOutputsTuple, 'vjp', createGraph, 'the user-provided function returns');
    const grads = withGrad(() => autogradGrad(outputs, inputs, v, createGraph), createGraph || native.isGradEnabled());
    const result = fillInZeros(grads, inputs, strict, createGraph, 'back');
    return [one(isOutputsTuple, gradPostprocess(outputs, createGraph)), one(isInputsTuple, gradPostprocess(result, createGraph))];
  });
}

/** jvp(func, inputs, v=None, create_graph=False, strict=False) -> [func_output, jvp], by the double-backward trick. */
export function jvp(...args: unknown[]): [Inputs, Inputs] {
  const [func, inputsArg, vArg, createGraph, strict] = bindArgs<[Func, Inputs, Inputs | null, boolean, boolean]>(
    args, ['func', 'inputs', 'v', 'create_graph', 'strict'], { v: null, create_graph: false, strict: false }, 'jvp');
  const [isOutputsTuple, outputs, gradInputs, gradOutputs, v] = withGrad(() => {
    const [isInputsTuple, raw] = asTuple(inputsArg, 'inputs', 'jvp');
    const inputs = gradPreprocess(raw, createGraph, true);
    const vs = vectorOf(vArg, inputs, isInputsTuple, 'jvp', createGraph, 'the input to the user-provided function is');
    const [isTuple, outs] = callFunc(func, inputs, 'jvp', strict);
    // The backward is linear in grad_outputs: any finite value works, zeros as PyTorch.
    const gos = outs.map((o) => zeros_like(o, { requires_grad: true }));
    const gis = autogradGrad(outs, inputs, gos, true);
    checkRequiresGrad(gis, 'grad_inputs', strict);
    return [isTuple, outs, gis, gos, vs] as const;
  });
  const grads = withGrad(() => autogradGrad(gradInputs, gradOutputs, v, createGraph), createGraph || native.isGradEnabled());
  const result = fillInZeros(grads, outputs, strict, createGraph, 'back_trick');
  return [one(isOutputsTuple, gradPostprocess(outputs, createGraph)), one(isOutputsTuple, gradPostprocess(result, createGraph))];
}

/** The Jacobian as [output][input] blocks of shape out.shape + in.shape. */
function jacobianBlocks(func: Func, inputsArg: Inputs, createGraph: boolean, strict: boolean): [boolean, boolean, Tensor[][]] {
  return withGrad(() => {
    const [isInputsTuple, raw] = asTuple(inputsArg, 'inputs', 'jacobian');
    const inputs = gradPreprocess(raw, createGraph, true);
    const [isOutputsTuple, outputs] = callFunc(func, inputs, 'jacobian', strict);
    const blocks = outputs.map((out, i) => {
      const rows: Tensor[][] = inputs.map(() => []);
      const flat = out.reshape(-1);
      for (let j = 0; j < out.numel(); j++) {
        const vj = autogradGrad([flat.select(0, j)], inputs, null, createGraph, true);
        vj.forEach((g, k) => {
          if (g !== null) {
            if (strict && createGraph && !g.requires_grad)
              throw new TorchError(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
            rows[k].push(g);
          } else {
            if (strict) throw new TorchError(`Output ${i} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
            rows[k].push(zeros_like(inputs[k]));
          }
        });
      }
      return rows.map((r, k) => {
        const shape = [...out.shape, ...inputs[k].shape];
        const block = r.length ? stack(r, 0).view(shape) : zeros(shape, { dtype: inputs[k].dtype });
        return createGraph ? block : block.detach();
      });
    });
    return [isOutputsTuple, isInputsTuple, blocks];
  });
}

function tuplePostprocess(blocks: Tensor[][], isOutputsTuple: boolean, isInputsTuple: boolean): Tensor | Tensor[] | Tensor[][] {
  if (!isOutputsTuple && !isInputsTuple) return blocks[0][0];
  if (!isInputsTuple) return isOutputsTuple ? blocks.map((b) => b[0]) : blocks[0][0];
  return isOutputsTuple ? blocks : blocks[0];
}

interface JacobianOptions extends Flags { vectorize?: boolean; strategy?: 'reverse-mode' | 'forward-mode' }

/**
 * The Jacobian by forward-mode AD: one jvp per standard basis vector of all inputs together (PyTorch
 * vmaps over that basis; LibTorch has no vmap, so this loops over it, with the same values).
 */
function jacfwd(func: Func, inputsArg: Inputs, strict: boolean, vectorize: boolean): Tensor | Tensor[] | Tensor[][] {
  if (strict)
    throw new TorchError('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). ' +
      'Please either set `strict=False` or `strategy="reverse-mode"`.');
  const [isInputsTuple, inputs] = asTuple(inputsArg, 'inputs', 'jacobian');
  if (!vectorize)
    throw new TorchError('Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.', 'NotImplementedError');
  const numels = inputs.map((t) => t.numel());
  const total = numels.reduce((a, b) => a + b, 0);
  let isOutputsTuple = false;
  let primals: Tensor[] = [];
  const columns: Tensor[][] = [];
  for (let k = 0; k < total; k++) {
    fwAD.dual_level(() => {
      let offset = 0;
      const duals = inputs.map((input, i) => {
        const tangent = zeros([numels[i]], { dtype: input.dtype, device: input.device });
        if (k >= offset && k < offset + numels[i]) tangent.narrow(0, k - offset, 1).fill_(1);
        offset += numels[i];
        return fwAD.make_dual(input, tangent.view_as(input));
      });
      const [isTuple, outs] = asTuple(func(...duals), 'outputs', 'jacobian');
      isOutputsTuple = isTuple;
      primals = [];
      outs.forEach((out, o) => {
        const [primal, tangent] = fwAD.unpack_dual(out);
        primals.push(primal);
        (columns[o] ??= []).push(tangent ?? zeros_like(primal));
      });
    });
  }
  // Each output's tangents stacked along a leading basis dimension, split per input and moved last.
  const blocks = columns.map((cols, o) => stack(cols, 0).split(numels, 0).map((jac, i) =>
    jac.permute(...Array.from({ length: jac.dim() - 1 }, (_, d) => d + 1), 0).reshape([...primals[o].shape, ...inputs[i].shape])));
  return tuplePostprocess(blocks, isOutputsTuple, isInputsTuple);
}

function checkStrategy(strategy: string, message: string): void {
  if (strategy !== 'reverse-mode' && strategy !== 'forward-mode') throw new TorchError(message, 'AssertionError');
}

/**
 * jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy='reverse-mode'):
 * a Tensor of shape out.shape + in.shape for one output and one input, else nested arrays
 * [output][input]. vectorize=true gives the same values (one backward per output element);
 * strategy='forward-mode' (with vectorize=true, as in PyTorch) computes it with forward-mode AD.
 */
export function jacobian(...args: unknown[]): Tensor | Tensor[] | Tensor[][] {
  const [func, inputs, createGraph, strict, vectorize, strategy] = bindArgs<[Func, Inputs, boolean, boolean, boolean, string]>(
    args, ['func', 'inputs', 'create_graph', 'strict', 'vectorize', 'strategy'],
    { create_graph: false, strict: false, vectorize: false, strategy: 'reverse-mode' }, 'jacobian');
  checkStrategy(strategy, 'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs than inputs, ' +
    '"forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".');
  if (strategy === 'forward-mode') {
    if (createGraph)
      throw new TorchError('torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported together (yet). ' +
        'Please either set `create_graph=False` or `strategy="reverse-mode"`.', 'NotImplementedError');
    return jacfwd(func, inputs, strict, vectorize);
  }
  if (vectorize && strict)
    throw new TorchError('torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. ' +
      'Please either set `strict=False` or `vectorize=False`.');
  const [isOutputsTuple, isInputsTuple, blocks] = jacobianBlocks(func, inputs, createGraph, strict);
  return tuplePostprocess(blocks, isOutputsTuple, isInputsTuple);
}

/**
 * hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy='reverse-mode'):
 * outer_jacobian_strategy='forward-mode' (with vectorize=true) takes the outer Jacobian with
 * forward-mode AD over the reverse-mode gradient.
 */
export function hessian(...args: unknown[]): Tensor | Tensor[] | Tensor[][] {
  const [func, inputsArg, createGraph, strict, vectorize, strategy] = bindArgs<[Func, Inputs, boolean, boolean, boolean, string]>(
    args, ['func', 'inputs', 'create_graph', 'strict', 'vectorize', 'outer_jacobian_strategy'],
    { create_graph: false, strict: false, vectorize: false, outer_jacobian_strategy: 'reverse-mode' }, 'hessian');
  const [isInputsTuple, inputs] = asTuple(inputsArg, 'inputs', 'hessian');
  checkStrategy(strategy, 'Expected strategy to be either "forward-mode" or "reverse-mode".');
  const singleOutput = (...inp: Tensor[]): Tensor => {
    const out = func(...inp);
    const [isTuple, outs] = asTuple(out, 'outputs of the user-provided function', 'hessian');
    checkRequiresGrad(outs, 'outputs', strict);
    if (isTuple) throw new TorchError('The function given to hessian should return a single Tensor');
    if (outs[0].numel() !== 1) throw new TorchError('The Tensor returned by the function given to hessian should contain a single element');
    return outs[0].squeeze();
  };
  const jacFunc = (...inp: Tensor[]): Tensor[] => {
    // The reverse-mode gradient must keep the forward-mode inputs' tangents: no detach.
    if (strategy === 'forward-mode') inp.forEach((t) => t.requires_grad_(true));
    const [, , blocks] = jacobianBlocks(singleOutput, inp, true, false);
    const jac = blocks[0];
    checkRequiresGrad(jac, 'jacobian', strict);
    return jac;
  };
  const res = jacobian(jacFunc, inputs, { create_graph: createGraph, strict, vectorize, strategy }) as Tensor[][];
  return tuplePostprocess(res, isInputsTuple, isInputsTuple);
}

function secondOrder(name: 'hvp' | 'vhp', args: unknown[]): [Inputs, Inputs] {
  const [func, inputsArg, vArg, createGraph, strict] = bindArgs<[Func, Inputs, Inputs | null, boolean, boolean]>(
    args, ['func', 'inputs', 'v', 'create_graph', 'strict'], { v: null, create_graph: false, strict: false }, name);
  const [isInputsTuple, isOutputsTuple, inputs, outputs, jac, v, gradJac, doubleBack] = withGrad(() => {
    const [isTuple, raw] = asTuple(inputsArg, 'inputs', name);
    const inp = gradPreprocess(raw, createGraph, true);
    const vs = vectorOf(vArg, inp, isTuple, name, createGraph, 'the input to the user-provided function is');
    const [isOutTuple, outs] = callFunc(func, inp, name, strict);
    if (isOutTuple) throw new TorchError(`The function given to ${name} should return a single Tensor`);
    if (outs[0].numel() !== 1) throw new TorchError(`The Tensor returned by the function given to ${name} should contain a single element`);
    const j = autogradGrad(outs, inp, null, true);
    checkRequiresGrad(j, 'jacobian', strict);
    if (name === 'vhp') return [isTuple, isOutTuple, inp, outs, j, vs, null, null] as const;
    const gj = inp.map((t) => zeros_like(t, { requires_grad: true }));
    const db = autogradGrad(j, inp, gj, true);
    checkRequiresGrad(j, 'hessian', strict);
    return [isTuple, isOutTuple, inp, outs, j, vs, gj, db] as const;
  });
  const result = withGrad(() => (name === 'vhp'
    ? fillInZeros(autogradGrad(jac, inputs, v, createGraph), inputs, strict, createGraph, 'double_back')
    : fillInZeros(autogradGrad(doubleBack!, gradJac!, v, createGraph), inputs, strict, createGraph, 'double_back_trick')), createGraph || native.isGradEnabled());
  return [one(isOutputsTuple, gradPostprocess(outputs, createGraph)), one(isInputsTuple, gradPostprocess(result, createGraph))];
}

/** hvp(func, inputs, v=None, create_graph=False, strict=False) -> [func_output, H·v]. */
export const hvp = (...args: unknown[]): [Inputs, Inputs] => secondOrder('hvp', args);
/** vhp(func, inputs, v=None, create_graph=False, strict=False) -> [func_output, v·H]. */
export const vhp = (...args: unknown[]): [Inputs, Inputs] => secondOrder('vhp', args);
