// torch.autograd.Function: user-defined forward and backward. forward runs under no_grad; the
// native side attaches a graph node whose backward calls the class's static backward (in the
// autograd engine, on this thread), as PyTorch's THPFunction does.
import { native } from './native';
import { Tensor } from './tensor';
import { TorchError } from './errors';
import { describeValue } from './python/check';
import { zeros_like } from './creation';

type Grad = Tensor | null;

/** The `ctx` of forward and backward: what forward saves for backward, and the flags it sets. Users may add attributes. */
export class FunctionCtx {
  /** For each forward argument: whether it is a Tensor that requires grad. */
  needs_input_grad: boolean[] = [];
  /** @internal */ _to_save: Grad[] | null = null;
  /** @internal */ _saved_for_forward: Grad[] | null = null;
  /** @internal */ _saved: Grad[] | null = null;
  /** @internal */ _dirty: Tensor[] = [];
  /** @internal */ _non_differentiable: Tensor[] = [];
  /** @internal */ _materialize_grads = true;
  [attribute: string]: unknown;

  /** Saves tensors (or null) for backward, where `ctx.saved_tensors` returns them. Call once, in forward. */
  save_for_backward(...tensors: Grad[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor))
        throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${describeValue(t)}`);
    });
    this._to_save = tensors.map((t) => t ?? null);
  }
  /** Saves tensors (or null) for jvp, where `ctx.saved_tensors` returns them. Call once, in forward or setup_context. */
  save_for_forward(...tensors: Grad[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor))
        throw new TypeError(`save_for_forward expects all arguments to be tensors; you should save non-tensors as attributes on ctx, but argument ${i} is of type ${describeValue(t)}`);
    });
    this._saved_for_forward = tensors.map((t) => t ?? null);
  }
  /** In backward, the tensors save_for_backward saved (unpacked: an in-place change since is an error); in jvp, those save_for_forward saved. */
  get saved_tensors(): Grad[] {
    if (this._saved_for_forward !== null) return this._saved_for_forward;
    if (this._saved === null) return [];
    return this._saved;
  }
  /** Marks inputs forward modified in place; they must be returned as outputs. */
  mark_dirty(...tensors: Tensor[]): void { this._dirty = checkTensors('mark_dirty', tensors); }
  /** Marks outputs that are not differentiable (they never require grad; their gradients are zeros or null). */
  mark_non_differentiable(...tensors: Tensor[]): void { this._non_differentiable = checkTensors('mark_non_differentiable', tensors); }
  /** Whether backward gets zeros (true, the default) or null for outputs without a gradient. */
  set_materialize_grads(value: boolean): void { this._materialize_grads = !!value; }
}

function checkTensors(name: string, tensors: unknown[]): Tensor[] {
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${name}(): argument ${i} must be a Tensor, not ${describeValue(t)}`);
  });
  return tensors as Tensor[];
}

// The bound `apply` of each subclass, so that `const f = MyFn.apply; f(x)` works as in Python.
const boundApply = new WeakMap<typeof Function, (...args: any[]) => any>();

/**
 * Base class of custom autograd operations:
 * `class Exp extends torch.autograd.Function { static forward(ctx, x) {...} static backward(ctx, grad) {...} }`,
 * called as `Exp.apply(x)`. backward returns one gradient per forward argument (a Tensor or null;
 * one value when there is one argument), null for arguments that are not Tensors. `static jvp(ctx,
 * ...tangents)` gives forward-mode AD one tangent per output. With `static setup_context(ctx,
 * inputs, output)` (PyTorch 2.0's style) forward takes no ctx: `static forward(x)`.
 */
export class Function {
  static forward(...args: any[]): any {
    throw new TorchError('You must implement the forward function for custom autograd.Function.', 'NotImplementedError');
  }
  static setup_context(ctx: FunctionCtx, inputs: any[], output: any): void {
    throw new TorchError('setup_context is not implemented.', 'NotImplementedError');
  }
  static backward(ctx: FunctionCtx, ...grad_outputs: any[]): any {
    throw new TorchError('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.', 'NotImplementedError');
  }
  static jvp(ctx: FunctionCtx, ...grad_inputs: any[]): any {
    throw new TorchError('You must implement the jvp function for custom autograd.Function to use it with forward mode AD.', 'NotImplementedError');
  }
  /** Runs forward and records backward in the graph; works unbound (`const f = MyFn.apply`). */
  static get apply(): (...args: any[]) => any {
    let fn = boundApply.get(this);
    if (fn === undefined) {
      const cls = this;
      fn = (...args: any[]) => applyFunction(cls, args);
      boundApply.set(this, fn);
    }
    return fn;
  }
}

