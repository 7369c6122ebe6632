// Replacing a tensor's contents under its identity: torch.utils.swap_tensors (PyTorch 2.1+),
// Tensor.module_load (2.3+) and torch._has_compatible_shallow_copy_type.
//
// A Python tensor is one PyObject over one TensorImpl; swap_tensors swaps the PyObjects' class,
// __dict__ and TensorImpls. A torchts tensor is a JS object over a native handle, and one
// TensorImpl may have several JS wrappers (`p.grad` and `x.to(x.dtype)` each give a new one): they
// all stand for the one Python object. So the JS prototype (Parameter-ness) and own properties
// swap, and every wrapper of either TensorImpl takes the other's (native/tensor_wrap.cc); the
// reference counts PyTorch checks count those wrappers once. Hooks live on the TensorImpl (its
// autograd meta) and go with it, as in Python: after the swap, t2 runs the hooks registered on t1.
import { Tensor, PyArgs } from './tensor';
import { native } from './native';
import { pyBind } from './python/binder';
import { typeName } from './python/typename';
import { TorchError } from './errors';
import { forRelease } from './release';
import { swapHookOwners } from './tensor_hooks';

/** Whether the running release's PyTorch has torch.utils.swap_tensors (2.1+). */
const HAS_SWAP_TENSORS: boolean = forRelease([['1.13', false], ['2.1', true]]);
/** Whether it has Tensor.module_load and the swap switch of torch.__future__ (2.3+). */
export const HAS_MODULE_LOAD: boolean = forRelease([['1.13', false], ['2.3', true]]);

declare module './tensor' {
  interface Tensor {
    /**
     * PyTorch 2.3+: what load_state_dict swaps into this parameter or buffer when
     * torch.__future__'s swap switch is on: `this.copy_(other).detach()`, or with `assign`
     * `other.detach()`. An override must return a new tensor, neither `this` nor `other`.
     */
    module_load(...args: PyArgs<[['other', Tensor], ['assign', boolean, '?']]>): Tensor;
  }
}

const POISONED = 'Trying to execute AccumulateGrad node that was poisoned by swap_tensors '
  + 'this can happen when you try to run backward on a tensor that was swapped. '
  + 'For a module m with `torch.__future__.set_swap_module_params_on_conversion(True)` '
  + 'you should not change the device or dtype of the module (e.g. `m.cpu()` or `m.half()`) '
  + 'between running forward and backward. To resolve this, please only change the '
  + 'device/dtype before running forward (or after both forward and backward).';

/**
 * swap_tensors' check_use_count: a tensor referenced from anywhere but its own object (a view,
 * the autograd graph) cannot be swapped, except a leaf's one gradient accumulator, which is
 * poisoned instead (a backward through a graph recorded before the swap then raises).
 */
function checkUseCount(t: Tensor, name: string): void {
  let use_count = native.useCount(t);
  if (use_count <= 1) return;
  // Unreachable JS objects not collected yet (a view printed a line earlier, a temporary result)
  // may hold references that Python's refcounting would have dropped already: collect them first.
  native.collect();
  use_count = native.useCount(t);
  if (use_count <= 1) return;
  const error = `Expected use_count of ${name} to be 1 or 2 with an AccumulateGrad node but got ${use_count} `
    + 'make sure you are not holding references to the tensor in other places.';
  if (use_count !== 2 || !t.is_leaf) throw new TorchError(error);
  // torch.autograd.graph.get_gradient_edge's check.
  if (!t.requires_grad) throw new TorchError('It is not possible to get the gradient edge for a Tensor that does not require gradients');
  if (!native.poisonGradAccumulator(t, POISONED)) throw new TorchError(error);
}

/** Swaps the own properties (Python's __dict__) of two objects. */
function swapOwnProperties(a: object, b: object): void {
  const da = Object.getOwnPropertyDescriptors(a), db = Object.getOwnPropertyDescriptors(b);
  for (const key of Reflect.ownKeys(da)) Reflect.deleteProperty(a, key);
  for (const key of Reflect.ownKeys(db)) Reflect.deleteProperty(b, key);
  Object.defineProperties(a, db);
  Object.defineProperties(b, da);
}

/**
 * PyTorch 2.1+: swaps the contents of two tensors, keeping their identities: `t1` gets `t2`'s class
 * (Parameter or not), own properties, data, gradient and autograd state, and the other way round.
 * References held elsewhere (a view of either, the autograd graph) make it an error.
 */
export function swap_tensors(...args: PyArgs<[['t1', Tensor], ['t2', Tensor]]>): void {
  if (!HAS_SWAP_TENSORS) throw new TorchError("module 'torch.utils' has no attribute 'swap_tensors'", 'AttributeError');
  const [t1, t2] = pyBind<[Tensor, Tensor]>('swap_tensors', args, ['t1', 't2']);
  for (const [t, name] of [[t1, 't1'], [t2, 't2']] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`swap_tensors(): argument '${name}' must be Tensor, not ${typeName(t)}`);
  }
  checkUseCount(t1, 't1');
  checkUseCount(t2, 't2');
  const proto1 = Object.getPrototypeOf(t1);
  Object.setPrototypeOf(t1, Object.getPrototypeOf(t2));
  Object.setPrototypeOf(t2, proto1);
  swapOwnProperties(t1, t2);
  native.swapTensorImpl(t1, t2);
  swapHookOwners(t1, t2);
}

Object.defineProperty(Tensor.prototype, 'module_load', {
  value: function module_load(this: Tensor, ...args: unknown[]): Tensor {
    if (!HAS_MODULE_LOAD) throw new TorchError(`'${typeName(this)}' object has no attribute 'module_load'`, 'AttributeError');
    const [other, assign] = pyBind<[Tensor, boolean]>('Tensor.module_load', args, ['other', 'assign'], { assign: false });
    return assign ? other.detach() : this.copy_(other).detach();
  },
  writable: true, configurable: true, enumerable: false,
});

/** Python's `a is b` for tensors: one JS object, or two wrappers of one TensorImpl. */
export const isSameTensor = (a: unknown, b: unknown): boolean =>
  a === b || (a instanceof Tensor && b instanceof Tensor && native.sameTensor(a, b));

/** Whether `t.data = other` keeps t's TensorImpl: both dense, both sparse, or the same dispatch keys. */
export function _has_compatible_shallow_copy_type(...args: PyArgs<[['input', Tensor], ['from', Tensor]]>): boolean {
  const [input, from] = pyBind<[Tensor, Tensor]>('_has_compatible_shallow_copy_type', args, ['input', 'from']);
  return native.hasCompatibleShallowCopyType(input, from);
}
