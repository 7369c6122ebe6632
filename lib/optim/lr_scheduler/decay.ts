// Epoch-driven schedules that scale each group's learning rate: LambdaLR, MultiplicativeLR,
// StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR and
// CosineAnnealingWarmRestarts. Each get_lr() is PyTorch 1.13's chainable (recursive) form, and
// _get_closed_form_lr() its closed form (used by the deprecated step(epoch)), term for term.
import { Optimizer, forRelease } from '../optimizer';
import {
  Args, LAST_EPOCH_VERBOSE, LRScheduler, LRSchedulerOptions, REQUIRED, bindParams, boundNames, checkOptimizer, copyState, fnOrList, num, numList, pyDiv, pyFloorDiv, pyMod, pyNumber, valueError, PYTORCH_2_6, INITIAL_STEP_FLAG,
} from './scheduler';
import { isOptions } from '../../python/options';
import { markFloatDefaults } from '../../python/float_marks';
import { pyCos, pyLog, pyPow } from './pymath';


/** A learning-rate function of the epoch: Python's `lambda epoch: ...`. */
export type LrLambda = (epoch: number) => number;

/** One function per group, from one function or a list (with PyTorch's length check). */
function lambdasFor(optimizer: Optimizer, lr_lambda: LrLambda | LrLambda[]): LrLambda[] {
  const n = optimizer.param_groups.length;
  if (!Array.isArray(lr_lambda)) return new Array(n).fill(lr_lambda);
  if (lr_lambda.length !== n) throw valueError(`Expected ${n} lr_lambdas, but got ${lr_lambda.length}`);
  return [...lr_lambda];
}

/**
 * Shared by LambdaLR and MultiplicativeLR: a plain function is not saved by state_dict() (its
 * entry is null, as PyTorch saves None for functions and lambdas); entries that are objects are
 * merged into the function's own properties on load (PyTorch's `fn.__dict__.update`).
 */
abstract class LambdaScheduler extends LRScheduler {
  declare lr_lambdas: LrLambda[];
  state_dict(): Record<string, any> {
    const state = super.state_dict();
    delete state.lr_lambdas;
    state.lr_lambdas = this.lr_lambdas.map(() => null);
    return state;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    const { lr_lambdas, ...rest } = state_dict;
    super.load_state_dict(rest);
    (lr_lambdas ?? []).forEach((saved: unknown, i: number) => {
      if (isOptions(saved)) Object.assign(this.lr_lambdas[i], copyState(saved));
    });
  }
}

export interface LambdaLROptions extends LRSchedulerOptions { lr_lambda?: LrLambda | LrLambda[] }
/**
 * Sets each group's learning rate to its initial lr times a function of the epoch:
 * `lr = initial_lr * lr_lambda(epoch)`.
 *
 * `LambdaLR(optimizer, lr_lambda, last_epoch=-1, verbose=false)`
 * - `lr_lambda`: a function of the epoch, or one function per parameter group.
 * - `last_epoch`: index of the last epoch (-1 starts the schedule). `verbose`: print each update.
 *
 * state_dict() does not save the functions (PyTorch saves None for them).
 */
export class LambdaLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, ...args: Args<[lr_lambda: LrLambda | LrLambda[], last_epoch: number, verbose: boolean], LambdaLROptions>) {
    const o = bindParams('LambdaLR', args, [['lr_lambda', REQUIRED, fnOrList], ...LAST_EPOCH_VERBOSE]);
    checkOptimizer(optimizer);
    super(optimizer, { lr_lambdas: lambdasFor(optimizer, o.lr_lambda), last_epoch: o.last_epoch, verbose: o.verbose });
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    return this.lr_lambdas.map((lmbda, i) => this.base_lrs[i] * lmbda(this.last_epoch));
  }
}

export interface MultiplicativeLROptions extends LRSchedulerOptions { lr_lambda?: LrLambda | LrLambda[] }
/**
 * Multiplies each group's learning rate by a function of the epoch at every step after the
 * first: `lr_epoch = lr_(epoch-1) * lr_lambda(epoch)`.
 *
 * `MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1, verbose=false)`
 * - `lr_lambda`: a function of the epoch giving the factor, or one function per group.
 */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(optimizer: Optimizer, ...args: Args<[lr_lambda: LrLambda | LrLambda[], last_epoch: number, verbose: boolean], MultiplicativeLROptions>) {
    const o = bindParams('MultiplicativeLR', args, [['lr_lambda', REQUIRED, fnOrList], ...LAST_EPOCH_VERBOSE]);
    checkOptimizer(optimizer);
    super(optimizer, { lr_lambdas: lambdasFor(optimizer, o.lr_lambda), last_epoch: o.last_epoch, verbose: o.verbose });
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    const groups = this.optimizer.param_groups;
    if (INITIAL_STEP_FLAG ? !this._is_initial : this.last_epoch > 0) return this.lr_lambdas.slice(0, groups.length).map((lmbda, i) => groups[i].lr * lmbda(this.last_epoch));
    return groups.map((g) => g.lr);
  }
}

