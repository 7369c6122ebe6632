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

/**
 * The JS tensor that holds the TensorImpl a tensor's hooks live on (LibTorch keeps them in its
 * autograd meta). swap_tensors moves the TensorImpl, and its hooks with it, to the other tensor:
 * then a hook's handle removes it there and a post-accumulate-grad hook is passed that tensor, as
 * in Python. It is held weakly: a hook must not keep its tensor alive.
 */
class HookOwner {
  constructor(public ref: WeakRef<Tensor>) {}
}
const hookOwners = new WeakMap<Tensor, HookOwner>();
// The native handles of post-accumulate-grad hooks, kept while their tensor lives (LibTorch 1.13:
// they keep its gradient accumulator, and the hooks on it, alive).
const accumulatorHandles = new WeakMap<Tensor, Set<object>>();

function hookOwner(t: Tensor): HookOwner {
  let owner = hookOwners.get(t);
  if (owner === undefined) hookOwners.set(t, (owner = new HookOwner(new WeakRef(t))));
  return owner;
}

/** swap_tensors' part for hooks: each tensor takes the other's TensorImpl, and with it its hooks. */
export function swapHookOwners(t1: Tensor, t2: Tensor): void {
  for (const map of [hookOwners, accumulatorHandles] as WeakMap<Tensor, any>[]) {
    const a = map.get(t1), b = map.get(t2);
    map.delete(t1);
    map.delete(t2);
    if (a !== undefined) map.set(t2, a);
    if (b !== undefined) map.set(t1, b);
  }
  const o1 = hookOwners.get(t1), o2 = hookOwners.get(t2);
  if (o1 !== undefined) o1.ref = new WeakRef(t1);
  if (o2 !== undefined) o2.ref = new WeakRef(t2);
}

export function registerHook(t: Tensor, hook: TensorHook): RemovableHandle {
  checkHook('register_hook', t, hook);
  // Python names a hook by __name__, '<lambda>' for a lambda (an anonymous arrow function here).
  const pos = native.registerHook(t, hook, hook.name || '<lambda>');
  const owner = hookOwner(t);
  return removableHandle(() => {
    const holder = owner.ref.deref();
    if (holder !== undefined) native.removeHook(holder, pos);
  });
}

/**
 * What the accumulator calls. It holds the tensor weakly and nothing else (a closure inside
 * registerPostAccumulateGradHook would share its context, the native handle included, and keep
 * the accumulator alive forever): the hook is owned by the accumulator, which the tensor's handles own.
 */
function postAccumulateCallback(owner: HookOwner, hook: PostAccumulateGradHook): () => void {
  return () => {
    const tensor = owner.ref.deref();
    if (tensor !== undefined) hook(tensor);
  };
}

export function registerPostAccumulateGradHook(t: Tensor, hook: PostAccumulateGradHook): RemovableHandle {
  checkHook('register_post_accumulate_grad_hook', t, hook);
  if (t.grad_fn !== null) throw new TorchError('post accumulate grad hooks cannot be registered on non-leaf tensors');
  const owner = hookOwner(t);
  const handle = native.registerPostAccumulateGradHook(t, postAccumulateCallback(owner, hook));
  let handles = accumulatorHandles.get(t);
  if (handles === undefined) accumulatorHandles.set(t, (handles = new Set()));
  handles.add(handle);
  return removableHandle(() => {
    native.removePostAccumulateGradHook(handle);
    handles!.delete(handle);
  });
}
