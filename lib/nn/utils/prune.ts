// torch.nn.utils.prune, following PyTorch 1.13's torch/nn/utils/prune.py step by step.
//
// Pruning reparametrizes `module[name]`: the original Parameter moves to `name_orig` (appended to
// the module's parameters, as Python's _parameters dict does), the mask becomes the buffer
// `name_mask`, and `module[name]` turns into a plain tensor `orig * mask` that a forward pre-hook
// recomputes before every forward. The hook *is* the pruning method object (instances are
// callable), so `module._forward_pre_hooks` holds BasePruningMethod instances as in PyTorch.
// Random methods draw from the global generator exactly as PyTorch does (rand_like / rand), so
// with the same torch.manual_seed the masks equal PyTorch's.
import { inspect } from 'util';
import { Tensor } from '../../tensor';
import { ones_like, zeros_like, rand, rand_like } from '../../creation';
import { contiguous_format } from '../../dtype';
import { callAten } from '../../ops/dispatch';
import { isOptions, trailingOptions } from '../../python/options';
import { TorchError } from '../../errors';
import { forRelease } from '../../release';
import { callableClass } from '../callable';
import { Module } from '../module';
import { Parameter } from '../parameter';
import { parameters_to_vector, torchTypename } from './convert';
import { bind, signature } from '../../python/binder';
import { pyStr, sizeRepr } from '../../python/repr';

/** How a method picks what to prune when it is combined with an earlier mask (see PruningContainer). */
export type PruningType = 'unstructured' | 'structured' | 'global';
/** The order of the norm for LnStructured: any p (Infinity, -Infinity included), 'fro' or 'nuc'. */
export type NormOrder = number | 'fro' | 'nuc' | null;
/** importance_scores for global_unstructured: Python's dict {(module, name): tensor} as a Map or as [key, value] pairs. */
export type ImportanceScores = Map<ModuleParamPair, Tensor> | Iterable<readonly [ModuleParamPair, Tensor]>;
/** Python's `(module, 'weight')`: `[module, 'weight']`, also as TS infers an array literal held in a variable, `(Module | string)[]`. */
export type ModuleParamPair = readonly [Module, string] | readonly (Module | string)[];

// ---- Python's helpers ---------------------------------------------------------------------------

/** Python's round(): halves go to the even neighbour (round(2.5) == 2). */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff !== 0.5) return diff < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function checkModule(module: unknown, fn: string): asserts module is Module {
  if (!(module instanceof Module)) throw new TypeError(`${fn}(): expected an nn.Module for module but received ${torchTypename(module)}`);
}
function checkName(name: unknown, fn: string): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`${fn}(): expected a string for name but received ${torchTypename(name)}`);
}

/** Python's getattr(module, name): AttributeError when the module has no such attribute. */
function getattr(module: Module, name: string): any {
  const v = (module as any)[name];
  if (v === undefined) throw new TorchError(`'${module._get_name()}' object has no attribute '${name}'`, 'AttributeError');
  return v;
}

/** The tensor argument `default_mask`, given positionally or as `{ default_mask }`. */
function maskArg(default_mask: Tensor | { default_mask?: Tensor }): Tensor {
  const m = isOptions(default_mask) ? default_mask.default_mask : default_mask;
  if (!(m instanceof Tensor)) throw new TypeError(`compute_mask(): expected a Tensor for default_mask but received ${torchTypename(m)}`);
  return m;
}

/** PyTorch's _validate_pruning_amount_init: an int >= 0 (absolute count) or a float in [0, 1] (fraction). */
function validateAmountInit(amount: unknown): number {
  if (typeof amount === 'boolean') return amount ? 1 : 0;  // Python's bools are ints
  if (typeof amount !== 'number') throw new TypeError(`Invalid type for amount: ${pyStr(amount)}. Must be int or float.`);
  // NaN is rejected here (PyTorch only fails later, in round()).
  if (Number.isInteger(amount) ? amount < 0 : !(amount >= 0 && amount <= 1)) {
    throw new TorchError(`amount=${pyStr(amount)} should either be a float in the range [0, 1] or a non-negative integer`, 'ValueError');
  }
  return amount;
}

/** PyTorch's _compute_nparams_toprune: integers are absolute counts, other numbers fractions of tensor_size. */
function computeNparamsToprune(amount: number, tensorSize: number): number {
  return Number.isInteger(amount) ? amount : pyRound(amount * tensorSize);
}

function validatePruningAmount(nparams: number, tensorSize: number): void {
  if (nparams > tensorSize) throw new TorchError(`amount=${nparams} should be smaller than the number of parameters to prune=${tensorSize}`, 'ValueError');
}

function validateStructuredPruning(t: Tensor): void {
  const shape = t.shape;
  if (shape.length <= 1) {
    throw new TorchError(`Structured pruning can only be applied to multidimensional tensors. Found tensor of shape ${sizeRepr(shape)} with ${shape.length} dims`, 'ValueError');
  }
}

function validatePruningDim(t: Tensor, dim: number): void {
  if (dim >= t.dim()) throw new TorchError(`Invalid index ${dim} for tensor of size ${sizeRepr(t.shape)}`, 'IndexError');
}

