// Module full backward hooks, as PyTorch's torch.utils.hooks.BackwardHook: the module's tensor
// inputs and outputs pass through an identity autograd Function whose backward sees grad_output
// (output side: pre hooks may replace it) and grad_input (input side: hooks may replace it).
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { Function, FunctionCtx } from '../autograd_function';
import { is_grad_enabled } from '../autograd';
import { zeros } from '../creation';
import type { Module } from './module';

type Grads = (Tensor | null)[];
/** `hook(module, grad_input, grad_output)`: may return replacement grad_input (one entry per forward argument). */
export type FullBackwardHook = (module: Module, grad_input: Grads, grad_output: Grads) => Grads | null | undefined | void;
/** `hook(module, grad_output)`: may return replacement grad_output (one entry per output). */
export type FullBackwardPreHook = (module: Module, grad_output: Grads) => Grads | null | undefined | void;

/** A grad the autograd engine left undefined, as zeros shaped like the tensor it is the gradient of (what materializing gives). */
type Materialize = (grad: Tensor | null, index: number) => Tensor;

class BackwardHookFunction extends Function {
  /**
   * With `materialize` false the hooks see null for a gradient autograd left undefined (an output
   * unused in the loss), as PyTorch's grad_fn pre-hooks do; `onBackward` materializes what flows on.
   */
  static forward(ctx: FunctionCtx, onBackward: (grads: Grads, materialize: Materialize) => Grads, materialize: boolean, ...args: Tensor[]): Tensor[] {
    ctx.mark_non_differentiable(...args.filter((a) => !a.requires_grad));
    ctx.onBackward = onBackward;
    if (!materialize) {
      ctx.set_materialize_grads(false);
      const like = args.map((a) => ({ shape: a.shape, dtype: a.dtype, device: a.device }));
      ctx.materialize = ((g, i) => g ?? zeros(like[i].shape, { dtype: like[i].dtype, device: like[i].device })) as Materialize;
    }
    return args;
  }
  static backward(ctx: FunctionCtx, ...grads: Grads): Grads {
    return [null, null, ...(ctx.onBackward as (g: Grads, m: Materialize) => Grads)(grads, ctx.materialize as Materialize)];
  }
}

const packWithNone = (indices: number[], values: Grads, size: number): Grads => {
  const res: Grads = new Array(size).fill(null);
  indices.forEach((idx, k) => { res[idx] = values[k]; });
  return res;
};

export class BackwardHook {
  private grad_outputs: Grads | null = null;
  private n_inputs = -1;
  private input_tensors_index: number[] | null = null;
  private n_outputs = -1;
  private output_tensors_index: number[] | null = null;

  constructor(private module: Module, private user_hooks: FullBackwardHook[], private user_pre_hooks: FullBackwardPreHook[]) {}

  private applyOnTensors(onBackward: (grads: Grads, materialize: Materialize) => Grads, materialize: boolean, args: unknown[]): [unknown[], number[] | null] {
    const idx: number[] = [];
    const tensors: Tensor[] = [];
    args.forEach((a, i) => { if (a instanceof Tensor) { idx.push(i); tensors.push(a); } });
    if (!(tensors.some((t) => t.requires_grad) && is_grad_enabled())) return [args, null];
    const wrapped = BackwardHookFunction.apply(onBackward, materialize, ...tensors) as Tensor[];
    const out = [...args];
    idx.forEach((i, k) => { out[i] = wrapped[k]; });
    return [out, idx];
  }

  setup_input_hook(args: unknown[]): unknown[] {
    const [res, idx] = this.applyOnTensors((grad_input) => this.onInputGrads(grad_input), true, args);
    this.n_inputs = args.length;
    this.input_tensors_index = idx;
    return res;
  }

  private onInputGrads(grad_input: Grads): Grads {
    // null when the gradient reached the inputs without passing the outputs (double backward).
    if (this.grad_outputs === null) return grad_input;
    let res = packWithNone(this.input_tensors_index!, grad_input, this.n_inputs);
    for (const hook of this.user_hooks) {
      const out = hook(this.module, res, this.grad_outputs);
      if (out === null || out === undefined) continue;
      if (out.length !== res.length)
        throw new TorchError(`Backward hook returned an invalid number of grad_input, got ${out.length}, but expected ${res.length}`);
      res = out;
    }
    this.grad_outputs = null;
    return this.input_tensors_index!.map((i) => res[i]);
  }

  setup_output_hook(result: unknown): unknown {
    const isTuple = Array.isArray(result);
    const args = isTuple ? result : [result];
    const [res, idx] = this.applyOnTensors((grad_output, materialize) => this.onOutputGrads(grad_output, materialize), false, args);
    this.n_outputs = args.length;
    this.output_tensors_index = idx;
    return isTuple ? res : res[0];
  }

  private onOutputGrads(grad_output: Grads, materialize: Materialize): Grads {
    this.grad_outputs = packWithNone(this.output_tensors_index!, grad_output, this.n_outputs);
    for (const hook of this.user_pre_hooks) {
      const out = hook(this.module, this.grad_outputs);
      if (out === null || out === undefined) continue;
      if (out.length !== this.grad_outputs.length)
        throw new TorchError(`Backward pre hook returned an invalid number of grad_output, got ${out.length}, but expected ${this.grad_outputs.length}`);
      this.grad_outputs = out;
    }
    const local = this.grad_outputs;
    // No input requires grad: the input side never runs, so the hooks run here with null grad_input.
    if (this.input_tensors_index === null) {
      const grad_inputs: Grads = new Array(this.n_inputs).fill(null);
      for (const hook of this.user_hooks) {
        const r = hook(this.module, grad_inputs, this.grad_outputs);
        if (r !== null && r !== undefined && !(Array.isArray(r) && r.every((g) => g === null || g === undefined)))
          throw new TorchError('Backward hook for Modules where no input requires gradient should always return None or None for all gradients.');
      }
      this.grad_outputs = null;
    }
    return this.output_tensors_index!.map((i, k) => materialize(local[i], k));
  }
}
