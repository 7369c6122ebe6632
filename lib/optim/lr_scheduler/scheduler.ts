// The LRScheduler base class (PyTorch 1.13's `_LRScheduler`) and what every scheduler shares:
// argument binding, Python's arithmetic (floor division, modulo, division by zero), warnings,
// verbose printing and state_dict copying.
import { bindNamed, signature } from '../../python/binder';
import { Check, typed } from '../../python/check';
import { isOptions, trailingOptions } from '../../python/options';
import { copyFloats } from '../../python/float_marks';
import { typeName } from '../../python/typename';
import { formatExp, formatFixed } from '../../python/float_format';
import { warnOnce } from '../../python/warnings';
import { Optimizer, forRelease, pyNumber } from '../optimizer';
import { TorchError } from '../../errors';

/** LibTorch 2.6 or later: its PyTorch changed schedulers' state, messages and momentum cycling. */
export const PYTORCH_2_6 = forRelease([['1.13', false], ['2.6', true]]);
/** Schedulers take `verbose` (PyTorch 2.7 removed it, deprecated since 2.2). */
export const TAKES_VERBOSE = forRelease([['1.13', true], ['2.7', false]]);
/**
 * The constructor's first step runs with `_is_initial` set, which the chainable forms test instead
 * of `last_epoch == 0` (so a scheduler resumed with last_epoch >= 0 does not step ahead of itself):
 * PyTorch 2.14 does, 2.6 does not.
 */
export const INITIAL_STEP_FLAG = forRelease([['1.13', false], ['2.14', true]]);
/** SequentialLR restarts a scheduler at its milestone without counting a step (PyTorch 2.14). */
export const UNCOUNTED_RESTART = forRelease([['1.13', false], ['2.14', true]]);

// ---- argument binding -----------------------------------------------------------------------

type Prefixes<P extends unknown[]> = P extends [...infer H, unknown] ? P | Prefixes<H> : [];
/**
 * A constructor's arguments after `optimizer`: any leading part of the positional parameters `P`
 * (PyTorch's order), optionally followed by one options object `O` that may name any of them.
 */
export type Args<P extends unknown[], O> = Prefixes<P> extends infer X ? (X extends unknown[] ? X | [...X, O] : never) : never;

/** Marks a parameter without a default. */
export const REQUIRED: unique symbol = Symbol('required');
/** One parameter: name, default (or REQUIRED), and the check of its accepted values. */
export type ParamSpec = readonly [name: string, default_: unknown, check: Check<any, boolean>];

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isFunction = (v: unknown): boolean => typeof v === 'function';
export const num = typed<number>('number', isNumber);
export const optionalNum = typed<number>('number or null', isNumber).nullable();
export const bool = typed<boolean>('boolean', (v) => typeof v === 'boolean');
export const str = typed<string>('string', (v) => typeof v === 'string');
export const array = typed<unknown[]>('array', Array.isArray);
export const fn = typed<Function>('function', isFunction);
export const optionalFn = typed<Function>('function or null', isFunction).nullable();
export const fnOrList = typed<Function | Function[]>('function or array of functions', (v) => isFunction(v) || (Array.isArray(v) && v.every(isFunction)));
export const numList = typed<number[]>('array of numbers', (v) => Array.isArray(v) && v.every(isNumber));
export const numOrList = typed<number | number[]>('number or array of numbers', (v) => isNumber(v) || numList.test(v));
/** The two parameters every epoch-driven scheduler ends with. */
export const LAST_EPOCH_VERBOSE: ParamSpec[] = [['last_epoch', -1, num], ['verbose', false, bool]];
const notVerbose = ([name]: ParamSpec): boolean => name !== 'verbose';

/**
 * Binds `args` (the arguments after the optimizer) the Python way: positional values in `spec`'s
 * order, then one trailing options object naming any parameter, each value checked. With
 * `allowExtra`, unknown option names are returned under `extra` instead of raising (the
 * attributes a subclass passes to the base constructor).
 * `implicit` counts the parameters before `args` in Python's messages (self, optimizer).
 */
