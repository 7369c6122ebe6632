// Grad mode and torch.autograd. `with torch.no_grad():` becomes `torch.no_grad(() => ...)`.
import { native } from './native';
import { Tensor, PyArgs } from './tensor';
import { bindArgs } from './python/binder';
import { describeValue } from './python/check';

/** Runs fn with grad mode set to `enabled`, restoring the previous mode after (also after an awaited promise). */
function withGradMode<T>(name: string, enabled: boolean, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`${name}(): expected a function for fn but received ${describeValue(fn)}`);
  const previous: boolean = native.setGradEnabled(enabled);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    native.setGradEnabled(previous);
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => native.setGradEnabled(previous)) as unknown as T;
  }
  native.setGradEnabled(previous);
  return result;
}

/** `with torch.no_grad():` -> `torch.no_grad(() => ...)`; returns the callback's value. */
export function no_grad<T>(fn: () => T): T { return withGradMode('no_grad', false, fn); }
/** `with torch.enable_grad():` -> `torch.enable_grad(() => ...)`. */
export function enable_grad<T>(fn: () => T): T { return withGradMode('enable_grad', true, fn); }
/** `with torch.inference_mode():` -> grad disabled for the callback. */
export function inference_mode<T>(fn: () => T): T { return withGradMode('inference_mode', false, fn); }
/** torch.set_grad_enabled(mode) sets the mode; with a callback it applies only inside it. */
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (fn !== undefined) return withGradMode('set_grad_enabled', !!mode, fn);
  native.setGradEnabled(!!mode);
}
export function is_grad_enabled(): boolean { return native.isGradEnabled(); }

export interface GradOptions {
  grad_outputs?: Tensor | (Tensor | null)[] | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  only_inputs?: boolean;
  allow_unused?: boolean;
  is_grads_batched?: boolean;
}

const asList = (t: Tensor | (Tensor | null)[] | null | undefined): (Tensor | null)[] | null =>
  t == null ? null : Array.isArray(t) ? t : [t];

type TensorOrList = Tensor | Tensor[];
type GradOut = Tensor | (Tensor | null)[] | null;

/**
 * torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, only_inputs, allow_unused),
 * positionally or by name. Typed Tensor[] like Python's tuple of tensors (entries are null only with allow_unused).
 */
export function grad(...args: PyArgs<[['outputs', TensorOrList], ['inputs', TensorOrList], ['grad_outputs', GradOut, '?'], ['retain_graph', boolean | null, '?'],
  ['create_graph', boolean, '?'], ['only_inputs', boolean, '?'], ['allow_unused', boolean | null, '?']], { is_grads_batched?: boolean }>): Tensor[] {
  const [outputs, inputs, gradOutputs, retain, create, , allowUnused] = bindArgs<[TensorOrList, TensorOrList, GradOut, boolean | null, boolean, boolean, boolean | null]>(
    args, ['outputs', 'inputs', 'grad_outputs', 'retain_graph', 'create_graph', 'only_inputs', 'allow_unused'], {}, 'grad', ['is_grads_batched']);
  return native.grad(asList(outputs), asList(inputs), asList(gradOutputs), retain ?? null, !!create, !!allowUnused) as Tensor[];
}
/** torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph, grad_variables, inputs), positionally or by name. */
export function backward(...args: PyArgs<[['tensors', TensorOrList], ['grad_tensors', GradOut, '?'], ['retain_graph', boolean | null, '?'], ['create_graph', boolean, '?'],
  ['grad_variables', GradOut, '?'], ['inputs', TensorOrList | null, '?']]>): void {
  const [tensors, gradTensors, retain, create, gradVariables, inputs] = bindArgs<[TensorOrList, GradOut, boolean | null, boolean, GradOut, TensorOrList | null]>(
    args, ['tensors', 'grad_tensors', 'retain_graph', 'create_graph', 'grad_variables', 'inputs'], {}, 'backward');
  native.backward(asList(tensors), asList(gradTensors ?? gradVariables), retain ?? null, !!create, inputs == null ? null : Array.isArray(inputs) ? inputs : [inputs]);
}
