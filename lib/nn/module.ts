// nn.Module: the base of every layer. Instances are callable functions (`model(x)` runs forward
// through the hooks, like Python's __call__). Parameters, buffers and sub-modules are the
// instance's own properties, found in assignment order, so `this.fc = nn.Linear(...)` registers.
import { inspect } from 'util';
import { Tensor, PyArgs } from '../tensor';
import { dtype, memory_format, float32, float64, float16, bfloat16 } from '../dtype';
import { device as Device, DeviceLike } from '../device';
import { no_grad } from '../autograd';
import { empty_like } from '../creation';
import { TorchError } from '../errors';
import { native } from '../native';

import { Parameter, isUninitialized } from './parameter';
import { pyBind } from '../python/binder';
import { isOptions, trailingOptions } from '../python/options';
import { namedTuple } from '../python/named_tuple';
import { sizeRepr, pyRepr, listRepr } from '../python/repr';
import { typeName } from '../python/typename';
import { forRelease } from '../release';
import { PY_ORDERED } from '../serialization/pickle';
import { get_overwrite_module_params_on_conversion, get_swap_module_params_on_conversion } from '../future';
import { swap_tensors, isSameTensor, HAS_MODULE_LOAD } from '../tensor_swap';

// Set by lib/copy.ts (which imports this file) to avoid a module cycle.
let deepcopyModule: (m: Module) => Module = () => { throw new Error('torchts: copy module not loaded'); };
export function setDeepcopy(fn: (m: Module) => Module): void { deepcopyModule = fn; }

import { RemovableHandle, addHook } from '../hooks';
import { BackwardHook, FullBackwardHook, FullBackwardPreHook } from './backward_hook';
import * as G from './global_hooks';
import { setupNonFullBackwardHooks } from './legacy_backward_hook';
import { warn } from '../python/warnings';
export type { RemovableHandle };
// Inputs and outputs are typed loosely (usually tensors) so that hooks port as written
// (`output.detach()`, `input[0].shape`).
// PyTorch's forward kwargs are the call's trailing options object, `model(x, { mask })`: args `[x]`,
// kwargs `{ mask }`. A lone plain object (`model(batch)`) is a positional dict argument.
/** `hook(module, args, output)`: runs after forward; a non-null result replaces the output. */
export type ForwardHook = (module: Module, args: any[], output: any) => unknown;
/** `hook(module, args, kwargs, output)` (registered `with_kwargs`): runs after forward; a non-null result replaces the output. */
export type ForwardHookWithKwargs = (module: Module, args: any[], kwargs: Record<string, any>, output: any) => unknown;
/** `hook(module, args)`: runs before forward; a non-null result replaces the args (a non-array one becomes `[result]`). */
export type ForwardPreHook = (module: Module, args: any[]) => unknown;
/** `hook(module, args, kwargs)` (registered `with_kwargs`): runs before forward; may return `[args, kwargs]` to replace both. */
export type ForwardPreHookWithKwargs = (module: Module, args: any[], kwargs: Record<string, any>) => [any[], Record<string, any>] | null | undefined | void;
/** register_forward_hook's options (PyTorch 2.x's keywords). */
export interface ForwardHookOptions { prepend?: boolean; with_kwargs?: boolean; always_call?: boolean }
/** register_forward_pre_hook's options (PyTorch 2.x's keywords). */
export interface ForwardPreHookOptions { prepend?: boolean; with_kwargs?: boolean }
/** A state dict: tensors by qualified name; a `<prefix>_extra_state` entry holds what that module's get_extra_state returned. */
export type StateDict = Record<string, Tensor>;
/** Per-module entries of a state dict's `_metadata` (`{ version }`, plus what state-dict hooks add). */
export type LocalMetadata = Record<string, any>;
/** `hook(module, state_dict, prefix, local_metadata)`: runs after the module's entries are in the state dict; a non-null result replaces it. */
export type StateDictHook = (module: Module, state_dict: StateDict, prefix: string, local_metadata: LocalMetadata) => StateDict | null | undefined | void;
/** `hook(module, state_dict, prefix, local_metadata)` of register_state_dict_post_hook: edits the state dict in place, returns nothing. */
export type StateDictPostHook = (module: Module, state_dict: StateDict, prefix: string, local_metadata: LocalMetadata) => void;
/** `hook(module, prefix, keep_vars)`: runs before the module puts its entries in the state dict. */
export type StateDictPreHook = (module: Module, prefix: string, keep_vars: boolean) => void;
/**
 * load_state_dict's result, PyTorch's `_IncompatibleKeys` named tuple: `[missing_keys,
 * unexpected_keys]`, also readable by name; prints `<All keys matched successfully>` when both are empty.
 */
export type IncompatibleKeys = [string[], string[]] & { readonly missing_keys: string[]; readonly unexpected_keys: string[] };
/** `hook(module, incompatible_keys)`: runs after the module and its children loaded; may edit the key lists in place. */
export type LoadStateDictPostHook = (module: Module, incompatible_keys: IncompatibleKeys) => void;
/** `hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)`: runs before the module loads its entries; may rewrite them. */
export type LoadStateDictPreHook = (state_dict: Record<string, unknown>, prefix: string, local_metadata: LocalMetadata, strict: boolean,
  missing_keys: string[], unexpected_keys: string[], error_msgs: string[]) => void;

// PyTorch 2.x warns when full backward hooks meet an output that is neither a Tensor nor a tuple.
const BACKWARD_HOOK_OUTPUT_WARNING = forRelease([['1.13', false], ['2.0', true]]);

// PyTorch 2 changed zero_grad's default to set_to_none=True; follow the LibTorch we run on (as
// torch.optim's zero_grad does).
const ZERO_GRAD_SET_TO_NONE = Number(String(native.version()).split('.')[0]) >= 2;

/** `module.to(...)`'s forms (torch._C._nn._parse_to): device and/or dtype, a dtype, a tensor, or a memory_format. */
export type ModuleToArgs =
  | PyArgs<[['device', DeviceLike | null, '?'], ['dtype', dtype | null, '?'], ['non_blocking', boolean, '?']], { memory_format?: memory_format }>
  | PyArgs<[['dtype', dtype], ['non_blocking', boolean, '?']], { memory_format?: memory_format }>
  | PyArgs<[['tensor', Tensor], ['non_blocking', boolean, '?']], { memory_format?: memory_format }>;

function incompatibleKeysRepr(this: IncompatibleKeys): string {
  if (!this.missing_keys.length && !this.unexpected_keys.length) return '<All keys matched successfully>';
  return `_IncompatibleKeys(missing_keys=${listRepr(this.missing_keys, pyRepr)}, unexpected_keys=${listRepr(this.unexpected_keys, pyRepr)})`;
}

/** PyTorch's `_IncompatibleKeys(missing_keys, unexpected_keys)`, over the lists themselves (hooks edit them in place). */
function incompatibleKeys(missing_keys: string[], unexpected_keys: string[]): IncompatibleKeys {
  const keys = namedTuple([missing_keys, unexpected_keys], ['missing_keys', 'unexpected_keys']) as IncompatibleKeys;
  for (const key of ['toString', inspect.custom]) Object.defineProperty(keys, key, { value: incompatibleKeysRepr, enumerable: false });
  return keys;
}

