// Python frees a forward's intermediates when their last reference goes, mid-step; JS frees them at
// the next collection, after backward has released the graph's copies, so their blocks come back
// cold. A built-in module whose inside no user code can see may free them on return instead (run
// its forward in `tidy`): what backward needs stays alive through the graph.
import { isExportedClass } from './callable';
import * as G from './global_hooks';
import type { Module } from './module';

/** Classes torchts defines but does not export (PyTorch keeps them out of torch.nn too). */
const internalClasses = new WeakSet<object>();
export function internalClass(cls: object): void { internalClasses.add(cls); }
const builtin = (cls: object): boolean => isExportedClass(cls) || internalClasses.has(cls);

const hooked = (m: Module): boolean =>
  m._forward_hooks.size > 0 || m._forward_pre_hooks.size > 0 || m._backward_hooks.size > 0 || m._backward_pre_hooks.size > 0;

const anyGlobalHook = (): boolean =>
  G._global_forward_hooks.size > 0 || G._global_forward_pre_hooks.size > 0 || G._global_backward_hooks.size > 0 || G._global_backward_pre_hooks.size > 0;

/**
 * Whether no user code can see a tensor made inside `root`'s forward: `root` and every module under
 * it are torchts's own classes (not subclasses, not parametrized), none has `methods` replaced on the
 * instance, and no hook runs inside (a hook on `root` itself sees only its inputs and output).
 */
export function internalsUnobserved(root: Module, methods: readonly string[]): boolean {
  if (anyGlobalHook()) return false;
  for (const m of root.modules()) {
    if (!builtin((Object.getPrototypeOf(m) as { constructor: object }).constructor)) return false;
    if (methods.some((name) => Object.hasOwn(m, name))) return false;
    if (m !== root && hooked(m)) return false;
  }
  return true;
}
