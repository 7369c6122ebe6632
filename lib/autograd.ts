// Grad mode and torch.autograd. `with torch.no_grad():` becomes `torch.no_grad(() => ...)`.
import { native } from './native';
import { Tensor } from './tensor';

/** Runs fn with grad mode set to `enabled`, restoring the previous mode after (also after an awaited promise). */
function withGradMode<T>(enabled: boolean, fn: () => T): T {
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
export function no_grad<T>(fn: () => T): T { return withGradMode(false, fn); }
/** `with torch.enable_grad():` -> `torch.enable_grad(() => ...)`. */
export function enable_grad<T>(fn: () => T): T { return withGradMode(true, fn); }
/** `with torch.inference_mode():` -> grad disabled for the callback. */
export function inference_mode<T>(fn: () => T): T { return withGradMode(false, fn); }
/** torch.set_grad_enabled(mode) sets the mode; with a callback it applies only inside it. */
export function set_grad_enabled(mode: boolean): void;
export function set_grad_enabled<T>(mode: boolean, fn: () => T): T;
export function set_grad_enabled<T>(mode: boolean, fn?: () => T): T | void {
  if (fn) return withGradMode(!!mode, fn);
  native.setGradEnabled(!!mode);
}
export function is_grad_enabled(): boolean { return native.isGradEnabled(); }

export interface GradOptions {
  grad_outputs?: Tensor | (Tensor | null)[] | null;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  allow_unused?: boolean;
}

const asList = (t: Tensor | (Tensor | null)[] | null | undefined): (Tensor | null)[] | null =>
  t == null ? null : Array.isArray(t) ? t : [t];

export const autograd = {
  /** torch.autograd.grad(outputs, inputs, {grad_outputs, retain_graph, create_graph, allow_unused}). */
  grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: GradOptions = {}): (Tensor | null)[] {
    return native.grad(asList(outputs), asList(inputs), asList(options.grad_outputs), options.retain_graph ?? null, !!options.create_graph, !!options.allow_unused);
  },
  /** torch.autograd.backward(tensors, {grad_tensors, retain_graph, create_graph, inputs}). */
  backward(tensors: Tensor | Tensor[], options: { grad_tensors?: Tensor | (Tensor | null)[] | null; retain_graph?: boolean | null; create_graph?: boolean; inputs?: Tensor[] } = {}): void {
    native.backward(asList(tensors), asList(options.grad_tensors), options.retain_graph ?? null, !!options.create_graph, options.inputs ?? null);
  },
  no_grad,
  enable_grad,
  set_grad_enabled,
};