/** Whether register_state_dict_post_hook registered `hook` (PyTorch's `_from_public_api` mark). */
const isPublicStateDictHook = (hook: unknown): boolean => (hook as { _from_public_api?: boolean })._from_public_api === true;

/** The state-dict key suffix of a module's extra state (`<prefix>_extra_state`), PyTorch's `_EXTRA_STATE_KEY_SUFFIX`. */
export const _EXTRA_STATE_KEY_SUFFIX = '_extra_state';

/** Whether the module's class (not the instance, as PyTorch checks) defines its own `method`. */
const classDefines = (module: Module, method: 'get_extra_state' | 'set_extra_state'): boolean =>
  (Object.getPrototypeOf(module) as Module)[method] !== Module.prototype[method];

// PyTorch 2.x counts a key naming something other than a child module before a dot (`weight.x`) or
// other than a parameter or buffer without one (`fc`) as unexpected; 1.13 only a name that is neither.
const UNEXPECTED_BY_KIND = forRelease([['1.13', false], ['2.0', true]]);
// PyTorch 2.x warns when a meta parameter is copied into (a no-op) instead of assigned.
const META_COPY_WARNING = forRelease([['1.13', false], ['2.0', true]]);
/** named_parameters' and named_buffers' parameters: 2.x adds remove_duplicate. */
const NAMED_MEMBERS_PARAMS = forRelease([['1.13', ['prefix', 'recurse']], ['2.0', ['prefix', 'recurse', 'remove_duplicate']]]);
const NAMED_MEMBERS_DEFAULTS = { prefix: '', recurse: true, remove_duplicate: true };

/** One hooked module call: what _call_impl's hooks have made of its args, kwargs and result so far. */
interface HookedCall {
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** Whether forward gets kwargs as its trailing options object (the caller gave one, or a hook made some). */
  passKwargs: boolean;
  result: unknown;
  /** The always_call forward hooks that have run. */
  called: Set<number>;
}

/** A call's args and kwargs: a trailing plain object after positional arguments is the kwargs (a copy, as Python's `**kwargs`). */
function hookedCall(input: unknown[]): HookedCall {
  const last = input[input.length - 1];
  const split = input.length > 1 && isOptions(last);
  return { args: split ? input.slice(0, -1) : input, kwargs: split ? { ...last } : {}, passKwargs: split, result: null, called: new Set() };
}

/** Marks a plain object to be saved as Python's OrderedDict, as PyTorch's `_metadata` is. */
function markOrdered<T extends object>(obj: T): T {
  Object.defineProperty(obj, PY_ORDERED, { value: true, enumerable: false });
  return obj;
}

function hidden(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

/** PyTorch's _addindent: indents every line after the first. */
export function addIndent(s: string, n: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => ' '.repeat(n) + l)].join('\n');
}

/**
 * What load_state_dict's `assign` puts in place of `target`: the state dict's tensor itself; for a
 * parameter a Parameter (the given one, or a new one over its data) with the parameter's requires_grad.
 */
function assignedValue(target: Tensor, src: Tensor): Tensor {
  if (!(target instanceof Parameter)) return src;
  if (src instanceof Parameter) return src.requires_grad_(target.requires_grad) as Parameter;
  return new Parameter(src, target.requires_grad);
}

/**
 * What load_state_dict swaps into `target` under torch.__future__'s swap switch (PyTorch 2.3+):
 * `target.module_load(src, assign)`, a new tensor, made a Parameter with the target's requires_grad.
 */
function loadedValue(target: Tensor, src: Tensor, assign: boolean): Tensor {
  let loaded = target.module_load(src, { assign });
  if (isSameTensor(loaded, src) || isSameTensor(loaded, target)) {
    throw new TorchError('module_load returned one of self or other, please .detach() the result if returning one of the inputs in module_load');
  }
  if (target instanceof Parameter) loaded = loaded instanceof Parameter ? loaded.requires_grad_(target.requires_grad) : new Parameter(loaded, target.requires_grad);
  return loaded;
}

export interface Module {
  /** `model(x)`: runs forward-pre hooks, forward, forward hooks. */
  (...input: any[]): any;
}

export class Module {
  training!: boolean;
  declare _forward_hooks: Map<number, ForwardHook | ForwardHookWithKwargs>;
  /** Ids of the forward hooks registered `with_kwargs` / `always_call`. */
  declare _forward_hooks_with_kwargs: Set<number>;
  declare _forward_hooks_always_called: Set<number>;
  declare _forward_pre_hooks: Map<number, ForwardPreHook | ForwardPreHookWithKwargs>;
  /** Ids of the forward pre-hooks registered `with_kwargs`. */
  declare _forward_pre_hooks_with_kwargs: Set<number>;
  declare _backward_hooks: Map<number, FullBackwardHook | G.BackwardHook>;
  /** Which kind `_backward_hooks` holds: null until one is registered, then fixed (PyTorch's flag). */
  declare _is_full_backward_hook: boolean | null;
  declare _backward_pre_hooks: Map<number, FullBackwardPreHook>;
  declare _buffer_names: Set<string>;
  declare _non_persistent_buffers_set: Set<string>;
  declare _state_dict_hooks: Map<number, StateDictHook>;
  declare _state_dict_pre_hooks: Map<number, StateDictPreHook>;
  declare _load_state_dict_pre_hooks: Map<number, LoadStateDictPreHook>;
  declare _load_state_dict_post_hooks: Map<number, LoadStateDictPostHook>;
  /** The state-dict format version, saved in the state dict's `_metadata` (BatchNorm's is 2). */
  get _version(): number { return 1; }

  constructor(...args: unknown[]) {
    // Arguments reach here only through a class without a constructor of its own (nn.Sigmoid, a
    // user subclass): Python's Module.__init__ takes none (2.x names the class in its message).
    if (args.length) {
      const owner = `${forRelease([['1.13', 'Module'], ['2.0', new.target.name]])}.__init__()`;
      const kw = isOptions(args[args.length - 1]) ? Object.keys(args[args.length - 1] as object) : null;
      if (kw !== null && kw.length) throw new TypeError(`${owner} got an unexpected keyword argument '${kw[0]}'`);
      const positional = kw === null ? args.length : args.length - 1;
      if (positional) throw new TypeError(`${owner} takes 1 positional argument but ${positional + 1} were given`);
    }
    return Module._blank(new.target.prototype);
  }