/** Each group's current lr times `factor` (the chainable forms' common shape). */
function scaled(scheduler: LRScheduler, factor: number): number[] {
  return scheduler.optimizer.param_groups.map((g) => g.lr * factor);
}
const current = (scheduler: LRScheduler): number[] => scheduler.optimizer.param_groups.map((g) => g.lr);

export interface StepLROptions extends LRSchedulerOptions { step_size?: number; gamma?: number }
/**
 * Decays each group's learning rate by `gamma` every `step_size` epochs:
 * `lr = initial_lr * gamma ** (epoch // step_size)`.
 *
 * `StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1, verbose=false)`
 * - `step_size`: period of the decay, in epochs. `gamma`: the decay factor.
 */
export class StepLR extends LRScheduler {
  declare step_size: number;
  declare gamma: number;
  constructor(optimizer: Optimizer, ...args: Args<[step_size: number, gamma: number, last_epoch: number, verbose: boolean], StepLROptions>) {
    const o = bindParams('StepLR', args, [['step_size', REQUIRED, num], ['gamma', 0.1, num], ...LAST_EPOCH_VERBOSE]);
    super(optimizer, { step_size: o.step_size, gamma: o.gamma, last_epoch: o.last_epoch, verbose: o.verbose });
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    if (this.last_epoch === 0 || pyMod(this.last_epoch, this.step_size) !== 0) return current(this);
    return scaled(this, this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * pyPow(this.gamma, pyFloorDiv(this.last_epoch, this.step_size)));
  }
}

export interface MultiStepLROptions extends LRSchedulerOptions { milestones?: number[]; gamma?: number }
/**
 * Decays each group's learning rate by `gamma` each time the epoch reaches a milestone (a
 * milestone listed twice decays twice): `lr = initial_lr * gamma ** (milestones passed)`.
 *
 * `MultiStepLR(optimizer, milestones, gamma=0.1, last_epoch=-1, verbose=false)`
 * - `milestones`: epoch indices, increasing. `gamma`: the decay factor.
 *
 * `milestones` is kept as PyTorch's `Counter`: an object from epoch to count, `{30: 1, 80: 1}`.
 */
export class MultiStepLR extends LRScheduler {
  declare milestones: Record<string, number>;
  declare gamma: number;
  constructor(optimizer: Optimizer, ...args: Args<[milestones: number[], gamma: number, last_epoch: number, verbose: boolean], MultiStepLROptions>) {
    const o = bindParams('MultiStepLR', args, [['milestones', REQUIRED, numList], ['gamma', 0.1, num], ...LAST_EPOCH_VERBOSE]);
    const counter: Record<string, number> = {};
    for (const m of o.milestones as number[]) counter[String(m)] = (counter[String(m)] ?? 0) + 1;
    super(optimizer, { milestones: counter, gamma: o.gamma, last_epoch: o.last_epoch, verbose: o.verbose });
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    const key = String(this.last_epoch);
    if (!Object.hasOwn(this.milestones, key)) return current(this);
    return scaled(this, pyPow(this.gamma, this.milestones[key]));
  }
  _get_closed_form_lr(): number[] {
    const sorted: number[] = [];
    for (const [m, c] of Object.entries(this.milestones)) for (let i = 0; i < c; i++) sorted.push(Number(m));
    sorted.sort((a, b) => a - b);
    let passed = 0;  // bisect_right
    while (passed < sorted.length && sorted[passed] <= this.last_epoch) passed++;
    return this.base_lrs.map((base_lr) => base_lr * pyPow(this.gamma, passed));
  }
}