export function bindParams(cls: string, args: unknown[], spec: ParamSpec[], allowExtra = false, implicit = 2): Record<string, any> & { extra: Record<string, unknown> } {
  if (!TAKES_VERBOSE) spec = spec.filter(notVerbose);
  const defaults: Record<string, unknown> = {};
  const checks: Record<string, Check<unknown, boolean>> = {};
  for (const [name, d, check] of spec) {
    if (d !== REQUIRED) defaults[name] = d;
    checks[name] = check;
  }
  const names = spec.map(([name]) => name);
  const out = bindNamed(signature(`${cls}.__init__`, names, defaults, { implicit, checks, checkFn: cls, extra: allowExtra || undefined }), args);
  const extra: Record<string, unknown> = {};
  const kw = allowExtra ? trailingOptions(args) : undefined;
  // (A subclass forwards its own `verbose` to the base: not an attribute where there is none.)
  if (kw) for (const [k, v] of Object.entries(kw)) if (!names.includes(k) && (TAKES_VERBOSE || k !== 'verbose')) extra[k] = v;
  return Object.assign(out, { extra });
}

/** The parameter names bindParams bound, in order (what markFloatDefaults reads a call's arguments against). */
export const boundNames = (o: Record<string, unknown>): string[] => Object.keys(o).filter((k) => k !== 'extra');

// ---- Python semantics -----------------------------------------------------------------------

export function checkOptimizer(optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
}

export const valueError = (message: string): TorchError => new TorchError(message, 'ValueError');
const zeroDivision = (message: string): TorchError => new TorchError(message, 'ZeroDivisionError');
const bothInts = (a: number, b: number): boolean => Number.isInteger(a) && Number.isInteger(b);

/** Python's `a / b` (ZeroDivisionError instead of Infinity). */
export function pyDiv(a: number, b: number): number {
  if (b === 0) throw zeroDivision(bothInts(a, b) ? 'division by zero' : 'float division by zero');
  return a / b;
}

// CPython's float divmod (Objects/floatobject.c): exact for integers, floor-rounded for floats.
function divmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if ((wx < 0) !== (mod < 0)) { mod += wx; div -= 1; }
  } else mod = wx < 0 ? -0 : 0;
  let floordiv: number;
  if (div) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = vx / wx < 0 ? -0 : 0;
  return [floordiv, mod];
}
/** Python's `a // b`. */
export function pyFloorDiv(a: number, b: number): number {
  if (b === 0) throw zeroDivision(bothInts(a, b) ? 'integer division or modulo by zero' : 'float floor division by zero');
  return divmod(a, b)[0];
}
/** Python's `a % b` (the result takes the divisor's sign). */
export function pyMod(a: number, b: number): number {
  if (b === 0) throw zeroDivision(bothInts(a, b) ? 'integer modulo by zero' : 'float modulo');
  return divmod(a, b)[1];
}
export const EPOCH_DEPRECATION_WARNING =
  'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. '
  + 'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from None, '
  + 'the closed form is used instead of the new chainable form, where available. Please open an issue if you are '
  + 'unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';
export const GET_LR_WARNING = 'To get the last learning rate computed by the scheduler, please use `get_last_lr()`.';

/** Python's `'{:.4e}'.format(v)`. */
export const formatE4 = (v: number): string => formatExp(v, 4);
/** `("%.2f" if isinstance(epoch, float) else "%.5d") % epoch`. */
export function formatEpoch(epoch: number): string {
  if (!Number.isInteger(epoch)) return formatFixed(epoch, 2);
  return (epoch < 0 ? '-' : '') + String(Math.abs(epoch)).padStart(5, '0');
}

/** A copy of a state value: arrays, Maps and plain objects (with their float marks) are copied (recursively), the rest shared. */
export function copyState(v: unknown): any {
  if (Array.isArray(v)) return v.map(copyState);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copyState(x)]));
  if (isOptions(v)) {
    const out = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyState(x)]));
    copyFloats(v, out);
    return out;
  }
  return v;
}
/** `{key: value for key, value in self.__dict__.items() if key not in exclude}` (values copied; whole-number floats stay floats). */
export function stateOf(obj: object, exclude: string[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(obj)) if (!exclude.includes(k)) out[k] = copyState(v);
  copyFloats(obj, out);
  return out;
}
/** `self.__dict__.update(state_dict)` (values copied so the caller's dict stays independent). */
export function loadState(obj: object, state_dict: Record<string, unknown>, exclude: string[] = []): void {
  if (!isOptions(state_dict)) throw new TypeError(`load_state_dict() expects a state dict object, got ${typeName(state_dict)}`);
  const keys = Object.keys(state_dict).filter((k) => !exclude.includes(k));
  for (const k of keys) (obj as any)[k] = copyState(state_dict[k]);
  copyFloats(state_dict, obj, keys);
}

// ---- optimizer.step() call counting (https://github.com/pytorch/pytorch/issues/20124) ---------

interface CountedStep { (...args: any[]): any; _with_counter?: boolean }