  /** A callable instance with `proto` and empty module state, without running any constructor. */
  static _blank(proto: object): Module {
    const self = function (...input: unknown[]): unknown {
      return module._call_impl(...input);
    } as unknown as Module;
    // While global registration hooks exist, modules made then run them on attribute assignment
    // too, as Python's __setattr__ does (`this.weight = Parameter(...)`).
    let module = G.anyRegistrationHooks() ? G.withRegistrationHooks(self) : self;
    // A function's own `name`/`length` are read-only; modules may want those attribute names.
    delete (self as any).name;
    delete (self as any).length;
    Object.setPrototypeOf(self, proto);
    hidden(self, 'training', true);
    hidden(self, '_forward_hooks', new Map());
    hidden(self, '_forward_hooks_with_kwargs', new Set());
    hidden(self, '_forward_hooks_always_called', new Set());
    hidden(self, '_forward_pre_hooks', new Map());
    hidden(self, '_forward_pre_hooks_with_kwargs', new Set());
    hidden(self, '_backward_hooks', new Map());
    hidden(self, '_backward_pre_hooks', new Map());
    hidden(self, '_is_full_backward_hook', null);
    hidden(self, '_state_dict_hooks', new Map());
    hidden(self, '_state_dict_pre_hooks', new Map());
    hidden(self, '_load_state_dict_pre_hooks', new Map());
    hidden(self, '_load_state_dict_post_hooks', new Map());
    hidden(self, '_buffer_names', new Set());
    hidden(self, '_non_persistent_buffers_set', new Set());
    // Containers answer Python's item syntax (`seq[-1]`, `pd['w'] = t`) through a Proxy of their own.
    // (The call above then runs forward on the Proxy too.)
    const wrap = (proto as { _wrapInstance?: (m: Module) => Module })._wrapInstance;
    if (wrap) module = wrap(module);
    return module;
  }

  forward(..._input: any[]): any {
    throw new TorchError(`Module [${this._get_name()}] is missing the required "forward" function`, 'NotImplementedError');
  }

  _call_impl(...input: unknown[]): unknown {
    if (!(this._backward_hooks.size || this._backward_pre_hooks.size || this._forward_hooks.size || this._forward_pre_hooks.size
      || G._global_backward_hooks.size || G._global_backward_pre_hooks.size || G._global_forward_hooks.size || G._global_forward_pre_hooks.size)) {
      return this.forward(...input);
    }
    const call = hookedCall(input);
    if (!G._global_forward_hooks_always_called.size && !this._forward_hooks_always_called.size) return this.callWithHooks(call);
    try {
      return this.callWithHooks(call);
    } catch (e) {
      this.runAlwaysCalledHooks(call);
      throw e;
    }
  }

  /** _call_impl's hooked path (PyTorch 2.x's `inner`); `call` keeps what the always_call hooks see if it throws. */
  private callWithHooks(call: HookedCall): unknown {
    const [fullHooks, nonFullHooks] = this._get_backward_hooks();
    const preHooks = [...G._global_backward_pre_hooks.values(), ...this._backward_pre_hooks.values()];
    // Snapshots, as PyTorch iterates copies: a hook that registers hooks runs them from the next call.
    for (const [id, hook] of [...G._global_forward_pre_hooks, ...this._forward_pre_hooks]) {
      if (this._forward_pre_hooks_with_kwargs.has(id)) {
        const r = (hook as ForwardPreHookWithKwargs)(this, call.args, call.kwargs);
        if (r === undefined || r === null) continue;
        if (!Array.isArray(r) || r.length !== 2) {
          throw new TorchError(`forward pre-hook must return None or a tuple of (new_args, new_kwargs), but got ${pyRepr(r, 'tuple')}.`);
        }
        const [args, kwargs] = r;
        if (!Array.isArray(args)) throw new TypeError(`forward pre-hook's new_args must be an array, got ${typeName(args)}`);
        if (!isOptions(kwargs)) throw new TypeError(`forward pre-hook's new_kwargs must be a plain object, got ${typeName(kwargs)}`);
        [call.args, call.kwargs, call.passKwargs] = [args, kwargs, Object.keys(kwargs).length > 0];
      } else {
        const r = (hook as ForwardPreHook)(this, call.args);
        if (r !== undefined && r !== null) call.args = Array.isArray(r) ? r : [r];
      }
    }
    const backwardHook = fullHooks.length || preHooks.length ? new BackwardHook(this, fullHooks, preHooks) : null;
    if (backwardHook) call.args = backwardHook.setup_input_hook(call.args);
    const { args, kwargs } = call;
    call.result = call.passKwargs ? this.forward(...args, kwargs) : this.forward(...args);
    for (const [id, hook] of [...G._global_forward_hooks, ...this._forward_hooks]) {
      if (this._forward_hooks_always_called.has(id) || G._global_forward_hooks_always_called.has(id)) call.called.add(id);
      const r = this._forward_hooks_with_kwargs.has(id) || G._global_forward_hooks_with_kwargs.has(id)
        ? (hook as ForwardHookWithKwargs)(this, args, kwargs, call.result) : (hook as ForwardHook)(this, args, call.result);
      if (r !== undefined && r !== null) call.result = r;
    }
    let output = call.result;
    if (backwardHook) {
      if (BACKWARD_HOOK_OUTPUT_WARNING && !(output instanceof Tensor || Array.isArray(output))) {
        warn(`For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received <class '${typeName(output)}'>`);
      }
      output = backwardHook.setup_output_hook(output);
    }
    if (nonFullHooks.length) setupNonFullBackwardHooks(this, nonFullHooks, args, output);
    return output;
  }

