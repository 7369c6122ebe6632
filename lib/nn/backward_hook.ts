// Module full backward hooks, as PyTorch's torch.utils.hooks.BackwardHook: the module's tensor
// inputs and outputs pass through an identity autograd Function whose backward sees grad_output
// (output side: pre hooks may replace it) and grad_input (input side: hooks may replace it).
import { Tensor } from '../tensor';
import { TorchError } from '../errors';
import { Function, FunctionCtx } from '../autograd_function';
import { is_grad_enabled } from '../autograd';
import type { Module } from './module';

type Grads = (Tensor | null)[];
/** `hook(module, grad_input, grad_output)`: may return replacement grad_input (one entry per forward argument). */
export type FullBackwardHook = (module: Module, grad_input: Grads, grad_output: Grads) => Grads | null | undefined | void;
/** `hook(module, grad_output)`: may return replacement grad_output (one entry per output). */
export type FullBackwardPreHook = (module: Module, grad_output: Grads) => Grads | null | undefined | void;

class BackwardHookFunction extends Function {
  static forward(ctx: FunctionCtx, onBackward: (grads: Grads) => Grads, ...args: Tensor[]): Tensor[] {
    ctx.mark_non_differentiable(...args.filter((a) => !a.requires_grad));
    ctx.onBackward = onBackward;
    return args;
  }
  static backward(ctx: FunctionCtx, ...grads: Grads): Grads {
    return [null, ...(ctx.onBackward as (g: Grads) => Grads)(grads)];
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

  private applyOnTensors(onBackward: (grads: Grads) => Grads, args: unknown[]): [unknown[], number[] | null] {
    const idx: number[] = [];
    const tensors: Tensor[] = [];
    args.forEach((a, i) => { if (a instanceof Tensor) { idx.push(i); tensors.push(a); } });
    if (!(tensors.some((t) => t.requires_grad) && is_grad_enabled())) return [args, null];
    const wrapped = BackwardHookFunction.apply(onBackward, ...tensors) as Tensor[];
    const out = [...args];
    idx.forEach((i, k) => { out[i] = wrapped[k]; });
    return [out, idx];
  }

  setup_input_hook(args: unknown[]): unknown[] {
    const [res, idx] = this.applyOnTensors((grad_input) => this.onInputGrads(grad_input), args);
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
    const [res, idx] = this.applyOnTensors((grad_output) => this.onOutputGrads(grad_output), args);
    this.n_outputs = args.length;
    this.output_tensors_index = idx;
    return isTuple ? res : res[0];
  }

  private onOutputGrads(grad_output: Grads): Grads {
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
    return this.output_tensors_index!.map((i) => local[i]);
  }
}