/** Wraps `optimizer.step` so it counts its calls in `optimizer._step_count`, as PyTorch does. */
function countOptimizerSteps(optimizer: Optimizer): void {
  const current = optimizer.step as CountedStep;
  if (current._with_counter) return;
  const wrapper: CountedStep = function (this: unknown, ...args: any[]) {
    (optimizer as any)._step_count += 1;
    return current.apply(optimizer, args);
  };
  wrapper._with_counter = true;
  Object.defineProperty(optimizer, 'step', { value: wrapper, writable: true, configurable: true, enumerable: false });
}
function setOptimizerStepCount(optimizer: Optimizer, n: number): void {
  Object.defineProperty(optimizer, '_step_count', { value: n, writable: true, configurable: true, enumerable: false });
}

// PyTorch 2.x's warnings for `verbose` (which no longer prints) and for print_lr().
export const VERBOSE_DEPRECATED = 'The verbose parameter is deprecated. Please use get_last_lr() to access the learning rate.';
const PRINT_LR_DEPRECATED = '`LRScheduler.print_lr()` is being deprecated. To fetch the learning rate, please use `get_last_lr()` instead. '
  + 'For more details, see https://github.com/pytorch/pytorch/issues/99270.';

/** Passed as the optimizer by schedulers that, like PyTorch's, skip the base initialisation. */
export const NO_INIT: unique symbol = Symbol('no init');

export interface LRSchedulerOptions {
  /** Index of the last epoch; -1 starts the schedule (and records `initial_lr` in each group). */
  last_epoch?: number;
  /** Print a message for each update. */
  verbose?: boolean;
}

/**
 * Base class of the epoch-driven schedulers (PyTorch's `_LRScheduler`, renamed `LRScheduler` in
 * 2.0). `LRScheduler(optimizer, last_epoch=-1, verbose=false)`.
 *
 * On construction it records each group's `initial_lr` (when `last_epoch` is -1; otherwise every
 * group must already have one, as after resuming), sets `base_lrs` from them, and takes the first
 * step, so the optimizer holds the schedule's epoch-0 learning rate. `step()` advances
 * `last_epoch` and writes `get_lr()` (the chainable, recursive form) into the groups;
 * `step(epoch)` (deprecated in PyTorch) jumps to `epoch` and uses the closed form where the
 * scheduler has one.
 *
 * Subclasses implement `get_lr()` (and optionally `_get_closed_form_lr()`). PyTorch subclasses set
 * their attributes before `super().__init__` so the first step sees them; here pass them in the
 * options object: `super(optimizer, { last_epoch, verbose, warmup })` sets `this.warmup` before
 * the first step (declare such fields with `declare warmup: number`).
 */
export class LRScheduler {
  /** The wrapped optimizer. */
  declare optimizer: Optimizer;
  /** Each group's `initial_lr`: the schedule's reference learning rates. */
  declare base_lrs: number[];
  /** Index of the last step taken (0 after construction). */
  declare last_epoch: number;
  declare verbose: boolean;
  declare _step_count: number;
  declare _get_lr_called_within_step: boolean;
  declare _is_initial: boolean;
  declare _last_lr: number[];

  constructor(optimizer: Optimizer, ...args: Args<[last_epoch: number, verbose: boolean], LRSchedulerOptions & Record<string, unknown>>) {
    if ((optimizer as unknown) === NO_INIT) return;
    const o = bindParams(new.target.name, args, [['last_epoch', -1, num], ['verbose', false, bool]], new.target !== LRScheduler);
    Object.assign(this, o.extra);
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    if (o.last_epoch === -1) {
      for (const group of optimizer.param_groups) if (!('initial_lr' in group)) group.initial_lr = group.lr;
    } else {
      optimizer.param_groups.forEach((group, i) => {
        if (!('initial_lr' in group))
          throw new TorchError(forRelease([['1.13', `param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`],
            ['2.14', `param 'initial_lr' is not specified in param_groups[${i}] when resuming scheduler with last_epoch >= 0.\n`
              + 'This typically happens when:\n'
              + "1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\n"
              + "2. You're using last_epoch >= 0 for a fresh training run (not recommended)"]]), 'KeyError');
      });
    }
    this.base_lrs = optimizer.param_groups.map((g) => g.initial_lr);
    this.last_epoch = o.last_epoch;
    countOptimizerSteps(optimizer);
    if (TAKES_VERBOSE) this.verbose = o.verbose;
    if (PYTORCH_2_6 && o.verbose) warnOnce(VERBOSE_DEPRECATED);
    this._initial_step();
  }