/** `dim` as a non-negative index into `ndim` dims, with Python's negative indexing of a sequence. */
function normDim(dim: number, ndim: number, what: 'tuple' | 'list'): number {
  const d = dim < 0 ? dim + ndim : dim;
  if (d < 0 || d >= ndim) throw new TorchError(`${what} index out of range`, 'IndexError');
  return d;
}

function checkDim(dim: unknown, fn: string): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) throw new TypeError(`${fn}(): expected an integer for dim but received ${pyStr(dim)}`);
  return dim;
}

/** PyTorch's _compute_norm: the L_n norm over every dim but `dim`, as torch.norm(t, p=n, dim=dims). */
function computeNorm(t: Tensor, n: NormOrder, dim: number): Tensor {
  const dims = [...Array(t.dim()).keys()];
  dims.splice(normDim(dim, dims.length, 'list'), 1);
  if (n === 'fro') return callAten('frobenius_norm', [t, dims, false], 'dim');
  if (n === 'nuc') return callAten('nuclear_norm', [t, dims, false], 'dim');
  return callAten('norm', [t, n, dims, false], 'ScalarOpt_dim');
}

/** The index list for `x[:, ..., :, index]` with `index` at `dim` (Python's slc[dim] = index). */
function indexAt(dim: number, ndim: number, index: Tensor): (Tensor | null)[] {
  return [...Array(normDim(dim, ndim, 'list')).fill(null), index];
}

/** A contiguous copy, as PyTorch's `clone(memory_format=torch.contiguous_format)`. */
const contiguousClone = (t: Tensor): Tensor => callAten('clone', [t, { memory_format: contiguous_format }]);

// ---- BasePruningMethod ---------------------------------------------------------------------------

/** A pruning method class, as the constructors below and user subclasses are. */
export type PruningMethodClass = abstract new (...args: any[]) => BasePruningMethod;
type ConcreteMethodClass = new (...args: any[]) => BasePruningMethod;

export interface BasePruningMethod {
  /** The forward pre-hook: recomputes `module[name]` from `name_orig` and `name_mask`. */
  (module: Module, inputs: unknown[]): void;
}

/**
 * Abstract base class of pruning techniques (PyTorch's `prune.BasePruningMethod`). Subclasses
 * define `PRUNING_TYPE` and `compute_mask(t, default_mask)`; `apply`, `apply_mask`, `prune` and
 * `remove` work for every subclass. Instances are callable: they are the forward pre-hooks.
 */
export abstract class BasePruningMethod {
  /** The name of the parameter this method prunes; set by apply(). */
  declare _tensor_name: string;
  /** 'unstructured', 'structured' or 'global'. */
  declare PRUNING_TYPE: PruningType;

  constructor() {
    // A callable object (like nn.Module) so that it can sit in module._forward_pre_hooks itself.
    const self = ((module: Module, inputs: unknown[]): void => { self.__call__(module, inputs); }) as unknown as BasePruningMethod;
    delete (self as any).name;
    delete (self as any).length;
    Object.setPrototypeOf(self, new.target.prototype);
    return self;
  }

  /** Stores the pruned tensor `apply_mask(module)` into `module[name]` (the hook body). */
  __call__(module: Module, _inputs: unknown[]): void {
    (module as any)[this._tensor_name] = this.apply_mask(module);
  }

