// Hooks common to every module (torch.nn.modules.module.register_module_*): global state meant for
// debugging and profiling. Module._call_impl runs them before the module's own hooks of each kind.
import { TorchError } from '../errors';
import { RemovableHandle, addHook as add } from '../hooks';
import { pyBind } from '../python/binder';
import { forRelease } from '../release';
import { Tensor, PyArgs } from '../tensor';
// module.ts imports this file: its Module is read when hooks run, after both have loaded.
import { Module, ForwardHook, ForwardHookWithKwargs, ForwardPreHook } from './module';
import type { FullBackwardHook, FullBackwardPreHook } from './backward_hook';
import { Parameter } from './parameter';

/** `hook(module, grad_input, grad_output)` of register_module_backward_hook (the legacy form): grad_input are the output's grad_fn's gradients. */
export type BackwardHook = (module: Module, grad_input: (Tensor | null)[], grad_output: (Tensor | null)[]) => (Tensor | null)[] | null | undefined | void;
/** `hook(module, name, value)` of the registration hooks: a non-null result is registered instead of `value`. */
export type RegistrationHook<V> = (module: Module, name: string, value: V) => V | null | undefined | void;

export const _global_forward_pre_hooks = new Map<number, ForwardPreHook>();
export const _global_forward_hooks = new Map<number, ForwardHook | ForwardHookWithKwargs>();
export const _global_backward_hooks = new Map<number, FullBackwardHook | BackwardHook>();
export const _global_backward_pre_hooks = new Map<number, FullBackwardPreHook>();
export const _global_parameter_registration_hooks = new Map<number, RegistrationHook<Parameter | null>>();
export const _global_buffer_registration_hooks = new Map<number, RegistrationHook<Tensor | null>>();
export const _global_module_registration_hooks = new Map<number, RegistrationHook<Module | null>>();

/** Which kind the global backward hooks are (null until one is registered); fixed for the process once chosen, as in PyTorch. */
let globalIsFullBackwardHook: boolean | null = null;
export function _global_is_full_backward_hook(): boolean | null { return globalIsFullBackwardHook; }

function hookArg<H>(name: string, args: unknown[]): H {
  return pyBind<[H]>(name, args, ['hook'])[0];
}

function setBackwardKind(full: boolean): void {
  if (globalIsFullBackwardHook === !full) {
    throw new TorchError('Cannot use both regular backward hooks and full backward hooks as a global Module hook. Please use only one of them.');
  }
  globalIsFullBackwardHook = full;
}

/** Runs `hook(module, args)` before every module's forward, before the module's own forward pre-hooks. */
export function register_module_forward_pre_hook(...args: PyArgs<[['hook', ForwardPreHook]]>): RemovableHandle {
  return add(_global_forward_pre_hooks, hookArg<ForwardPreHook>('register_module_forward_pre_hook', args));
}

/** Global forward hooks registered with PyTorch 2.x's `with_kwargs` / `always_call`. */
export const _global_forward_hooks_with_kwargs = new Set<number>();
export const _global_forward_hooks_always_called = new Set<number>();

/**
 * Runs `hook(module, args, output)` after every module's forward, before the module's own forward
 * hooks. PyTorch 2.x's options: `with_kwargs` passes `hook(module, args, kwargs, output)` (kwargs as
 * Module.register_forward_hook gets them) and `always_call` runs it also when forward throws.
 */
export function register_module_forward_hook(hook: ForwardHookWithKwargs, options: { with_kwargs: true; always_call?: boolean }): RemovableHandle;
export function register_module_forward_hook(...args: PyArgs<[['hook', ForwardHook]], { with_kwargs?: boolean; always_call?: boolean }>): RemovableHandle;
export function register_module_forward_hook(...args: unknown[]): RemovableHandle {
  const [hook, with_kwargs, always_call] = pyBind<[ForwardHook, boolean, boolean]>('register_module_forward_hook', args, ['hook'],
    { with_kwargs: false, always_call: false }, ['with_kwargs', 'always_call']);
  return add(_global_forward_hooks, hook, false, [[_global_forward_hooks_with_kwargs, with_kwargs], [_global_forward_hooks_always_called, always_call]]);
}

/** The legacy global backward hook (deprecated in PyTorch in favour of register_module_full_backward_hook). */
export function register_module_backward_hook(...args: PyArgs<[['hook', BackwardHook]]>): RemovableHandle {
  const hook = hookArg<BackwardHook>('register_module_backward_hook', args);
  setBackwardKind(false);
  return add(_global_backward_hooks, hook);
}

/** Runs `hook(module, grad_input, grad_output)` for every module, before the module's own full backward hooks. */
export function register_module_full_backward_hook(...args: PyArgs<[['hook', FullBackwardHook]]>): RemovableHandle {
  const hook = hookArg<FullBackwardHook>('register_module_full_backward_hook', args);
  setBackwardKind(true);
  return add(_global_backward_hooks, hook);
}