  /** Resets the step counters and takes the first step. */
  _initial_step(): void {
    setOptimizerStepCount(this.optimizer, 0);
    this._step_count = 0;
    if (!INITIAL_STEP_FLAG) return this.step();
    this._is_initial = true;
    try {
      this.step();
    } finally {
      this._is_initial = false;
    }
  }

  /** Whether this is the constructor's step (`last_epoch == 0` where there is no `_is_initial`). */
  protected initialStep(): boolean {
    return INITIAL_STEP_FLAG ? this._is_initial : this.last_epoch === 0;
  }

  /** Every attribute except the optimizer (lambdas and wrapped schedulers as PyTorch saves them). */
  state_dict(): Record<string, any> {
    return stateOf(this, ['optimizer']);
  }

  /** Restores attributes saved by `state_dict()`. */
  load_state_dict(state_dict: Record<string, any>): void {
    loadState(this, state_dict);
  }

  /** The learning rates the last `step()` computed, one per group. */
  get_last_lr(): number[] {
    return this._last_lr;
  }

  /** The learning rates for `last_epoch` (chainable form: usually from the groups' current lr). */
  get_lr(): number[] {
    throw new TorchError(`${this.constructor.name}.get_lr() is not implemented`, 'NotImplementedError');
  }

  /**
   * Prints `Adjusting learning rate of group i to 1.0000e-02.` when `is_verbose`. PyTorch 2.x
   * deprecates it (a warning) and its `step()` no longer calls it.
   */
  print_lr(is_verbose: boolean, group: number, lr: number, epoch: number | null = null): void {
    if (PYTORCH_2_6) warnOnce(PRINT_LR_DEPRECATED);
    if (!is_verbose) return;
    if (epoch === null || epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${formatE4(lr)}.`);
    else console.log(`Epoch ${formatEpoch(epoch)}: adjusting learning rate of group ${group} to ${formatE4(lr)}.`);
  }

  /** Warns once when `get_lr()` is called from outside `step()`. */
  protected warnGetLrOutsideStep(): void {
    if (!this._get_lr_called_within_step) warnOnce(GET_LR_WARNING);
  }

  /**
   * Advances the schedule one step (call it after `optimizer.step()`). With `epoch` (deprecated
   * in PyTorch), jumps to that epoch and uses the closed form where the scheduler has one.
   */
  step(epoch: number | null | { epoch?: number | null } = null): void {
    const e = isOptions(epoch) ? (epoch.epoch ?? null) : epoch;
    if (e !== null && typeof e !== 'number') throw new TypeError(`step(): expected number or null for epoch but received ${typeName(e)}`);
    if (this._step_count === 1) {
      const step = this.optimizer.step as CountedStep;
      if (!step._with_counter) {
        warnOnce('Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. '
          + 'Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. '
          + 'See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
      } else if ((this.optimizer as any)._step_count < 1) {
        warnOnce('Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should '
          + 'call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will '
          + 'result in PyTorch skipping the first value of the learning rate schedule. '
          + 'See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate');
      }
    }
    this._step_count += 1;
    if (e !== null) warnOnce(EPOCH_DEPRECATION_WARNING);
    this._update_lr(e);
  }

  /** The step itself, uncounted (SequentialLR restarts a scheduler at its milestone with it on PyTorch 2.14). */
  _update_lr(e: number | null): void {
    let values: number[];
    this._get_lr_called_within_step = true;
    try {
      if (e === null) {
        this.last_epoch += 1;
        values = this.get_lr();
      } else {
        this.last_epoch = e;
        const closed = (this as any)._get_closed_form_lr;
        values = typeof closed === 'function' ? closed.call(this) : this.get_lr();
      }
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.applyLrs(values, e);
  }

  /** Writes `values` into the groups (zip: the shorter wins) and records `_last_lr`. */
  protected applyLrs(values: number[], epoch: number | null): void {
    const groups = this.optimizer.param_groups;
    const n = Math.min(groups.length, values.length);
    for (let i = 0; i < n; i++) {
      groups[i].lr = values[i];
      if (!PYTORCH_2_6) this.print_lr(this.verbose, i, values[i], epoch);
    }
    this._last_lr = groups.map((g) => g.lr);
  }
}

/** Python's `_format_param`: one value per group, from a scalar or a list of the right length. */
export function formatParam(name: string, optimizer: Optimizer, param: number | number[]): number[] {
  const n = optimizer.param_groups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) {
      throw valueError(forRelease([['1.13', `expected ${n} values for ${name}, got ${param.length}`],
        ['2.6', `${name} must have the same length as optimizer.param_groups. ${name} has ${param.length} values, param_groups has ${n}.`]]));
    }
    return [...param];
  }
  return new Array(n).fill(param);
}

export { pyNumber };