  /**
   * The mask for `t`: starting from `default_mask` (ones if the tensor has not been pruned yet),
   * the units this method removes are zeroed. Same shape as `t`.
   */
  abstract compute_mask(t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor;

  /** `module[name + '_mask'] * module[name + '_orig']`: the pruned version of the tensor. */
  apply_mask(module: Module): Tensor {
    if (this._tensor_name === undefined || this._tensor_name === null) throw new TorchError(`Module ${module} has to be pruned`, 'AssertionError');
    const mask: Tensor = getattr(module, `${this._tensor_name}_mask`);
    const orig: Tensor = getattr(module, `${this._tensor_name}_orig`);
    return mask.to(orig.dtype).mul(orig);
  }

  /**
   * Adds the pruning reparametrization of `module[name]` and its forward pre-hook, combining it
   * with an earlier pruning of the same tensor in a PruningContainer. Arguments after `name` are
   * the constructor's (positional, or a trailing options object; `importance_scores` is taken out
   * of it and used instead of the parameter to compute the mask).
   * @returns the method (or container) now attached to the module
   */
  static apply(this: PruningMethodClass, module: Module, name: string, ...args: unknown[]): BasePruningMethod {
    let importanceScores: Tensor | null = null;
    let ctorArgs = args;
    const last = args[args.length - 1];
    if (isOptions(last) && 'importance_scores' in last) {
      const { importance_scores, ...rest } = last;
      importanceScores = (importance_scores as Tensor | null) ?? null;
      ctorArgs = Object.keys(rest).length ? [...args.slice(0, -1), rest] : args.slice(0, -1);
    }
    return applyPruning(this as unknown as ConcreteMethodClass, module, name, ctorArgs, importanceScores);
  }

  /**
   * `t * compute_mask(importance_scores ?? t, default_mask ?? ones_like(t))`: a pruned copy of `t`.
   * `prune(t, default_mask=null, importance_scores=null)`, or with the two in an options object.
   */
  prune(t: Tensor, default_mask?: Tensor | null | { default_mask?: Tensor | null; importance_scores?: Tensor | null }, importance_scores?: Tensor | null | { importance_scores?: Tensor | null }): Tensor {
    const [tt, dm, scoresArg] = bind(signature('prune', ['t', 'default_mask', 'importance_scores'], { default_mask: null, importance_scores: null }), [t, default_mask, importance_scores]) as [Tensor, Tensor | null, Tensor | null];
    let scores = scoresArg;
    if (scores !== null) {
      if (!sameShape(scores.shape, tt.shape)) throw new TorchError(`importance_scores should have the same shape as tensor t${shapesGot(scores, tt)}`, 'AssertionError');
    } else {
      scores = tt;
    }
    return tt.mul(this.compute_mask(scores, dm ?? ones_like(tt)));
  }

  /**
   * Removes the pruning reparametrization from `module`: `module[name]` becomes a Parameter again
   * holding the pruned values (pruning is not undone), `name_orig` and `name_mask` are deleted.
   */
  remove(module: Module): void {
    const name = this._tensor_name;
    if (name === undefined || name === null) throw new TorchError(`Module ${module} has to be pruned before pruning can be removed`, 'AssertionError');
    const weight = this.apply_mask(module);
    const m = module as any;
    if (Object.prototype.hasOwnProperty.call(m, name)) delete m[name];
    const orig = m[`${name}_orig`];
    if (!(orig instanceof Parameter)) throw new TorchError(`'${name}_orig'`, 'KeyError');
    orig.data = weight.data;
    delete m[`${name}_orig`];
    deleteBuffer(module, `${name}_mask`);
    // Assigning the Parameter registers it again, at the end of the parameters (as PyTorch does).
    m[name] = orig;
  }

  toString(): string {
    const cls = Object.getPrototypeOf(this).constructor;
    return `<${BUILTIN_CLASSES.has(cls) ? 'torch.nn.utils.prune.' : ''}${cls.name} object>`;
  }
  [inspect.custom](): string {
    const fields = Object.entries(this).map(([k, v]) => `${k}: ${v instanceof Tensor ? `Tensor(${sizeRepr(v.shape)})` : inspect(v)}`);
    return `${Object.getPrototypeOf(this).constructor.name} { ${fields.join(', ')} }`;
  }
}

// PyTorch 2.14 names both shapes when importance_scores does not match.
const shapesGot = (scores: Tensor, t: Tensor): string => forRelease([['1.13', ''], ['2.14', `, got ${sizeRepr(scores.shape)} vs ${sizeRepr(t.shape)}`]]);

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function deleteBuffer(module: Module, key: string): void {
  delete (module as any)[key];
  module._buffer_names.delete(key);
  module._non_persistent_buffers_set.delete(key);
}

/** PyTorch's BasePruningMethod.apply: the reparametrization, with a rollback if the mask fails. */
function applyPruning(cls: ConcreteMethodClass, module: Module, name: string, ctorArgs: unknown[], importanceScores: Tensor | null): BasePruningMethod {
  checkModule(module, 'apply');
  checkName(name, 'apply');
  const m = module as any;

  // An earlier pruning of the same tensor is taken off the hooks and combined with the new one.
  let oldMethod: BasePruningMethod | null = null;
  const hooksToRemove: number[] = [];
  for (const [k, hook] of module._forward_pre_hooks) {
    if (hook instanceof BasePruningMethod && hook._tensor_name === name) {
      oldMethod = hook;
      hooksToRemove.push(k);
    }
  }
  if (hooksToRemove.length > 1) {
    throw new TorchError(`Avoid adding multiple pruning hooks to the same tensor ${name} of module ${module}. Use a PruningContainer.`, 'AssertionError');
  }
  for (const k of hooksToRemove) module._forward_pre_hooks.delete(k);

  let method: BasePruningMethod = new cls(...ctorArgs);
  method._tensor_name = name;
  if (oldMethod !== null) {
    if (oldMethod instanceof PruningContainerClass) {
      oldMethod.add_pruning_method(method);
      method = oldMethod;
    } else {
      const container = new PruningContainerClass(oldMethod);
      container.add_pruning_method(method);
      method = container;
    }
  }

  const orig: Tensor = getattr(module, name);
  if (!(orig instanceof Tensor)) throw new TypeError(`ones_like(): argument 'input' (position 1) must be Tensor, not ${torchTypename(orig)}`);
  if (importanceScores !== null) {
    if (!(importanceScores instanceof Tensor)) throw new TypeError(`apply(): expected a Tensor for importance_scores but received ${torchTypename(importanceScores)}`);
    if (!sameShape(importanceScores.shape, orig.shape)) throw new TorchError(`importance_scores should have the same shape as parameter ${name} of ${module}${shapesGot(importanceScores, orig)}`, 'AssertionError');
  } else {
    importanceScores = orig;
  }

  let defaultMask: Tensor;
  const first = !(method instanceof PruningContainerClass);
  if (first) {
    // The first pruning moves the Parameter to name_orig (appended) and drops it from name.
    module.register_parameter(`${name}_orig`, orig as Parameter);
    delete m[name];
    defaultMask = ones_like(orig);
  } else {
    defaultMask = contiguousClone((getattr(module, `${name}_mask`) as Tensor).detach());
  }

  try {
    const mask = method.compute_mask(importanceScores, defaultMask);
    module.register_buffer(`${name}_mask`, mask);
    m[name] = method.apply_mask(module);
    module.register_forward_pre_hook(method);
  } catch (e) {
    if (first) {
      // Roll back: the Parameter is registered again under its name (now the last parameter).
      module.register_parameter(name, m[`${name}_orig`]);
      delete m[`${name}_orig`];
    }
    throw e;
  }
  return method;
}

// ---- PruningContainer ------------------------------------------------------------------------------

const PruningContainerClass = class PruningContainer extends BasePruningMethod {
  /** The methods applied so far to the tensor, oldest first. */
  _pruning_methods: (BasePruningMethod | null)[] = [];
  readonly [index: number]: BasePruningMethod | null;

  /** `PruningContainer(method)` takes the tensor name of `method`; any number of methods may be given. */
  constructor(...args: (BasePruningMethod | null)[]) {
    super();
    if (args.length === 1) {
      if (!(args[0] instanceof BasePruningMethod)) throw new TorchError(`'${torchTypename(args[0])}' object has no attribute '_tensor_name'`, 'AttributeError');
      this._tensor_name = args[0]._tensor_name;
      this.add_pruning_method(args[0]);
    } else {
      for (const method of args) this.add_pruning_method(method);
    }
  }

  /** Adds `method` (which must act on the same tensor) as the latest pruning step. */
  add_pruning_method(method: BasePruningMethod | null): void {
    if (!(method instanceof BasePruningMethod) && method !== null) {
      throw new TypeError(`<class '${torchTypename(method)}'> is not a BasePruningMethod subclass`);
    }
    if (method !== null && this._tensor_name === undefined) throw new TorchError("'PruningContainer' object has no attribute '_tensor_name'", 'AttributeError');
    if (method !== null && this._tensor_name !== method._tensor_name) {
      throw new TorchError(`Can only add pruning methods acting on the parameter named '${this._tensor_name}' to PruningContainer ${this}. Found '${method._tensor_name}'`, 'ValueError');
    }
    this._pruning_methods.push(method);
    // container[i] works as in Python.
    Object.defineProperty(this, this._pruning_methods.length - 1, { value: method, configurable: true, enumerable: false });
  }

  get length(): number { return this._pruning_methods.length; }
  /** The i-th method; negative i counts from the end. */
  at(i: number): BasePruningMethod | null | undefined { return this._pruning_methods.at(i); }
  [Symbol.iterator](): Iterator<BasePruningMethod | null> { return this._pruning_methods[Symbol.iterator](); }

  /**
   * Applies the latest method on the part of `t` the earlier masks left: the remaining entries
   * (unstructured), the remaining channels along `dim` (structured) or everything (global), and
   * writes the result into `default_mask` there.
   */
  compute_mask(t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor {
    const mask = maskArg(default_mask);
    const method = this._pruning_methods[this._pruning_methods.length - 1];
    if (!method) throw new TorchError('PruningContainer has no pruning method to apply', 'IndexError');
    let newMask = mask.to(t.dtype);
    const type = method.PRUNING_TYPE;
    let partial: Tensor;
    if (type === 'unstructured') {
      const slc = mask.eq(1);
      partial = method.compute_mask(t.index(slc), mask.index(slc));
      newMask.index_put_([slc], partial.to(newMask.dtype));
    } else if (type === 'structured') {
      const methodDim = (method as { dim?: unknown }).dim;
      if (typeof methodDim !== 'number') throw new TorchError('Pruning methods of PRUNING_TYPE "structured" need to have the attribute `dim` defined.', 'AttributeError');
      const nDims = t.dim();
      const dim = methodDim < 0 ? nDims + methodDim : methodDim;
      if (dim < 0) throw new TorchError(`Index is out of bounds for tensor with dimensions ${nDims}`, 'IndexError');
      // Channels along dim that earlier masks have not zeroed out entirely.
      const keepChannel = mask.sum([...Array(nDims).keys()].filter((d) => d !== dim)).ne(0);
      const items = [...Array(nDims).fill(':')];
      items[dim] = keepChannel;
      partial = method.compute_mask(t.index(...items), mask.index(...items));
      newMask.index_put_(indexAt(dim, nDims, keepChannel), partial.to(newMask.dtype));
    } else if (type === 'global') {
      partial = method.compute_mask(t, mask);
      newMask = newMask.copy_(partial.to(newMask.dtype));
    } else {
      throw new TorchError(`Unrecognized PRUNING_TYPE ${pyStr(type)}`, 'ValueError');
    }
    return newMask;
  }
};
/**
 * Holds the sequence of pruning methods applied to one tensor and combines their masks (PyTorch's
 * `prune.PruningContainer`). `container.length`, `container[i]` and `for (const m of container)` work.
 */
export const PruningContainer = callableClass(PruningContainerClass);
export type PruningContainer = InstanceType<typeof PruningContainerClass>;

// ---- the pruning methods ----------------------------------------------------------------------------

const IdentityClass = class Identity extends BasePruningMethod {
  PRUNING_TYPE: PruningType = 'unstructured';
  static readonly PRUNING_TYPE = 'unstructured';
  compute_mask(_t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor {
    return maskArg(default_mask);
  }
  /** Adds the reparametrization with a mask of ones. */
  static apply(module: Module, name: string | { module?: Module; name?: string }): BasePruningMethod {
    const [mod, nm] = bind(signature('apply', ['module', 'name']), [module, name]) as [Module, string];
    return applyPruning(this as unknown as ConcreteMethodClass, mod, nm, [], null);
  }
};
/** Prunes nothing: the reparametrization with a mask of ones. */
export const Identity = callableClass(IdentityClass);
export type Identity = InstanceType<typeof IdentityClass>;

type AmountOptions = { amount?: number };

/** Unstructured pruning of `amount` units: subclasses say which flat indices go (`pick`). */
abstract class AmountUnstructured extends BasePruningMethod {
  PRUNING_TYPE: PruningType = 'unstructured';
  static readonly PRUNING_TYPE = 'unstructured';
  amount: number;
  /** @param amount an integer count of units to prune, or a fraction in [0, 1) */
  constructor(amount: number | AmountOptions) {
    super();
    const [a] = bind(signature(new.target.name, ['amount']), [amount]);
    this.amount = validateAmountInit(a);
  }
  /** The flat indices of the `nparams` units to prune. */
  abstract _pick(t: Tensor, nparams: number): Tensor;
  compute_mask(t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor {
    const tensorSize = t.nelement();
    const nparams = computeNparamsToprune(this.amount, tensorSize);
    validatePruningAmount(nparams, tensorSize);
    const mask = contiguousClone(maskArg(default_mask));
    // As in PyTorch, pruning nothing draws no random numbers.
    if (nparams !== 0) mask.view(-1).index_put_([this._pick(t, nparams)], 0);
    return mask;
  }
}

const RandomUnstructuredClass = class RandomUnstructured extends AmountUnstructured {
  _pick(t: Tensor, nparams: number): Tensor { return rand_like(t).view(-1).topk(nparams).indices; }
  static apply(module: Module, name: string, amount?: number | { module?: Module; name?: string; amount?: number }): BasePruningMethod {
    const [mod, nm, a] = bind(signature('apply', ['module', 'name', 'amount']), [module, name, amount]) as [Module, string, number];
    return applyPruning(this as unknown as ConcreteMethodClass, mod, nm, [a], null);
  }
};
/** Prunes (currently unpruned) units of a tensor at random. `RandomUnstructured(amount)`. */
export const RandomUnstructured = callableClass(RandomUnstructuredClass);
export type RandomUnstructured = InstanceType<typeof RandomUnstructuredClass>;

const L1UnstructuredClass = class L1Unstructured extends AmountUnstructured {
  // The k entries of smallest magnitude.
  _pick(t: Tensor, nparams: number): Tensor { return t.abs().view(-1).topk(nparams, { largest: false }).indices; }
  static apply(module: Module, name: string, amount?: number | { module?: Module; name?: string; amount?: number; importance_scores?: Tensor | null }, importance_scores?: Tensor | null | { importance_scores?: Tensor | null }): BasePruningMethod {
    const [mod, nm, a, scores] = bind(signature('apply', ['module', 'name', 'amount', 'importance_scores'], { importance_scores: null }), [module, name, amount, importance_scores]) as [Module, string, number, Tensor | null];
    return applyPruning(this as unknown as ConcreteMethodClass, mod, nm, [a], scores);
  }
};
/** Prunes the (currently unpruned) units with the lowest absolute value. `L1Unstructured(amount)`. */
export const L1Unstructured = callableClass(L1UnstructuredClass);
export type L1Unstructured = InstanceType<typeof L1UnstructuredClass>;

const RandomStructuredClass = class RandomStructured extends BasePruningMethod {
  PRUNING_TYPE: PruningType = 'structured';
  static readonly PRUNING_TYPE = 'structured';
  amount: number;
  dim: number;
  /** @param amount channels to prune: an integer count or a fraction; @param dim the channel dim (default -1) */
  constructor(amount: number | { amount?: number; dim?: number }, dim?: number | { dim?: number }) {
    super();
    const [a, d] = bind(signature('RandomStructured', ['amount', 'dim'], { dim: -1 }), [amount, dim]);
    this.amount = validateAmountInit(a);
    this.dim = checkDim(d, 'RandomStructured');
  }
  compute_mask(t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor {
    const dm = maskArg(default_mask);
    validateStructuredPruning(t);
    validatePruningDim(t, this.dim);
    const tensorSize = t.shape[normDim(this.dim, t.dim(), 'tuple')];
    const nparams = computeNparamsToprune(this.amount, tensorSize);
    validatePruningAmount(nparams, tensorSize);
    if (nparams === 0) return dm;
    // One random number per channel; the nparams lowest channels are zeroed.
    const prob = rand(tensorSize);
    const threshold = prob.kthvalue(nparams).values;
    const channelMask = prob.gt(threshold);
    const mask = zeros_like(t);
    mask.index_put_(indexAt(this.dim, t.dim(), channelMask), 1);
    // On top of the earlier (possibly unstructured) mask.
    mask.mul_(dm.to(mask.dtype));
    return mask;
  }
  static apply(module: Module, name: string, amount?: number | { module?: Module; name?: string; amount?: number; dim?: number }, dim?: number | { dim?: number }): BasePruningMethod {
    const [mod, nm, a, d] = bind(signature('apply', ['module', 'name', 'amount', 'dim'], { dim: -1 }), [module, name, amount, dim]) as [Module, string, number, number];
    return applyPruning(this as unknown as ConcreteMethodClass, mod, nm, [a, d], null);
  }
};
/** Prunes whole (currently unpruned) channels along `dim` at random. `RandomStructured(amount, dim=-1)`. */
export const RandomStructured = callableClass(RandomStructuredClass);
export type RandomStructured = InstanceType<typeof RandomStructuredClass>;

type LnOptions = { amount?: number; n?: NormOrder; dim?: number };

const LnStructuredClass = class LnStructured extends BasePruningMethod {
  PRUNING_TYPE: PruningType = 'structured';
  static readonly PRUNING_TYPE = 'structured';
  amount: number;
  n: NormOrder;
  dim: number;
  /**
   * @param amount channels to prune: an integer count or a fraction
   * @param n the norm order: a number (Infinity and -Infinity included), 'fro' or 'nuc'
   * @param dim the channel dim (default -1)
   */
  constructor(amount: number | LnOptions, n?: NormOrder | LnOptions, dim?: number | { dim?: number }) {
    super();
    const [a, nn, d] = bind(signature('LnStructured', ['amount', 'n', 'dim'], { dim: -1 }), [amount, n, dim]);
    this.amount = validateAmountInit(a);
    // Checked here rather than at the first compute_mask, so a bad n fails before any change to the module.
    // The message of the norm _compute_norm calls for an unknown order: torch.norm's (1.13), passed on to
    // linalg.matrix_norm (2.6); 2.14 calls linalg.vector_norm, whose binding refuses a string.
    if (typeof nn === 'string' && nn !== 'fro' && nn !== 'nuc') {
      throw forRelease<() => Error>([['1.13', () => new TorchError(`only valid string values are 'fro' and 'nuc', found ${nn}`)],
        ['2.6', () => new TorchError(`linalg.matrix_norm: Order ${nn} not supported.`)],
        ['2.14', () => new TypeError("linalg_vector_norm(): argument 'ord' must be Number, not str")]])();
    }
    if (nn !== null && typeof nn !== 'string' && typeof nn !== 'number') throw new TypeError(`LnStructured(): expected a number, 'fro' or 'nuc' for n but received ${torchTypename(nn)}`);
    this.n = nn as NormOrder;
    this.dim = checkDim(d, 'LnStructured');
  }
  compute_mask(t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor {
    const dm = maskArg(default_mask);
    validateStructuredPruning(t);
    validatePruningDim(t, this.dim);
    const tensorSize = t.shape[normDim(this.dim, t.dim(), 'tuple')];
    const nparams = computeNparamsToprune(this.amount, tensorSize);
    const nkeep = tensorSize - nparams;
    validatePruningAmount(nparams, tensorSize);
    // Keep the nkeep channels of largest norm.
    const norm = computeNorm(t, this.n, this.dim);
    const topk = norm.topk(nkeep, { largest: true });
    if (nparams === 0) return dm;
    const mask = zeros_like(t);
    mask.index_put_(indexAt(this.dim, t.dim(), topk.indices), 1);
    mask.mul_(dm.to(mask.dtype));
    return mask;
  }
  static apply(module: Module, name: string, amount?: number | { module?: Module; name?: string; importance_scores?: Tensor | null } & LnOptions, n?: NormOrder | LnOptions, dim?: number | { dim?: number; importance_scores?: Tensor | null }, importance_scores?: Tensor | null | { importance_scores?: Tensor | null }): BasePruningMethod {
    const [mod, nm, a, nn, d, scores] = bind(signature('apply', ['module', 'name', 'amount', 'n', 'dim', 'importance_scores'], { importance_scores: null }), [module, name, amount, n, dim, importance_scores]) as [Module, string, number, NormOrder, number, Tensor | null];
    return applyPruning(this as unknown as ConcreteMethodClass, mod, nm, [a, nn, d], scores);
  }
};
/** Prunes whole (currently unpruned) channels along `dim` with the lowest L`n` norm. `LnStructured(amount, n, dim=-1)`. */
export const LnStructured = callableClass(LnStructuredClass);
export type LnStructured = InstanceType<typeof LnStructuredClass>;

const CustomFromMaskClass = class CustomFromMask extends BasePruningMethod {
  PRUNING_TYPE: PruningType = 'global';
  static readonly PRUNING_TYPE = 'global';
  mask: Tensor;
  /** @param mask the mask to apply (any dtype; nonzero keeps) */
  constructor(mask: Tensor | { mask?: Tensor }) {
    super();
    const [m] = bind(signature('CustomFromMask', ['mask']), [mask]);
    if (!(m instanceof Tensor)) throw new TypeError(`CustomFromMask(): expected a Tensor for mask but received ${torchTypename(m)}`);
    this.mask = m;
  }
  compute_mask(_t: Tensor, default_mask: Tensor | { default_mask?: Tensor }): Tensor {
    const dm = maskArg(default_mask);
    if (!sameShape(dm.shape, this.mask.shape)) throw new TorchError(`mask of shape ${sizeRepr(this.mask.shape)} does not match the tensor's shape ${sizeRepr(dm.shape)}`, 'AssertionError');
    return dm.mul(this.mask.to(dm.dtype));
  }
  static apply(module: Module, name: string, mask?: Tensor | { module?: Module; name?: string; mask?: Tensor }): BasePruningMethod {
    const [mod, nm, mk] = bind(signature('apply', ['module', 'name', 'mask']), [module, name, mask]) as [Module, string, Tensor];
    return applyPruning(this as unknown as ConcreteMethodClass, mod, nm, [mk], null);
  }
};
/** Prunes with a precomputed mask. `CustomFromMask(mask)`. */
export const CustomFromMask = callableClass(CustomFromMaskClass);
export type CustomFromMask = InstanceType<typeof CustomFromMaskClass>;

const BUILTIN_CLASSES = new Set<unknown>([PruningContainerClass, IdentityClass, RandomUnstructuredClass, L1UnstructuredClass, RandomStructuredClass, LnStructuredClass, CustomFromMaskClass]);

// ---- functional interface ---------------------------------------------------------------------------

/**
 * Applies the pruning reparametrization to `module[name]` without pruning anything (mask of ones).
 * `identity(module, name)`; returns the module.
 */
export function identity<M extends Module>(module: M, name: string): M {
  const [mod, nm] = bind(signature('identity', ['module', 'name']), [module, name]) as [M, string];
  IdentityClass.apply(mod, nm);
  return mod;
}

/**
 * Prunes `amount` (currently unpruned) units of `module[name]` chosen at random.
 * `random_unstructured(module, name, amount)` or `random_unstructured(module, name, { amount })`.
 * `amount`: an integer is an absolute count (so `1` means one unit, as Python's int 1 — JS cannot
 * tell 1 from 1.0), any other number in [0, 1] a fraction. Returns the module.
 */
export function random_unstructured<M extends Module>(module: M, name: string, amount: number | AmountOptions): M {
  const [mod, nm, a] = bind(signature('random_unstructured', ['module', 'name', 'amount']), [module, name, amount]) as [M, string, number];
  RandomUnstructuredClass.apply(mod, nm, a);
  return mod;
}

/**
 * Prunes the `amount` (currently unpruned) units of `module[name]` with the lowest absolute value
 * (of `importance_scores` when given). `l1_unstructured(module, name, amount, importance_scores=null)`,
 * or `l1_unstructured(module, name, { amount, importance_scores })`. Returns the module.
 */
export function l1_unstructured<M extends Module>(module: M, name: string, amount: number | { amount?: number; importance_scores?: Tensor | null }, importance_scores?: Tensor | null | { importance_scores?: Tensor | null }): M {
  const [mod, nm, a, scores] = bind(signature('l1_unstructured', ['module', 'name', 'amount', 'importance_scores'], { importance_scores: null }), [module, name, amount, importance_scores]) as [M, string, number, Tensor | null];
  L1UnstructuredClass.apply(mod, nm, a, scores);
  return mod;
}

/**
 * Prunes `amount` whole (currently unpruned) channels of `module[name]` along `dim`, chosen at
 * random. `random_structured(module, name, amount, dim)` or `(module, name, { amount, dim })`.
 */
export function random_structured<M extends Module>(module: M, name: string, amount: number | { amount?: number; dim?: number }, dim?: number | { dim?: number }): M {
  const [mod, nm, a, d] = bind(signature('random_structured', ['module', 'name', 'amount', 'dim']), [module, name, amount, dim]) as [M, string, number, number];
  RandomStructuredClass.apply(mod, nm, a, d);
  return mod;
}

/**
 * Prunes the `amount` whole (currently unpruned) channels of `module[name]` along `dim` with the
 * lowest L`n` norm. `ln_structured(module, name, amount, n, dim, importance_scores=null)` or
 * `ln_structured(module, name, { amount: 0.5, n: 2, dim: 0 })`; `n` is a number (Infinity and
 * -Infinity included), 'fro' or 'nuc'. Returns the module.
 */
export function ln_structured<M extends Module>(
  module: M, name: string, amount: number | LnOptions & { importance_scores?: Tensor | null },
  n?: NormOrder | LnOptions & { importance_scores?: Tensor | null }, dim?: number | { dim?: number; importance_scores?: Tensor | null },
  importance_scores?: Tensor | null | { importance_scores?: Tensor | null },
): M {
  const [mod, nm, a, nn, d, scores] = bind(signature('ln_structured', ['module', 'name', 'amount', 'n', 'dim', 'importance_scores'], { importance_scores: null }), [module, name, amount, n, dim, importance_scores]) as [M, string, number, NormOrder, number, Tensor | null];
  LnStructuredClass.apply(mod, nm, a, nn, d, scores);
  return mod;
}

/**
 * Prunes `module[name]` with the precomputed `mask`. `custom_from_mask(module, name, mask)` or
 * `custom_from_mask(module, name, { mask })`. Returns the module.
 */
export function custom_from_mask<M extends Module>(module: M, name: string, mask: Tensor | { mask?: Tensor }): M {
  const [mod, nm, mk] = bind(signature('custom_from_mask', ['module', 'name', 'mask']), [module, name, mask]) as [M, string, Tensor];
  CustomFromMaskClass.apply(mod, nm, mk);
  return mod;
}

/** The importance-score tensor given for (module, name), matching keys by content. */
function scoresLookup(scores: unknown): (module: Module, name: string) => Tensor | undefined {
  const bad = () => new TypeError('global_unstructured(): importance_scores must be of type dict');
  if (scores === null || typeof scores !== 'object' || !(Symbol.iterator in scores)) throw bad();
  const entries = [...(scores as Iterable<unknown>)];
  for (const e of entries) {
    if (!Array.isArray(e) || e.length !== 2 || !Array.isArray(e[0]) || !(e[0][0] instanceof Module) || typeof e[0][1] !== 'string' || !(e[1] instanceof Tensor)) throw bad();
  }
  const pairs = entries as [[Module, string], Tensor][];
  return (module, name) => pairs.find(([[m, n]]) => m === module && n === name)?.[1];
}

const GLOBAL_UNSTRUCTURED = signature('global_unstructured', ['parameters', 'pruning_method', 'importance_scores'], { importance_scores: null }, { extra: true });

/**
 * Prunes the tensors `parameters` (pairs `[module, name]`) together: the method (an unstructured
 * one, e.g. `prune.L1Unstructured`) sees them as one flattened vector, so `amount` counts across
 * all of them. `global_unstructured(parameters, pruning_method, importance_scores=null, { amount })`
 * or `global_unstructured(parameters, { pruning_method, amount, importance_scores })`; every
 * option besides `pruning_method` and `importance_scores` goes to the method's constructor.
 * `importance_scores` maps `[module, name]` to a tensor: a Map or an array of `[[module, name], tensor]`.
 */
export function global_unstructured(
  parameters: Iterable<ModuleParamPair>,
  pruning_method?: PruningMethodClass | Record<string, unknown>,
  importance_scores?: ImportanceScores | null | Record<string, unknown>,
  kwargs?: Record<string, unknown>,
): void {
  // Python's **kwargs: names other than the three parameters are the method's options.
  const args = [parameters, pruning_method, importance_scores, kwargs];
  const [params, methodCls, scores] = bind(GLOBAL_UNSTRUCTURED, args);
  const options: Record<string, unknown> = { ...trailingOptions(args) };
  for (const n of GLOBAL_UNSTRUCTURED.names) delete options[n];
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) throw new TypeError('global_unstructured(): parameters is not an Iterable');
  // Materialized once: PyTorch walks `parameters` three times (a generator would be exhausted).
  const pairs = [...(params as Iterable<unknown>)].map((p) => {
    if (!Array.isArray(p) || p.length !== 2 || !(p[0] instanceof Module) || typeof p[1] !== 'string') {
      throw new TypeError('global_unstructured(): parameters must be [module, name] pairs with an nn.Module and a string');
    }
    return p as [Module, string];
  });
  const lookup = scores === undefined || scores === null ? () => undefined : scoresLookup(scores);
  if (typeof methodCls !== 'function') throw new TypeError(`global_unstructured(): expected a pruning method class for pruning_method but received ${torchTypename(methodCls)}`);

  // All importance scores (and the current masks, or ones) flattened into one vector.
  const relevantScores = parameters_to_vector(pairs.map(([m, n]) => {
    const param: Tensor = getattr(m, n);
    return lookup(m, n) ?? param;
  }));
  const defaultMask = parameters_to_vector(pairs.map(([m, n]) => ((m as any)[`${n}_mask`] as Tensor | undefined) ?? ones_like(getattr(m, n))));

  // The canonical container logic combines the new mask with the existing ones on the flat vector.
  const container = new PruningContainerClass();
  container._tensor_name = 'temp';
  const cls = methodCls as ConcreteMethodClass;
  const method = Object.keys(options).length ? new cls(options) : new cls();
  method._tensor_name = 'temp';
  if (method.PRUNING_TYPE !== 'unstructured') {
    const repr = `<class '${BUILTIN_CLASSES.has(cls) || BUILTIN_CLASSES.has(Object.getPrototypeOf(method).constructor) ? 'torch.nn.utils.prune.' : ''}${cls.name}'>`;
    throw new TypeError(`Only "unstructured" PRUNING_TYPE supported for the \`pruning_method\`. Found method ${repr} of type ${pyStr(method.PRUNING_TYPE)}`);
  }
  container.add_pruning_method(method);
  const finalMask = container.compute_mask(relevantScores, defaultMask);

  // Each parameter gets its slice of the final mask, applied like any other pruning.
  let pointer = 0;
  for (const [m, n] of pairs) {
    const param: Tensor = getattr(m, n);
    const numParam = param.numel();
    const paramMask = finalMask.slice(0, pointer, pointer + numParam).view_as(param);
    custom_from_mask(m, n, paramMask);
    pointer += numParam;
  }
}

/**
 * Removes the pruning reparametrization of `module[name]` and its hook: `name` becomes a Parameter
 * again holding the pruned values (pruning is not undone). `remove(module, name)`; returns the module.
 */
export function remove<M extends Module>(module: M, name: string | { name?: string }): M {
  const [mod, nm] = bind(signature('remove', ['module', 'name']), [module, name]) as [M, string];
  checkModule(mod, 'remove');
  for (const [k, hook] of mod._forward_pre_hooks) {
    if (hook instanceof BasePruningMethod && hook._tensor_name === nm) {
      hook.remove(mod);
      mod._forward_pre_hooks.delete(k);
      return mod;
    }
  }
  throw new TorchError(`Parameter '${nm}' of module ${mod} has to be pruned before pruning can be removed`, 'ValueError');
}

/** Whether `module` or any of its sub-modules has a pruning hook. */
export function is_pruned(module: Module): boolean {
  checkModule(module, 'is_pruned');
  for (const [, sub] of module.named_modules()) {
    for (const hook of sub._forward_pre_hooks.values()) if (hook instanceof BasePruningMethod) return true;
  }
  return false;
}