export interface ConstantLROptions extends LRSchedulerOptions { factor?: number; total_iters?: number }
/**
 * Multiplies each group's learning rate by a constant `factor` until epoch `total_iters`, then
 * restores it: `lr = initial_lr * (factor if epoch < total_iters else 1)`.
 *
 * `ConstantLR(optimizer, factor=1/3, total_iters=5, last_epoch=-1, verbose=false)`
 * - `factor`: in [0, 1]. `total_iters`: number of epochs the factor applies.
 */
export class ConstantLR extends LRScheduler {
  declare factor: number;
  declare total_iters: number;
  constructor(optimizer: Optimizer, ...args: Args<[factor: number, total_iters: number, last_epoch: number, verbose: boolean], ConstantLROptions>) {
    const o = bindParams('ConstantLR', args, [['factor', 1.0 / 3, num], ['total_iters', 5, num], ...LAST_EPOCH_VERBOSE]);
    if (o.factor > 1.0 || o.factor < 0) throw valueError('Constant multiplicative factor expected to be between 0 and 1.');
    super(optimizer, { factor: o.factor, total_iters: o.total_iters, last_epoch: o.last_epoch, verbose: o.verbose });
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    if (this.last_epoch === 0) return scaled(this, this.factor);
    if (this.last_epoch > this.total_iters || this.last_epoch !== this.total_iters) return current(this);
    return scaled(this, pyDiv(1.0, this.factor));
  }
  _get_closed_form_lr(): number[] {
    const reached = this.last_epoch >= this.total_iters ? 1 : 0;
    return this.base_lrs.map((base_lr) => base_lr * (this.factor + reached * (1 - this.factor)));
  }
}

export interface LinearLROptions extends LRSchedulerOptions { start_factor?: number; end_factor?: number; total_iters?: number }
/**
 * Scales each group's learning rate by a factor that moves linearly from `start_factor` to
 * `end_factor` over `total_iters` epochs (a warm-up when start < end):
 * `lr = initial_lr * (start + (end - start) * min(epoch, total_iters) / total_iters)`.
 *
 * `LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5, last_epoch=-1, verbose=false)`
 * - `start_factor`, `end_factor`: in [0, 1]. `total_iters`: epochs to reach `end_factor`.
 */
export class LinearLR extends LRScheduler {
  declare start_factor: number;
  declare end_factor: number;
  declare total_iters: number;
  constructor(optimizer: Optimizer, ...args: Args<[start_factor: number, end_factor: number, total_iters: number, last_epoch: number, verbose: boolean], LinearLROptions>) {
    const o = bindParams('LinearLR', args, [['start_factor', 1.0 / 3, num], ['end_factor', 1.0, num], ['total_iters', 5, num], ...LAST_EPOCH_VERBOSE]);
    if (!PYTORCH_2_6 && (o.start_factor > 1.0 || o.start_factor < 0)) throw valueError('Starting multiplicative factor expected to be between 0 and 1.');
    if (PYTORCH_2_6 && (o.start_factor > 1.0 || o.start_factor <= 0))
      throw valueError('Starting multiplicative factor expected to be greater than 0 and less or equal to 1.');
    if (o.end_factor > 1.0 || o.end_factor < 0) throw valueError('Ending multiplicative factor expected to be between 0 and 1.');
    super(optimizer, { start_factor: o.start_factor, end_factor: o.end_factor, total_iters: o.total_iters, last_epoch: o.last_epoch, verbose: o.verbose });
    markFloatDefaults(this, args, boundNames(o), ['end_factor']);
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    if (this.last_epoch === 0) return scaled(this, this.start_factor);
    if ((INITIAL_STEP_FLAG && this._is_initial) || this.last_epoch > this.total_iters) return current(this);
    const d = this.end_factor - this.start_factor;
    return current(this).map((lr) => lr * (1. + pyDiv(d, this.total_iters * this.start_factor + (this.last_epoch - 1) * d)));
  }
  _get_closed_form_lr(): number[] {
    const d = this.end_factor - this.start_factor;
    return this.base_lrs.map((base_lr) => base_lr * (this.start_factor + pyDiv(d * Math.min(this.total_iters, this.last_epoch), this.total_iters)));
  }
}

export interface ExponentialLROptions extends LRSchedulerOptions { gamma?: number }
/**
 * Decays each group's learning rate by `gamma` every epoch: `lr = initial_lr * gamma ** epoch`.
 *
 * `ExponentialLR(optimizer, gamma, last_epoch=-1, verbose=false)`
 * - `gamma`: the decay factor.
 */