/** Runs `hook(module, grad_output)` for every module, before the module's own backward pre-hooks (PyTorch 2.x). */
function register_module_full_backward_pre_hook(...args: PyArgs<[['hook', FullBackwardPreHook]]>): RemovableHandle {
  return add(_global_backward_pre_hooks, hookArg<FullBackwardPreHook>('register_module_full_backward_pre_hook', args));
}

/** Runs `hook(module, name, param)` in every register_parameter (PyTorch 2.x). */
function register_module_parameter_registration_hook(...args: PyArgs<[['hook', RegistrationHook<Parameter | null>]]>): RemovableHandle {
  return add(_global_parameter_registration_hooks, hookArg<RegistrationHook<Parameter | null>>('register_module_parameter_registration_hook', args));
}

/** Runs `hook(module, name, buffer)` in every register_buffer (PyTorch 2.x). */
function register_module_buffer_registration_hook(...args: PyArgs<[['hook', RegistrationHook<Tensor | null>]]>): RemovableHandle {
  return add(_global_buffer_registration_hooks, hookArg<RegistrationHook<Tensor | null>>('register_module_buffer_registration_hook', args));
}

/** Runs `hook(module, name, submodule)` in every add_module / register_module (PyTorch 2.x). */
function register_module_module_registration_hook(...args: PyArgs<[['hook', RegistrationHook<Module | null>]]>): RemovableHandle {
  return add(_global_module_registration_hooks, hookArg<RegistrationHook<Module | null>>('register_module_module_registration_hook', args));
}

/** The value `hooks` make of `value` (each may return a replacement), as register_parameter/buffer/add_module apply them. */
export function applyRegistrationHooks<V>(hooks: Map<number, RegistrationHook<V>>, module: Module, name: string, value: V): V {
  for (const hook of [...hooks.values()]) {
    const out = hook(module, name, value);
    if (out !== null && out !== undefined) value = out;
  }
  return value;
}

export function anyRegistrationHooks(): boolean {
  return _global_parameter_registration_hooks.size + _global_buffer_registration_hooks.size + _global_module_registration_hooks.size > 0;
}

// Set while register_parameter/register_buffer/add_module store a value their hooks already saw.
let registering = false;
/** Whether an assignment now comes from assignRegistered (proxies let it through unchanged). */
export const isRegistering = (): boolean => registering;
/** `module[name] = value` for a value the registration hooks have seen. */
export function assignRegistered(module: Module, name: string, value: unknown): void {
  registering = true;
  try { (module as any)[name] = value; } finally { registering = false; }
}

/**
 * `module` behind a Proxy whose assignments run the registration hooks, as Module.__setattr__
 * does: a Parameter, a Module (or null over one), a tensor or null over a buffer.
 */
export function withRegistrationHooks<M extends Module>(module: M): M {
  return new Proxy(module, {
    set(target, key, value, receiver) {
      if (!registering && typeof key === 'string') {
        const current = (target as any)[key];
        if (value instanceof Parameter) value = applyRegistrationHooks(_global_parameter_registration_hooks, receiver, key, value);
        else if (value instanceof Module || (value === null && current instanceof Module)) value = applyRegistrationHooks(_global_module_registration_hooks, receiver, key, value);
        else if (target._buffer_names.has(key) && (value === null || value instanceof Tensor)) value = applyRegistrationHooks(_global_buffer_registration_hooks, receiver, key, value);
      }
      return Reflect.set(target, key, value, receiver);
    },
  });
}

const SINCE_2_0 = {
  register_module_full_backward_pre_hook,
  register_module_parameter_registration_hook,
  register_module_buffer_registration_hook,
  register_module_module_registration_hook,
};

/**
 * torch.nn.modules.module's hook functions: PyTorch 2.x's are attributes only when running on
 * LibTorch 2.x; on 1.13 reading one raises Python's AttributeError.
 */
export const module_hook_functions = (() => {
  const ns = {
    register_module_forward_pre_hook,
    register_module_forward_hook,
    register_module_backward_hook,
    register_module_full_backward_hook,
  } as typeof SINCE_2_0 & {
    register_module_forward_pre_hook: typeof register_module_forward_pre_hook;
    register_module_forward_hook: typeof register_module_forward_hook;
    register_module_backward_hook: typeof register_module_backward_hook;
    register_module_full_backward_hook: typeof register_module_full_backward_hook;
  };
  const has = forRelease([['1.13', false], ['2.0', true]]);
  for (const [name, fn] of Object.entries(SINCE_2_0)) {
    Object.defineProperty(ns, name, has ? { value: fn, enumerable: true } : {
      get: () => { throw new TorchError(`module 'torch.nn.modules.module' has no attribute '${name}'`, 'AttributeError'); },
      enumerable: false,
    });
  }
  return ns;
})();