function applyFunction(cls: typeof Function, args: unknown[]): unknown {
  const ctx = new FunctionCtx();
  const isTensorArg = args.map((a) => a instanceof Tensor);
  const inputs = args.filter((a): a is Tensor => a instanceof Tensor);
  ctx.needs_input_grad = args.map((a) => a instanceof Tensor && a.requires_grad);
  // forward (and setup_context) run without grad and forward grad modes, as in PyTorch.
  const previous = native.setGradEnabled(false);
  const previousFw = native.setFwGradEnabled(false);
  let raw: unknown;
  try {
    if (cls.setup_context !== Function.setup_context) {
      raw = cls.forward(...args);
      cls.setup_context(ctx, args, raw);
    } else {
      raw = cls.forward(ctx, ...args);
    }
  } finally {
    native.setFwGradEnabled(previousFw);
    native.setGradEnabled(previous);
  }
  const isTuple = Array.isArray(raw);
  const outputs: unknown[] = isTuple ? (raw as unknown[]) : [raw];
  const name = `${cls.name}Backward`;
  const wrapped = native.functionApply(inputs, outputs.map((o) => (o instanceof Tensor ? o : null)), ctx._non_differentiable, ctx._dirty,
    ctx._to_save ?? [], backwardOf(cls, ctx, name, isTensorArg), name, ctx._materialize_grads, jvpOf(cls, ctx, args));
  ctx._to_save = null;
  ctx._saved_for_forward = null;
  ctx._dirty = [];
  ctx._non_differentiable = [];
  const result = outputs.map((o, i) => (o instanceof Tensor ? wrapped[i] : o));
  return isTuple ? result : result[0];
}

/**
 * The node's JS backward. It must hold no tensor (the node owns it, and an output or a dirty input
 * owns the node), so it is made here: a closure in applyFunction would share that function's
 * context, outputs included, and keep the graph alive forever.
 */
function backwardOf(cls: typeof Function, ctx: FunctionCtx, name: string, isTensorArg: boolean[]) {
  return (grads: Grad[], saved: Grad[]): Grad[] => {
    ctx._saved = saved;
    try {
      return checkGradients(name, cls.backward(ctx, ...grads), isTensorArg);
    } finally {
      ctx._saved = null;
    }
  };
}

/**
 * The jvp the native side calls (only when an input has a tangent): it gets one tangent per Tensor
 * input (null for none) and calls the class's jvp with one per argument (null for non-Tensors,
 * zeros for a Tensor without a tangent unless set_materialize_grads(false)), as THPFunction does.
 * It runs during apply, so it may hold the arguments.
 */
function jvpOf(cls: typeof Function, ctx: FunctionCtx, args: unknown[]) {
  return (tangents: Grad[]): Grad[] => {
    let k = 0;
    const gradInputs = args.map((a) => {
      if (!(a instanceof Tensor)) return null;
      const t = tangents[k++];
      return t !== null || !ctx._materialize_grads ? t : zeros_like(a);
    });
    const result: unknown = cls.jvp(ctx, ...gradInputs);
    const list: unknown[] = Array.isArray(result) ? result : [result];
    return list.map((g, i) => {
      if (g === null || g === undefined) return null;
      if (!(g instanceof Tensor)) throw new TorchError(`expected Variable or None (got ${describeValue(g)}) for grad output ${i}.`);
      return g;
    });
  };
}

/** backward's result as one gradient per Tensor argument, with PyTorch's checks and messages. */
function checkGradients(name: string, result: unknown, isTensorArg: boolean[]): Grad[] {
  let grads: unknown[] = Array.isArray(result) ? [...result] : [result];
  if (grads.length > isTensorArg.length && grads.slice(isTensorArg.length).every((g) => g === null || g === undefined))
    grads = grads.slice(0, isTensorArg.length);
  if (grads.length !== isTensorArg.length)
    throw new TorchError(`function ${name} returned an incorrect number of gradients (expected ${isTensorArg.length}, got ${grads.length})`);
  const out: Grad[] = [];
  grads.forEach((g, i) => {
    const isNone = g === null || g === undefined;
    if (!isTensorArg[i]) {
      if (!isNone) throw new TorchError(`function ${name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`);
      return;
    }
    if (!isNone && !(g instanceof Tensor)) throw new TypeError(`function ${name} returned ${describeValue(g)} as gradient ${i}, not a Tensor or null`);
    out.push(isNone ? null : (g as Tensor));
  });
  return out;
}

const TWICE_DIFFERENTIATED = 'trying to differentiate twice a function that was marked with @once_differentiable';

/**
 * torch.autograd.function.once_differentiable: wraps a backward so that it runs without grad mode;
 * when a double backward would go through its results (create_graph with grad outputs that require
 * grad), it fails with PyTorch's error instead of giving wrong gradients.
 * `static backward = once_differentiable((ctx, g) => ...)`.
 */
export function once_differentiable<F extends (ctx: FunctionCtx, ...args: any[]) => any>(fn: F): F {
  if (typeof fn !== 'function') throw new TypeError(`once_differentiable(): expected a function for fn but received ${describeValue(fn)}`);
  const wrapper = function (this: unknown, ctx: FunctionCtx, ...args: unknown[]): unknown {
    const previous = native.setGradEnabled(false);
    let outputs: unknown;
    try {
      outputs = fn.call(this, ctx, ...args);
    } finally {
      native.setGradEnabled(previous);
    }
    if (!previous || !args.some((a) => a instanceof Tensor && a.requires_grad)) return outputs;
    // Leaves that require grad, so that the DelayedError node is recorded over them.
    const fake = (Array.isArray(outputs) ? outputs : [outputs]).map((v) => (v instanceof Tensor ? v.detach().requires_grad_() : null));
    return native.delayedError(TWICE_DIFFERENTIATED, fake);
  };
  Object.defineProperty(wrapper, 'name', { value: fn.name });
  return wrapper as unknown as F;
}