export class ExponentialLR extends LRScheduler {
  declare gamma: number;
  constructor(optimizer: Optimizer, ...args: Args<[gamma: number, last_epoch: number, verbose: boolean], ExponentialLROptions>) {
    const o = bindParams('ExponentialLR', args, [['gamma', REQUIRED, num], ...LAST_EPOCH_VERBOSE]);
    super(optimizer, { gamma: o.gamma, last_epoch: o.last_epoch, verbose: o.verbose });
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    if (this.initialStep()) return current(this);
    return scaled(this, this.gamma);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * pyPow(this.gamma, this.last_epoch));
  }
}

export interface PolynomialLROptions extends LRSchedulerOptions { total_iters?: number; power?: number }
/**
 * Decays each group's learning rate polynomially to 0 over `total_iters` epochs:
 * `lr = initial_lr * (1 - min(epoch, total_iters) / total_iters) ** power`.
 *
 * `PolynomialLR(optimizer, total_iters=5, power=1.0, last_epoch=-1, verbose=false)`
 */
export class PolynomialLR extends LRScheduler {
  declare total_iters: number;
  declare power: number;
  constructor(optimizer: Optimizer, ...args: Args<[total_iters: number, power: number, last_epoch: number, verbose: boolean], PolynomialLROptions>) {
    const o = bindParams('PolynomialLR', args, [['total_iters', 5, num], ['power', 1.0, num], ...LAST_EPOCH_VERBOSE]);
    super(optimizer, { total_iters: o.total_iters, power: o.power, last_epoch: o.last_epoch, verbose: o.verbose });
    markFloatDefaults(this, args, boundNames(o), ['power']);
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    if (this.initialStep() || this.last_epoch > this.total_iters) return current(this);
    const decay_factor = pyPow(pyDiv(1.0 - pyDiv(this.last_epoch, this.total_iters), 1.0 - pyDiv(this.last_epoch - 1, this.total_iters)), this.power);
    return scaled(this, decay_factor);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => base_lr * pyPow(1.0 - pyDiv(Math.min(this.total_iters, this.last_epoch), this.total_iters), this.power));
  }
}

// The cosine schedulers' eta_min defaults to 0 in PyTorch 1.13 and to 0.0 (a float) from 2.6 on.
const ETA_MIN_FLOAT = forRelease([['1.13', []], ['2.6', ['eta_min']]]);

export interface CosineAnnealingLROptions extends LRSchedulerOptions { T_max?: number; eta_min?: number }
/**
 * Anneals each group's learning rate along a cosine from its initial lr (η_max) to `eta_min`
 * over `T_max` epochs, then back up (period 2·T_max):
 * `η_t = η_min + (η_max - η_min) * (1 + cos(π t / T_max)) / 2`.
 *
 * `CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1, verbose=false)`
 * - `T_max`: half-period in epochs. `eta_min`: the minimum learning rate.
 *
 * `step()` uses PyTorch's recursive form (so changes made to the lr from outside carry over);
 * `step(epoch)` the closed form above.
 */
export class CosineAnnealingLR extends LRScheduler {
  declare T_max: number;
  declare eta_min: number;
  constructor(optimizer: Optimizer, ...args: Args<[T_max: number, eta_min: number, last_epoch: number, verbose: boolean], CosineAnnealingLROptions>) {
    const o = bindParams('CosineAnnealingLR', args, [['T_max', REQUIRED, num], ['eta_min', 0, num], ...LAST_EPOCH_VERBOSE]);
    super(optimizer, { T_max: o.T_max, eta_min: o.eta_min, last_epoch: o.last_epoch, verbose: o.verbose });
    markFloatDefaults(this, args, boundNames(o), ETA_MIN_FLOAT);
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    const { eta_min, T_max, last_epoch } = this;
    const groups = this.optimizer.param_groups;
    const n = Math.min(groups.length, this.base_lrs.length);
    if (this.initialStep()) return current(this);
    if (this._step_count === 1 && last_epoch > 0)
      return this.base_lrs.slice(0, n).map((base_lr) => eta_min + (base_lr - eta_min) * (1 + pyCos(pyDiv(last_epoch * Math.PI, T_max))) / 2);
    if (pyMod(last_epoch - 1 - T_max, 2 * T_max) === 0)
      return this.base_lrs.slice(0, n).map((base_lr, i) => groups[i].lr + (base_lr - eta_min) * (1 - pyCos(pyDiv(Math.PI, T_max))) / 2);
    return groups.map((g) => pyDiv(1 + pyCos(pyDiv(Math.PI * last_epoch, T_max)), 1 + pyCos(pyDiv(Math.PI * (last_epoch - 1), T_max))) * (g.lr - eta_min) + eta_min);
  }
  _get_closed_form_lr(): number[] {
    return this.base_lrs.map((base_lr) => this.eta_min + (base_lr - this.eta_min) * (1 + pyCos(pyDiv(Math.PI * this.last_epoch, this.T_max))) / 2);
  }
}