  /**
   * PyTorch 2.x: when the call threw, the `always_call` forward hooks not run yet still run, the
   * global ones first (those without kwargs, as PyTorch calls them); their own errors become warnings.
   */
  private runAlwaysCalledHooks(call: HookedCall): void {
    const pending = (hooks: Map<number, unknown>, always: Set<number>) => [...hooks].filter(([id]) => always.has(id) && !call.called.has(id));
    const run = (hook: () => unknown, owner: string) => {
      try {
        const r = hook();
        if (r !== undefined && r !== null) call.result = r;
      } catch (e) {
        warn(`${owner} forward hook with \`\`always_call=True\`\` raised an exception that was silenced as another error was raised in forward: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    for (const [, hook] of pending(G._global_forward_hooks, G._global_forward_hooks_always_called)) {
      run(() => (hook as ForwardHook)(this, call.args, call.result), 'global module');
    }
    for (const [id, hook] of pending(this._forward_hooks, this._forward_hooks_always_called)) {
      run(() => (this._forward_hooks_with_kwargs.has(id) ? (hook as ForwardHookWithKwargs)(this, call.args, call.kwargs, call.result)
        : (hook as ForwardHook)(this, call.args, call.result)), 'module');
    }
  }

  /** [full, non-full] backward hooks for a call: the global ones, then the module's, each by its kind. */
  _get_backward_hooks(): [FullBackwardHook[], G.BackwardHook[]] {
    const full: FullBackwardHook[] = [], nonFull: G.BackwardHook[] = [];
    const globalFull = G._global_is_full_backward_hook();
    if (globalFull !== null) (globalFull ? full : nonFull).push(...(G._global_backward_hooks.values() as Iterable<any>));
    if (this._is_full_backward_hook !== null) (this._is_full_backward_hook ? full : nonFull).push(...(this._backward_hooks.values() as Iterable<any>));
    return [full, nonFull];
  }

  private setBackwardHookKind(full: boolean): void {
    if (this._is_full_backward_hook === !full) {
      throw new TorchError('Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.');
    }
    this._is_full_backward_hook = full;
  }

  /**
   * Registers `hook(module, args, output)`, run after every forward; a non-null result replaces the
   * output. PyTorch 2.x's options: `prepend` runs it before this module's other forward hooks (the
   * global ones still run first), `with_kwargs` passes `hook(module, args, kwargs, output)`, and
   * `always_call` runs it also when the call throws (the error then propagates).
   */
  register_forward_hook(hook: ForwardHookWithKwargs, options: ForwardHookOptions & { with_kwargs: true }): RemovableHandle;
  register_forward_hook(...args: PyArgs<[['hook', ForwardHook]], ForwardHookOptions>): RemovableHandle;
  register_forward_hook(...args: unknown[]): RemovableHandle {
    const [hook, prepend, with_kwargs, always_call] = pyBind<[ForwardHook, boolean, boolean, boolean]>('Module.register_forward_hook', args, ['hook'],
      { prepend: false, with_kwargs: false, always_call: false }, ['prepend', 'with_kwargs', 'always_call']);
    return addHook(this._forward_hooks, hook, prepend, [[this._forward_hooks_with_kwargs, with_kwargs], [this._forward_hooks_always_called, always_call]]);
  }
  /**
   * Registers `hook(module, args)`, run before every forward; a non-null result replaces the args.
   * PyTorch 2.x's options: `prepend`, and `with_kwargs`, which passes `hook(module, args, kwargs)`
   * that may return `[args, kwargs]`.
   */
  register_forward_pre_hook(hook: ForwardPreHookWithKwargs, options: ForwardPreHookOptions & { with_kwargs: true }): RemovableHandle;
  register_forward_pre_hook(...args: PyArgs<[['hook', ForwardPreHook]], ForwardPreHookOptions>): RemovableHandle;
  register_forward_pre_hook(...args: unknown[]): RemovableHandle {
    const [hook, prepend, with_kwargs] = pyBind<[ForwardPreHook, boolean, boolean]>('Module.register_forward_pre_hook', args, ['hook'],
      { prepend: false, with_kwargs: false }, ['prepend', 'with_kwargs']);
    return addHook(this._forward_pre_hooks, hook, prepend, [[this._forward_pre_hooks_with_kwargs, with_kwargs]]);
  }

  /** `hook(module, grad_input, grad_output)` runs when the gradients w.r.t. the module's inputs are computed; may return replacement grad_input. */
  register_full_backward_hook(...args: PyArgs<[['hook', FullBackwardHook]], { prepend?: boolean }>): RemovableHandle {
    const [hook, prepend] = pyBind<[FullBackwardHook, boolean]>('Module.register_full_backward_hook', args, ['hook'], { prepend: false }, ['prepend']);
    this.setBackwardHookKind(true);
    return addHook(this._backward_hooks, hook, prepend);
  }
  /**
   * The legacy backward hook (deprecated in PyTorch): `hook(module, grad_input, grad_output)` runs on
   * the grad_fn of the module's first output tensor, with that node's gradients; it may return
   * replacement grad_input. PyTorch's warnings say when this misses gradients.
   */
  register_backward_hook(...args: PyArgs<[['hook', G.BackwardHook]]>): RemovableHandle {
    const [hook] = pyBind<[G.BackwardHook]>('Module.register_backward_hook', args, ['hook']);
    this.setBackwardHookKind(false);
    return addHook(this._backward_hooks, hook, false);
  }
  /** `hook(module, grad_output)` runs when the gradients w.r.t. the module's outputs are computed; may return replacement grad_output. */
  register_full_backward_pre_hook(...args: PyArgs<[['hook', FullBackwardPreHook]], { prepend?: boolean }>): RemovableHandle {
    const [hook, prepend] = pyBind<[FullBackwardPreHook, boolean]>('Module.register_full_backward_pre_hook', args, ['hook'], { prepend: false }, ['prepend']);
    return addHook(this._backward_pre_hooks, hook, prepend);
  }

  // ---- registration ------------------------------------------------------------------------
  private checkName(name: string, kind: string): void {
    if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${typeName(name)}`);
    // add_module's message alone names the module.
    if (name.includes('.')) throw new TorchError(`${kind} name can't contain "."${kind === 'module' ? `, got: ${name}` : ''}`, 'KeyError');
    if (name === '') throw new TorchError(`${kind} name can't be empty string ""`, 'KeyError');
  }
  register_parameter(...args: PyArgs<[['name', string], ['param', Parameter | null]]>): void {
    const [name, param] = pyBind<[string, Parameter | null]>('Module.register_parameter', args, ['name', 'param']);
    this.checkName(name, 'parameter');
    if (param !== null && !(param instanceof Parameter)) throw new TypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    const value = param === null ? param : G.applyRegistrationHooks(G._global_parameter_registration_hooks, this, name, param);
    G.assignRegistered(this, name, value);
  }
  register_buffer(...args: PyArgs<[['name', string], ['tensor', Tensor | null], ['persistent', boolean, '?']]>): void {
    const [name, tensor, persistent] = pyBind<[string, Tensor | null, boolean]>('Module.register_buffer', args, ['name', 'tensor', 'persistent'], { persistent: true });
    this.checkName(name, 'buffer');
    // (A TS field declaration leaves an undefined property: not an attribute yet.)
    if ((this as any)[name] !== undefined && !this._buffer_names.has(name)) throw new TorchError(`attribute '${name}' already exists`, 'KeyError');
    if (tensor !== null && !(tensor instanceof Tensor)) throw new TypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    const value = G.applyRegistrationHooks(G._global_buffer_registration_hooks, this, name, tensor);
    this._buffer_names.add(name);
    if (persistent) this._non_persistent_buffers_set.delete(name); else this._non_persistent_buffers_set.add(name);
    G.assignRegistered(this, name, value);
  }
  register_module(...args: PyArgs<[['name', string], ['module', Module | null]]>): void { this.add_module(...args); }
  add_module(...args: PyArgs<[['name', string], ['module', Module | null]]>): void {
    const [name, module] = pyBind<[string, Module | null]>('Module.add_module', args, ['name', 'module']);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
    this.checkName(name, 'module');
    G.assignRegistered(this, name, G.applyRegistrationHooks(G._global_module_registration_hooks, this, name, module));
  }

  /** Own entries in assignment order: [name, value] for parameters, buffers or sub-modules. */
  protected ownEntries(kind: 'parameter' | 'buffer' | 'module'): [string, any][] {
    const out: [string, any][] = [];
    for (const key of Object.keys(this)) {
      const v = (this as any)[key];
      const match = kind === 'parameter' ? v instanceof Parameter
        // A Parameter assigned over a buffer's name replaces the buffer, as in Python's __setattr__.
        : kind === 'buffer' ? this._buffer_names.has(key) && v instanceof Tensor && !(v instanceof Parameter)
        : v instanceof Module;
      if (match) out.push([key, v]);
    }
    return out;
  }

  // ---- traversal ---------------------------------------------------------------------------
  named_modules(...args: PyArgs<[['memo', Set<Module> | null, '?'], ['prefix', string, '?'], ['remove_duplicate', boolean, '?']]>): Generator<[string, Module]> {
    const [memo, prefix, remove_duplicate] = pyBind<[Set<Module> | null, string, boolean]>('Module.named_modules', args, ['memo', 'prefix', 'remove_duplicate'], { memo: null, prefix: '', remove_duplicate: true });
    return this.namedModules(memo ?? new Set(), prefix, remove_duplicate);
  }
  private *namedModules(memo: Set<Module>, prefix: string, remove_duplicate: boolean): Generator<[string, Module]> {
    if (remove_duplicate) {
      if (memo.has(this)) return;
      memo.add(this);
    }
    yield [prefix, this];
    for (const [name, m] of this.ownEntries('module')) {
      yield* (m as Module).namedModules(memo, prefix ? `${prefix}.${name}` : name, remove_duplicate);
    }
  }
  *modules(): Generator<Module> { for (const [, m] of this.named_modules()) yield m; }
  *named_children(): Generator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, m] of this.ownEntries('module')) if (!seen.has(m)) { seen.add(m); yield [name, m]; }
  }
  *children(): Generator<Module> { for (const [, m] of this.named_children()) yield m; }

  /** _named_members: each member once unless `remove_duplicate` is false (then also modules shared under two names). */
  private *namedMembers(kind: 'parameter' | 'buffer', prefix: string, recurse: boolean, remove_duplicate = true): Generator<[string, any]> {
    const seen = new Set<unknown>();
    const modules: Iterable<[string, Module]> = recurse ? this.namedModules(new Set(), prefix, remove_duplicate) : [[prefix, this]];
    for (const [modPrefix, m] of modules) {
      for (const [name, v] of m.ownEntries(kind)) {
        if (seen.has(v)) continue;
        if (remove_duplicate) seen.add(v);
        yield [modPrefix ? `${modPrefix}.${name}` : name, v];
      }
    }
  }
  named_parameters(...args: PyArgs<[['prefix', string, '?'], ['recurse', boolean, '?'], ['remove_duplicate', boolean, '?']]>): Generator<[string, Parameter]> {
    const [prefix, recurse, remove_duplicate] = pyBind<[string, boolean, boolean]>('Module.named_parameters', args, NAMED_MEMBERS_PARAMS, NAMED_MEMBERS_DEFAULTS);
    return this.namedMembers('parameter', prefix, recurse, remove_duplicate);
  }
  *parameters(...args: PyArgs<[['recurse', boolean, '?']]>): Generator<Parameter> {
    const [recurse] = pyBind<[boolean]>('Module.parameters', args, ['recurse'], { recurse: true });
    for (const [, p] of this.namedMembers('parameter', '', recurse)) yield p;
  }
  named_buffers(...args: PyArgs<[['prefix', string, '?'], ['recurse', boolean, '?'], ['remove_duplicate', boolean, '?']]>): Generator<[string, Tensor]> {
    const [prefix, recurse, remove_duplicate] = pyBind<[string, boolean, boolean]>('Module.named_buffers', args, NAMED_MEMBERS_PARAMS, NAMED_MEMBERS_DEFAULTS);
    return this.namedMembers('buffer', prefix, recurse, remove_duplicate);
  }
  *buffers(...args: PyArgs<[['recurse', boolean, '?']]>): Generator<Tensor> {
    const [recurse] = pyBind<[boolean]>('Module.buffers', args, ['recurse'], { recurse: true });
    for (const [, b] of this.namedMembers('buffer', '', recurse)) yield b;
  }

  get_submodule(...args: PyArgs<[['target', string]]>): Module {
    const [target] = pyBind<[string]>('Module.get_submodule', args, ['target']);
    if (target === '') return this;
    let m: Module = this;
    for (const item of target.split('.')) {
      const next = (m as any)[item];
      if (!(next instanceof Module)) throw new TorchError(`${m._get_name()} has no attribute \`${item}\``, 'AttributeError');
      m = next;
    }
    return m;
  }
  get_parameter(...args: PyArgs<[['target', string]]>): Parameter {
    const [target] = pyBind<[string]>('Module.get_parameter', args, ['target']);
    const i = target.lastIndexOf('.');
    const mod = this.get_submodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    if (!(name in mod)) throw new TorchError(`${mod._get_name()} has no attribute \`${name}\``, 'AttributeError');
    const p = (mod as any)[name];
    if (!(p instanceof Parameter)) throw new TorchError(`\`${name}\` is not an nn.Parameter`, 'AttributeError');
    return p;
  }
  get_buffer(...args: PyArgs<[['target', string]]>): Tensor {
    const [target] = pyBind<[string]>('Module.get_buffer', args, ['target']);
    const i = target.lastIndexOf('.');
    const mod = this.get_submodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    if (!(name in mod)) throw new TorchError(`${mod._get_name()} has no attribute \`${name}\``, 'AttributeError');
    if (!mod._buffer_names.has(name) || !((mod as any)[name] instanceof Tensor)) throw new TorchError(`\`${name}\` is not a buffer`, 'AttributeError');
    return (mod as any)[name];
  }

  /** Calls fn on every sub-module (children first) and on this module; returns this. */
  apply(...args: PyArgs<[['fn', (m: Module) => unknown]]>): this {
    const [fn] = pyBind<[(m: Module) => unknown]>('Module.apply', args, ['fn']);
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  train(...args: PyArgs<[['mode', boolean, '?']]>): this {
    const [mode] = pyBind<[boolean]>('Module.train', args, ['mode'], { mode: true });
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }
  eval(): this { return this.train(false); }

  requires_grad_(...args: PyArgs<[['requires_grad', boolean, '?']]>): this {
    const [requires_grad] = pyBind<[boolean]>('Module.requires_grad_', args, ['requires_grad'], { requires_grad: true });
    for (const p of this.parameters()) p.requires_grad_(requires_grad);
    return this;
  }
  /** Resets every parameter's gradient: to null with `set_to_none`, else to zero (default: the LibTorch version's, false on 1.13). */
  zero_grad(...args: PyArgs<[['set_to_none', boolean, '?']]>): void {
    const [toNone] = pyBind<[boolean]>('Module.zero_grad', args, ['set_to_none'], { set_to_none: ZERO_GRAD_SET_TO_NONE });
    for (const p of this.parameters()) {
      const g = p.grad;
      if (!g) continue;
      if (toNone) p.grad = null;
      else {
        if (g.grad_fn) g.detach_(); else g.requires_grad_(false);
        g.zero_();
      }
    }
  }

  // ---- devices and dtypes ------------------------------------------------------------------
  /**
   * Applies fn to every parameter and buffer, of the children first (with `recurse`), as PyTorch's
   * _apply of the running release. A parameter stays the same object (`param.data = fn(param)`,
   * its gradient likewise) unless torch.__future__'s overwrite switch is on or fn's result cannot
   * share its TensorImpl type (a sparse result of a dense parameter): then a new Parameter with the
   * same requires_grad takes its place, and an optimizer built before keeps the old one. With the
   * swap switch (PyTorch 2.3+) the new contents are swapped into the existing objects instead.
   */
  _apply(fn: (t: Tensor) => Tensor, recurse = true): this {
    if (recurse) for (const m of this.children()) m._apply(fn);
    // compute_should_use_set_data: whether `t.data = applied` may keep t.
    const useSetData = (t: Tensor, applied: Tensor): boolean =>
      native.hasCompatibleShallowCopyType(t, applied) && !get_overwrite_module_params_on_conversion();
    const swap = HAS_MODULE_LOAD && get_swap_module_params_on_conversion();
    const swapFailed = (what: string, cause: unknown): TorchError =>
      Object.defineProperty(new TorchError(`_apply(): Couldn't swap ${this._get_name()}.${what}`), 'cause', { value: cause, configurable: true, writable: true });
    for (const [key, param] of this.ownEntries('parameter') as [string, Parameter][]) {
      // Parameters are graph leaves: the conversion itself is not recorded.
      let param_applied = no_grad(() => fn(param));
      const param_grad: Tensor | null = param.grad;
      let out_param: Parameter = param;
      if (swap) {
        try {
          // The gradient's own reference would block its swap below.
          if (param_grad !== null) param.grad = null;
          param_applied = new Parameter(param_applied, param.requires_grad);
          swap_tensors(param, param_applied);
        } catch (e) {
          if (param_grad !== null) param.grad = param_grad;
          throw swapFailed(key, e);
        }
      } else if (useSetData(param, param_applied)) {
        param.data = param_applied;
      } else {
        out_param = new Parameter(param_applied, param.requires_grad);
        G.assignRegistered(this, key, out_param);
      }
      if (param_grad === null) continue;
      const grad_applied = no_grad(() => fn(param_grad));
      if (swap) {
        grad_applied.requires_grad_(param_grad.requires_grad);
        try { swap_tensors(param_grad, grad_applied); } catch (e) { throw swapFailed(`${key}.grad`, e); }
        out_param.grad = param_grad;
      } else if (useSetData(param_grad, grad_applied)) {
        out_param.grad.data = grad_applied;
      } else {
        out_param.grad = grad_applied.requires_grad_(param_grad.requires_grad);
      }
    }
    for (const [key, buf] of this.ownEntries('buffer')) G.assignRegistered(this, key, fn(buf));
    return this;
  }
  /**
   * Moves and/or casts the parameters and buffers, in place: `to(device)`, `to(device, dtype)`,
   * `to(dtype)`, `to(tensor)`, `to({ memory_format })`, each with `non_blocking`. Only floating-point
   * tensors change dtype.
   */
  to(...args: ModuleToArgs): this {
    const kw = trailingOptions(args) ?? {};
    const first = args[0] !== kw ? args[0] : kw.tensor ?? kw.dtype ?? kw.device;
    let dev: DeviceLike | null, dt: dtype | null, nb: boolean, mf: memory_format | null;
    if (first instanceof Tensor) {
      const [t, b, f] = pyBind<[Tensor, boolean, memory_format | null]>('Module.to', args, ['tensor', 'non_blocking'], { non_blocking: false, memory_format: null }, ['memory_format']);
      [dev, dt, nb, mf] = [t.device, t.dtype, b, f];
    } else if (first instanceof dtype && args[0] === first) {
      [dt, nb, mf] = pyBind<[dtype, boolean, memory_format | null]>('Module.to', args, ['dtype', 'non_blocking'], { non_blocking: false, memory_format: null }, ['memory_format']);
      dev = null;
    } else {
      [dev, dt, nb, mf] = pyBind<[DeviceLike | null, dtype | null, boolean, memory_format | null]>('Module.to', args, ['device', 'dtype', 'non_blocking'],
        { device: null, dtype: null, non_blocking: false, memory_format: null }, ['memory_format']);
    }
    if (dev !== null && !(typeof dev === 'string' || typeof dev === 'number' || dev instanceof Device)) throw new TypeError(`to() received an invalid combination of arguments - got (${typeof dev})`);
    if (dt !== null && !(dt instanceof dtype)) throw new TypeError(`to() received an invalid combination of arguments - got dtype=${String(dt)}`);
    if (dt !== null && !(dt.is_floating_point || dt.is_complex)) throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dt}`);
    const target = typeof dev === 'number' ? `cuda:${dev}` : dev;
    return this._apply((t) => {
      const opts = { device: target ?? undefined, dtype: (t.is_floating_point() || t.dtype.is_complex) && dt !== null ? dt : undefined, non_blocking: nb };
      return mf !== null && (t.dim() === 4 || t.dim() === 5) ? t.to({ ...opts, memory_format: mf }) : t.to(opts);
    });
  }
  cuda(...args: PyArgs<[['device', DeviceLike | null, '?']]>): this {
    const [device] = pyBind<[DeviceLike | null]>('Module.cuda', args, ['device'], { device: null });
    return this._apply((t) => t.cuda(device));
  }
  cpu(): this { return this._apply((t) => t.cpu()); }
  /**
   * Moves the parameters and buffers to `device` without copying their data (new uninitialized
   * storage, as torch.empty_like): the usual step after building a module on the meta device.
   */
  to_empty(...args: PyArgs<[], { device: DeviceLike | null; recurse?: boolean }>): this {
    const [device, recurse] = pyBind<[DeviceLike | null, boolean]>('Module.to_empty', args, [], { recurse: true }, ['device', 'recurse']);
    return this._apply((t) => empty_like(t, { device: device ?? undefined }), recurse);
  }
  float(): this { return this._apply((t) => (t.is_floating_point() ? t.to(float32) : t)); }
  double(): this { return this._apply((t) => (t.is_floating_point() ? t.to(float64) : t)); }
  half(): this { return this._apply((t) => (t.is_floating_point() ? t.to(float16) : t)); }
  bfloat16(): this { return this._apply((t) => (t.is_floating_point() ? t.to(bfloat16) : t)); }
  /** Casts every parameter and buffer (integer ones included) to `dst_type`. */
  type(...args: PyArgs<[['dst_type', dtype]]>): this {
    const [dst_type] = pyBind<[dtype]>('Module.type', args, ['dst_type']);
    return this._apply((t) => t.to(dst_type));
  }

  // ---- state_dict --------------------------------------------------------------------------
  /**
   * The extra state to include in this module's state dict (any value torch.save can write), under
   * `<prefix>_extra_state`. Define it, with set_extra_state, in a subclass that has such state; the
   * base class's is never called.
   */
  get_extra_state(): unknown {
    throw new TorchError('Reached a code path in Module.get_extra_state() that should never be called. '
      + 'Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.');
  }
  /** Receives the extra state found in a loaded state dict (what get_extra_state returned when it was saved). */
  set_extra_state(_state: any): void {
    throw new TorchError('Reached a code path in Module.set_extra_state() that should never be called. '
      + 'Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.');
  }
  /**
   * Parameters and persistent buffers by qualified name (detached unless `keep_vars`), in a plain
   * object. Python's `state_dict(destination=None, prefix='', keep_vars=False)`: `destination`, when
   * given, is filled and returned.
   */
  state_dict(...args: PyArgs<[['destination', StateDict | null, '?'], ['prefix', string, '?'], ['keep_vars', boolean, '?']]>): StateDict {
    // A lone plain object is the options unless its keys are not option names (a destination to fill).
    const names = ['destination', 'prefix', 'keep_vars'];
    // (`{}` is both: filled and returned.)
    const lone = args.length === 1 && isOptions(args[0]) && (Object.keys(args[0]).length === 0 || !Object.keys(args[0]).every((k) => names.includes(k)));
    const [destination, prefix, keep_vars] = lone ? [args[0] as StateDict, '', false]
      : pyBind<[StateDict | null, string, boolean]>('Module.state_dict', args, names, { destination: null, prefix: '', keep_vars: false });
    let out: StateDict;
    if (destination === null) {
      out = {};
      hidden(out, '_metadata', markOrdered({}));
    } else out = destination;
    return this.stateDictInto(out, prefix, keep_vars);
  }
  /** PyTorch's recursive state_dict(destination, prefix, keep_vars): own entries, children, then the state-dict hooks. */
  private stateDictInto(destination: StateDict, prefix: string, keep_vars: boolean): StateDict {
    const local_metadata: LocalMetadata = { version: this._version };
    const metadata = (destination as { _metadata?: Record<string, LocalMetadata> })._metadata;
    if (metadata !== undefined) metadata[prefix.slice(0, -1)] = local_metadata;
    for (const hook of [...this._state_dict_pre_hooks.values()]) hook(this, prefix, keep_vars);
    this._save_to_state_dict(destination, prefix, keep_vars);
    for (const [name, child] of this.ownEntries('module')) (child as Module).stateDictInto(destination, `${prefix}${name}.`, keep_vars);
    for (const hook of [...this._state_dict_hooks.values()]) {
      const r = hook(this, destination, prefix, local_metadata);
      if (r === null || r === undefined) continue;
      // The older private hooks may return a replacement (PyTorch honours it at the root only, as here);
      // register_state_dict_post_hook's may not.
      if (isPublicStateDictHook(hook)) throw new TorchError('state_dict post-hook must return None');
      destination = r;
    }
    return destination;
  }
  /**
   * Puts this module's own state (not its children's) into `destination`: parameters, persistent
   * buffers and, when its class defines get_extra_state, `<prefix>_extra_state`.
   */
  _save_to_state_dict(destination: StateDict, prefix: string, keep_vars: boolean): void {
    for (const [name, p] of this.ownEntries('parameter')) destination[prefix + name] = keep_vars ? p : p.detach();
    for (const [name, b] of this.ownEntries('buffer')) if (!this._non_persistent_buffers_set.has(name)) destination[prefix + name] = keep_vars ? b : b.detach();
    if (classDefines(this, 'get_extra_state')) destination[prefix + _EXTRA_STATE_KEY_SUFFIX] = this.get_extra_state() as Tensor;
  }
  /** Registers `hook(module, prefix, keep_vars)`, run before this module puts its entries in a state dict. */
  register_state_dict_pre_hook(...args: PyArgs<[['hook', StateDictPreHook]]>): RemovableHandle {
    const [hook] = pyBind<[StateDictPreHook]>('Module.register_state_dict_pre_hook', args, ['hook']);
    return addHook(this._state_dict_pre_hooks, hook);
  }
  /** Registers `hook(module, state_dict, prefix, local_metadata)`, run after this module and its children are in a state dict; it edits the state dict in place. */
  register_state_dict_post_hook(...args: PyArgs<[['hook', StateDictPostHook]]>): RemovableHandle {
    const [hook] = pyBind<[StateDictPostHook]>('Module.register_state_dict_post_hook', args, ['hook']);
    // PyTorch marks the function itself, so that _register_state_dict_hook refuses it later.
    (hook as { _from_public_api?: boolean })._from_public_api = true;
    return addHook(this._state_dict_hooks, hook);
  }
  /** Registers `hook(module, incompatible_keys)`, run after this module (and its children) loaded a state dict; the key lists may be edited in place, before strict's check. */
  register_load_state_dict_post_hook(...args: PyArgs<[['hook', LoadStateDictPostHook]]>): RemovableHandle {
    const [hook] = pyBind<[LoadStateDictPostHook]>('Module.register_load_state_dict_post_hook', args, ['hook']);
    return addHook(this._load_state_dict_post_hooks, hook);
  }
  /** Registers `hook(module, state_dict, prefix, local_metadata)`, run at the end of each state_dict() of this module; a non-null result replaces the state dict. */
  _register_state_dict_hook(hook: StateDictHook): RemovableHandle {
    if (isPublicStateDictHook(hook)) {
      throw new TorchError('Cannot register the same function as the state dict post hook that was previously registered via register_state_dict_post_hook');
    }
    return addHook(this._state_dict_hooks, hook);
  }
  /**
   * Registers `hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
   * error_msgs)`, run before this module loads its entries; with `with_module` the module comes first.
   */
  _register_load_state_dict_pre_hook(hook: LoadStateDictPreHook): RemovableHandle;
  _register_load_state_dict_pre_hook(hook: (module: Module, ...rest: Parameters<LoadStateDictPreHook>) => void, with_module: true): RemovableHandle;
  _register_load_state_dict_pre_hook(hook: Function, with_module = false): RemovableHandle {
    // _load_from_state_dict calls each hook with the loading module as `this` (a deep copy's own, as PyTorch's _WrappedHook).
    const wrapped = (with_module ? function (this: Module, ...a: Parameters<LoadStateDictPreHook>) { return hook(this, ...a); } : hook) as LoadStateDictPreHook;
    return addHook(this._load_state_dict_pre_hooks, wrapped);
  }
  /**
   * Registers `hook(module, state_dict, prefix, local_metadata, strict, missing_keys,
   * unexpected_keys, error_msgs)`, run before this module loads its entries; it may rewrite them.
   */
  register_load_state_dict_pre_hook(...args: PyArgs<[['hook', (module: Module, ...rest: Parameters<LoadStateDictPreHook>) => void]]>): RemovableHandle {
    const [hook] = pyBind<[(module: Module, ...rest: Parameters<LoadStateDictPreHook>) => void]>('Module.register_load_state_dict_pre_hook', args, ['hook']);
    return this._register_load_state_dict_pre_hook(hook, true);
  }

  /**
   * Copies parameters and buffers from `state_dict` (a plain object or a Map), checking shapes, and
   * hands `<prefix>_extra_state` entries to set_extra_state; with `strict` (the default) missing and
   * unexpected keys are errors. `assign` (PyTorch 2.1's keyword) makes the state dict's tensors the
   * module's own instead of copying into them (a parameter stays a Parameter and keeps its
   * requires_grad). Returns both key lists as PyTorch's `_IncompatibleKeys` (`[missing_keys,
   * unexpected_keys]`, also by name).
   */
  load_state_dict(...args: PyArgs<[['state_dict', StateDict | Map<string, Tensor>], ['strict', boolean, '?'], ['assign', boolean, '?']]>): IncompatibleKeys {
    // A plain-object state dict is positional, unless it is `{ state_dict, strict?, assign? }` by name.
    const names = ['state_dict', 'strict', 'assign'];
    const byName = args.length === 1 && isOptions(args[0]) && 'state_dict' in args[0] && !(args[0].state_dict instanceof Tensor)
      && Object.keys(args[0]).every((k) => names.includes(k));
    const [given, isStrict, assign] = byName || args.length > 1
      ? pyBind<[StateDict | Map<string, Tensor>, boolean, boolean]>('Module.load_state_dict', args, names, { strict: true, assign: false })
      : [args[0] as StateDict | Map<string, Tensor>, true, false];
    if (given === null || typeof given !== 'object') throw new TypeError(`Expected state_dict to be dict-like, got ${typeof given}.`);
    // A copy, so that load pre-hooks may rewrite it; the metadata (PyTorch's `_metadata`) goes along.
    const metadata = given instanceof Map ? undefined : (given as { _metadata?: Record<string, LocalMetadata> })._metadata;
    const state_dict: Record<string, unknown> = given instanceof Map ? Object.fromEntries(given) : { ...given };
    const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
    const load = (m: Module, local: Record<string, unknown>, prefix: string) => {
      const local_metadata = (metadata && metadata[prefix.slice(0, -1)]) ?? {};
      // Written into the state dict's own metadata, as PyTorch does.
      if (assign) local_metadata.assign_to_params_buffers = assign;
      m._load_from_state_dict(local, prefix, local_metadata, true, missing, unexpected, errors);
      for (const [name, child] of m.ownEntries('module')) {
        const childPrefix = `${prefix}${name}.`;
        load(child, Object.fromEntries(Object.entries(local).filter(([k]) => k.startsWith(childPrefix))), childPrefix);
      }
      const incompatible_keys = incompatibleKeys(missing, unexpected);
      for (const hook of [...m._load_state_dict_post_hooks.values()]) {
        const out: unknown = hook(m, incompatible_keys);
        if (out !== undefined && out !== null) {
          // PyTorch's assertion text, its missing spaces included.
          throw new TorchError(forRelease([['1.13', 'Hooks registered with ``register_load_state_dict_post_hook`` are notexpected to return new values, if incompatible_keys need to be modified,it should be done inplace.'],
            ['2.14', 'Hooks registered with ``register_load_state_dict_post_hook`` are not expected to return new values, if incompatible_keys need to be modified, it should be done inplace.']]), 'AssertionError');
        }
      }
    };
    load(this, state_dict, '');
    if (isStrict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length) throw new TorchError(`Error(s) in loading state_dict for ${this._get_name()}:\n\t${errors.join('\n\t')}`);
    return incompatibleKeys(missing, unexpected);
  }

  /**
   * Loads this module's own parameters, persistent buffers and extra state from `state_dict` (keys
   * `prefix` + name) after running the load pre-hooks; records missing and unexpected keys and
   * errors, as PyTorch's _load_from_state_dict. `local_metadata.assign_to_params_buffers` assigns
   * the state dict's tensors instead of copying them.
   */
  _load_from_state_dict(state_dict: Record<string, unknown>, prefix: string, local_metadata: LocalMetadata, strict: boolean,
    missing_keys: string[], unexpected_keys: string[], error_msgs: string[]): void {
    for (const hook of [...this._load_state_dict_pre_hooks.values()]) hook.call(this, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs);
    const local = new Map<string, Tensor>(this.ownEntries('parameter'));
    for (const [name, b] of this.ownEntries('buffer')) if (!this._non_persistent_buffers_set.has(name)) local.set(name, b);
    const assign = local_metadata.assign_to_params_buffers === true;
    const swap = HAS_MODULE_LOAD && get_swap_module_params_on_conversion();
    for (const [name, target] of local) {
      const key = prefix + name;
      if (!(key in state_dict)) {
        if (strict) missing_keys.push(key);
        continue;
      }
      const given = state_dict[key];
      if (!(given instanceof Tensor)) { error_msgs.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received <class '${typeName(given)}'>`); continue; }
      let src: Tensor = given;
      // A Lazy* module's uninitialized parameters and buffers take the checkpoint's shape, as PyTorch's load hook does.
      if (isUninitialized(target)) no_grad(() => target.materialize(src.shape));
      // Checkpoints of PyTorch 0.3 hold scalars as 1-element vectors.
      if (target.dim() === 0 && src.dim() === 1) src = src.select(0, 0);
      const a = src.shape, b = target.shape;
      if (a.length !== b.length || a.some((n, i) => n !== b[i])) {
        error_msgs.push(`size mismatch for ${key}: copying a param with shape ${sizeRepr(a)} from checkpoint, the shape in current model is ${sizeRepr(b)}.`);
        continue;
      }
      if (META_COPY_WARNING && target.is_meta && !src.is_meta && !assign) {
        warn(`for ${key}: copying from a non-meta parameter in the checkpoint to a meta parameter in the current model, which is a no-op. `
          + '(Did you mean to pass `assign=True` to assign items in the state dictionary to their corresponding key in the module instead of copying them in place?)');
      }
      try {
        if (swap) no_grad(() => swap_tensors(target, loadedValue(target, src, assign)));
        else if (assign) (this as any)[name] = assignedValue(target, src);
        else no_grad(() => target.copy_(src));
      } catch (e) {
        error_msgs.push(`While ${swap ? 'swapping' : 'copying'} the parameter named "${key}", whose dimensions in the model are ${sizeRepr(b)} and whose dimensions in the checkpoint are ${sizeRepr(a)}, `
          + `an exception occurred : ${pyRepr([e instanceof Error ? e.message : String(e)], 'tuple')}.`);
      }
    }
    const extraKey = prefix + _EXTRA_STATE_KEY_SUFFIX;
    if (classDefines(this, 'set_extra_state')) {
      if (extraKey in state_dict) this.set_extra_state(state_dict[extraKey]);
      else if (strict) missing_keys.push(extraKey);
    } else if (strict && extraKey in state_dict) unexpected_keys.push(extraKey);
    if (strict) {
      const children = new Set(this.ownEntries('module').map(([name]) => name));
      for (const key of Object.keys(state_dict)) {
        if (!key.startsWith(prefix) || key === extraKey) continue;
        const rest = key.slice(prefix.length), first = rest.split('.')[0];
        const expected = !UNEXPECTED_BY_KIND ? children.has(first) || local.has(first) : rest.includes('.') ? children.has(first) : local.has(first);
        if (!expected) unexpected_keys.push(key);
      }
    }
  }

  /** A deep copy (same as torch.deepcopy(module)). */
  clone(): this { return deepcopyModule(this) as this; }

  // ---- printing ----------------------------------------------------------------------------
  _get_name(): string { return Object.getPrototypeOf(this).constructor.name; }
  /** The text inside the parentheses of the printed form. */
  extra_repr(): string { return ''; }
  /** The sub-modules the printed form lists (containers add their None entries). */
  protected _reprChildren(): [string, Module | null][] { return this.ownEntries('module'); }
  toString(): string {
    const extra = this.extra_repr();
    const lines = extra ? extra.split('\n') : [];
    const children = this._reprChildren();
    for (const [name, m] of children) lines.push(`(${name}): ${m === null ? 'None' : addIndent(String(m), 2)}`);
    const head = this._get_name() + '(';
    if (lines.length === 0) return head + ')';
    if (lines.length === 1 && children.length === 0) return head + lines[0] + ')';
    return head + '\n  ' + lines.join('\n  ') + '\n)';
  }
  [inspect.custom](): string { return this.toString(); }
}
