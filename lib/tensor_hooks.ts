// Tensor.register_hook and Tensor.register_post_accumulate_grad_hook. The autograd engine calls
// the hooks during backward (native/tensor_hooks.cc); an exception they throw is rethrown by backward().
import { native } from './native';
import type { Tensor } from './tensor';
import { TorchError } from './errors';
import { describeValue } from './python/check';
import { RemovableHandle, removableHandle } from './hooks';

export type TensorHook = (grad: Tensor) => Tensor | null | undefined | void;
export type PostAccumulateGradHook = (tensor: Tensor) => void;

function checkHook(name: string, t: Tensor, hook: unknown): void {
  if (typeof hook !== 'function') throw new TypeError(`${name}(): argument 'hook' must be a function, not ${describeValue(hook)}`);
  if (!t.requires_grad) throw new TorchError("cannot register a hook on a tensor that doesn't require gradient");
}

export function registerHook(t: Tensor, hook: TensorHook): RemovableHandle {
  checkHook('register_hook', t, hook);
  // Python names a hook by __name__, '<lambda>' for a lambda (an anonymous arrow function here).
  const pos = native.registerHook(t, hook, hook.name || '<lambda>');
  return removableHandle(() => native.removeHook(t, pos));
}

// The native handles keep each leaf's gradient accumulator alive while the JS tensor lives.
const accumulatorHandles = new WeakMap<Tensor, Set<object>>();

/**
 * What the accumulator calls. It holds the tensor weakly and nothing else (a closure inside
 * registerPostAccumulateGradHook would share its context, the native handle included, and keep
 * the accumulator alive forever): the hook is owned by the accumulator, which the tensor's handles own.
 */
function postAccumulateCallback(ref: WeakRef<Tensor>, hook: PostAccumulateGradHook): () => void {
  return () => {
    const tensor = ref.deref();
    if (tensor !== undefined) hook(tensor);
  };
}

export function registerPostAccumulateGradHook(t: Tensor, hook: PostAccumulateGradHook): RemovableHandle {
  checkHook('register_post_accumulate_grad_hook', t, hook);
  if (t.grad_fn !== null) throw new TorchError('post accumulate grad hooks cannot be registered on non-leaf tensors');
  const handle = native.registerPostAccumulateGradHook(t, postAccumulateCallback(new WeakRef(t), hook));
  let handles = accumulatorHandles.get(t);
  if (handles === undefined) accumulatorHandles.set(t, (handles = new Set()));
  handles.add(handle);
  return removableHandle(() => {
    native.removePostAccumulateGradHook(handle);
    handles!.delete(handle);
  });
}