export interface CosineAnnealingWarmRestartsOptions extends LRSchedulerOptions { T_0?: number; T_mult?: number; eta_min?: number }
/**
 * Cosine annealing with warm restarts (SGDR): each group's learning rate follows
 * `η = η_min + (η_max - η_min) * (1 + cos(π T_cur / T_i)) / 2`, where `T_cur` counts epochs
 * since the last restart and `T_i` (first `T_0`) is multiplied by `T_mult` at each restart.
 *
 * `CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1, verbose=false)`
 * - `T_0`: epochs until the first restart (positive integer). `T_mult`: integer ≥ 1.
 * - `eta_min`: the minimum learning rate.
 *
 * `step(epoch)` takes fractional epochs (`scheduler.step(epoch + i / iters)` per batch).
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  declare T_0: number;
  declare T_i: number;
  declare T_mult: number;
  declare eta_min: number;
  declare T_cur: number;
  constructor(optimizer: Optimizer, ...args: Args<[T_0: number, T_mult: number, eta_min: number, last_epoch: number, verbose: boolean], CosineAnnealingWarmRestartsOptions>) {
    const o = bindParams('CosineAnnealingWarmRestarts', args, [['T_0', REQUIRED, num], ['T_mult', 1, num], ['eta_min', 0, num], ...LAST_EPOCH_VERBOSE]);
    if (o.T_0 <= 0 || !Number.isInteger(o.T_0)) throw valueError(`Expected positive integer T_0, but got ${pyNumber(o.T_0)}`);
    if (o.T_mult < 1 || !Number.isInteger(o.T_mult)) throw valueError(`Expected integer T_mult >= 1, but got ${pyNumber(o.T_mult)}`);
    super(optimizer, { T_0: o.T_0, T_i: o.T_0, T_mult: o.T_mult, eta_min: o.eta_min, T_cur: o.last_epoch, last_epoch: o.last_epoch, verbose: o.verbose });
    markFloatDefaults(this, args, boundNames(o), ETA_MIN_FLOAT);
  }
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    return this.base_lrs.map((base_lr) => this.eta_min + (base_lr - this.eta_min) * (1 + pyCos(pyDiv(Math.PI * this.T_cur, this.T_i))) / 2);
  }
  /**
   * One step (after every batch, or every epoch), or a jump to `epoch`, which may be fractional:
   * `scheduler.step(epoch + i / iters)`.
   */
  step(epoch: number | null | { epoch?: number | null } = null): void {
    let e = isOptions(epoch) ? (epoch.epoch ?? null) : epoch;
    if (e !== null && typeof e !== 'number') throw new TypeError(`step(): expected number or null for epoch but received ${typeof e}`);
    if (e === null && this.last_epoch < 0) e = 0;
    if (e === null) {
      e = this.last_epoch + 1;
      this.T_cur = this.T_cur + 1;
      if (this.T_cur >= this.T_i) {
        this.T_cur = this.T_cur - this.T_i;
        this.T_i = this.T_i * this.T_mult;
      }
    } else {
      if (e < 0) throw valueError(`Expected non-negative epoch, but got ${pyNumber(e)}`);
      if (e >= this.T_0) {
        if (this.T_mult === 1) {
          this.T_cur = pyMod(e, this.T_0);
        } else {
          const n = Math.trunc(pyLog(e / this.T_0 * (this.T_mult - 1) + 1, this.T_mult));
          this.T_cur = e - this.T_0 * (pyPow(this.T_mult, n) - 1) / (this.T_mult - 1);
          this.T_i = this.T_0 * pyPow(this.T_mult, n);
        }
      } else {
        this.T_i = this.T_0;
        this.T_cur = e;
      }
    }
    this.last_epoch = Math.floor(e);
    let values: number[];
    this._get_lr_called_within_step = true;
    try {
      values = this.get_lr();
    } finally {
      this._get_lr_called_within_step = false;
    }
    this.applyLrs(values, e);
  }
}


