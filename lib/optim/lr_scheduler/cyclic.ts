// Batch-driven cyclical schedules: CyclicLR (CLR) and OneCycleLR (1cycle). Both can cycle the
// momentum inversely to the learning rate (`momentum`, or `betas[0]` for Adam-style optimizers).
import { Optimizer, forRelease } from '../optimizer';
import {
  Args, LAST_EPOCH_VERBOSE, LRScheduler, LRSchedulerOptions, PYTORCH_2_6, REQUIRED, bindParams, boundNames, bool, checkOptimizer, formatParam, num, numOrList, optionalFn, optionalNum, pyDiv,
  pyNumber, str, valueError,
} from './scheduler';
import { pyCos, pyPow } from './pymath';
import { markFloat, markFloatDefaults } from '../../python/float_marks';


export interface CyclicLROptions extends LRSchedulerOptions {
  base_lr?: number | number[];
  max_lr?: number | number[];
  step_size_up?: number;
  step_size_down?: number | null;
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  gamma?: number;
  scale_fn?: ((x: number) => number) | null;
  scale_mode?: 'cycle' | 'iterations';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
}

// PyTorch 2.x's CyclicLR also cycles Adam-style optimizers' beta1 (1.13 refused them) and starts at max_momentum.
const MOMENTUM_OR_BETA1 = 'optimizer must support momentum or beta1 with `cycle_momentum` option enabled';

/** Writes a cycled momentum: `betas[0]` for Adam-style optimizers, else `momentum`. */
function setMomentum(group: Record<string, any>, use_beta1: boolean, momentum: number): void {
  if (use_beta1) group.betas = [momentum, ...group.betas.slice(1)];
  else group.momentum = momentum;
}

/** The groups' starting momentum (max_momentum) and their `max_momentum`/`base_momentum` entries. */
function startMomentum(optimizer: Optimizer, use_beta1: boolean, max_momentums: number[], base_momentums: number[]): void {
  optimizer.param_groups.forEach((group, i) => {
    setMomentum(group, use_beta1, max_momentums[i]);
    group.max_momentum = max_momentums[i];
    group.base_momentum = base_momentums[i];
  });
}

/**
 * Cyclical learning rates (CLR, Smith 2017): each group's learning rate moves between `base_lr`
 * and `max_lr`, rising for `step_size_up` steps and falling for `step_size_down`, with the
 * amplitude scaled per cycle or per iteration. Step it after every batch.
 *
 * `CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=null,
 * mode='triangular', gamma=1.0, scale_fn=null, scale_mode='cycle', cycle_momentum=true,
 * base_momentum=0.8, max_momentum=0.9, last_epoch=-1, verbose=false)`
 * - `base_lr`, `max_lr`: the cycle's bounds (one value or one per group).
 * - `step_size_up`, `step_size_down`: steps in the rising and falling halves (down defaults to up).
 * - `mode`: 'triangular' (constant amplitude), 'triangular2' (halved each cycle), 'exp_range'
 *   (scaled by `gamma ** iteration`); ignored when `scale_fn` is given.
 * - `scale_fn`: custom amplitude scale of the cycle number or iteration (`scale_mode`).
 * - `cycle_momentum`: cycle the group's `momentum` inversely between `max_momentum` and
 *   `base_momentum`; the optimizer must have a `momentum` option (PyTorch 1.13 raises otherwise,
 *   Adam included).
 */
export class CyclicLR extends LRScheduler {
  declare max_lrs: number[];
  declare total_size: number;
  declare step_ratio: number;
  declare mode: string;
  declare gamma: number;
  declare _scale_fn_custom: ((x: number) => number) | null;
  declare scale_mode: string;
  declare cycle_momentum: boolean;
  declare use_beta1?: boolean;
  declare base_momentums: number[];
  declare max_momentums: number[];

  constructor(optimizer: Optimizer, ...args: Args<[base_lr: number | number[], max_lr: number | number[], step_size_up: number,
    step_size_down: number | null, mode: 'triangular' | 'triangular2' | 'exp_range', gamma: number, scale_fn: ((x: number) => number) | null,
    scale_mode: 'cycle' | 'iterations', cycle_momentum: boolean, base_momentum: number | number[], max_momentum: number | number[],
    last_epoch: number, verbose: boolean], CyclicLROptions>) {
    const o = bindParams('CyclicLR', args, [
      ['base_lr', REQUIRED, numOrList], ['max_lr', REQUIRED, numOrList], ['step_size_up', 2000, num], ['step_size_down', null, optionalNum],
      ['mode', 'triangular', str], ['gamma', 1.0, num], ['scale_fn', null, optionalFn], ['scale_mode', 'cycle', str],
      ['cycle_momentum', true, bool], ['base_momentum', 0.8, numOrList], ['max_momentum', 0.9, numOrList], ...LAST_EPOCH_VERBOSE]);
    checkOptimizer(optimizer);
    const base_lrs = formatParam('base_lr', optimizer, o.base_lr);
    if (o.last_epoch === -1) base_lrs.forEach((lr, i) => { optimizer.param_groups[i].lr = lr; });
    const max_lrs = formatParam('max_lr', optimizer, o.max_lr);
    const step_size_up: number = o.step_size_up;
    const step_size_down: number = o.step_size_down ?? step_size_up;
    const total_size = step_size_up + step_size_down;
    const step_ratio = pyDiv(step_size_up, total_size);
    if (!['triangular', 'triangular2', 'exp_range'].includes(o.mode) && o.scale_fn === null) throw valueError('mode is invalid and scale_fn is None');
    const scale_mode = o.scale_fn === null ? (o.mode === 'exp_range' ? 'iterations' : 'cycle') : o.scale_mode;
    const fields: Record<string, unknown> = {
      max_lrs, total_size, step_ratio, mode: o.mode, gamma: o.gamma, _scale_fn_custom: o.scale_fn, scale_mode,
      cycle_momentum: o.cycle_momentum,
    };
    if (o.cycle_momentum && !PYTORCH_2_6) {
      if (!('momentum' in optimizer.defaults)) throw valueError('optimizer must support momentum with `cycle_momentum` option enabled');
      const base_momentums = formatParam('base_momentum', optimizer, o.base_momentum);
      if (o.last_epoch === -1) base_momentums.forEach((m, i) => { optimizer.param_groups[i].momentum = m; });
      fields.base_momentums = optimizer.param_groups.map((g) => g.momentum);
      fields.max_momentums = formatParam('max_momentum', optimizer, o.max_momentum);
    } else if (o.cycle_momentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) throw valueError(MOMENTUM_OR_BETA1);
      fields.use_beta1 = 'betas' in optimizer.defaults;
      fields.base_momentums = formatParam('base_momentum', optimizer, o.base_momentum);
      fields.max_momentums = formatParam('max_momentum', optimizer, o.max_momentum);
      if (o.last_epoch === -1) startMomentum(optimizer, fields.use_beta1 as boolean, fields.max_momentums as number[], fields.base_momentums as number[]);
    }
    super(optimizer, { ...fields, last_epoch: o.last_epoch, verbose: o.verbose });
    this.base_lrs = base_lrs;
    // PyTorch takes float(step_size_up) and float(step_size_down): their sum is a float.
    markFloat(this, 'total_size');
    markFloatDefaults(this, args, boundNames(o), ['gamma']);
  }

  /** Attributes for `load_state_dict`; PyTorch 2.x saves no custom scale function (it is kept on load). */
  state_dict(): Record<string, any> {
    const state = super.state_dict();
    if (PYTORCH_2_6) {
      // PyTorch pops the entry and sets it again: it moves to the end.
      delete state._scale_fn_custom;
      state._scale_fn_custom = null;
    }
    return state;
  }
  load_state_dict(state_dict: Record<string, any>): void {
    if (!PYTORCH_2_6) return super.load_state_dict(state_dict);
    const { _scale_fn_custom, ...rest } = state_dict;
    super.load_state_dict(rest);
  }

  /** The amplitude scale: `scale_fn`, or the mode's (1, 1/2**(cycle-1), gamma**iteration). */
  scale_fn(x: number): number {
    if (this._scale_fn_custom !== null) return this._scale_fn_custom(x);
    if (this.mode === 'triangular') return 1.;
    if (this.mode === 'triangular2') return 1 / pyPow(2., x - 1);
    return pyPow(this.gamma, x);
  }

  /** The learning rates at batch `last_epoch`; also writes the cycled momentum into the groups. */
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    const cycle = Math.floor(1 + this.last_epoch / this.total_size);
    const x = 1. + this.last_epoch / this.total_size - cycle;
    const scale_factor = x <= this.step_ratio ? pyDiv(x, this.step_ratio) : pyDiv(x - 1, this.step_ratio - 1);
    const scaleAt = this.scale_mode === 'cycle' ? cycle : this.last_epoch;
    const n = Math.min(this.base_lrs.length, this.max_lrs.length);
    const lrs: number[] = [];
    for (let i = 0; i < n; i++) {
      const base_height = (this.max_lrs[i] - this.base_lrs[i]) * scale_factor;
      lrs.push(this.base_lrs[i] + base_height * this.scale_fn(scaleAt));
    }
    if (this.cycle_momentum) {
      const momentums: number[] = [];
      const m = Math.min(this.base_momentums.length, this.max_momentums.length);
      for (let i = 0; i < m; i++) {
        const base_height = (this.max_momentums[i] - this.base_momentums[i]) * scale_factor;
        momentums.push(this.max_momentums[i] - base_height * this.scale_fn(scaleAt));
      }
      const groups = this.optimizer.param_groups;
      for (let i = 0; i < Math.min(groups.length, momentums.length); i++) setMomentum(groups[i], !!this.use_beta1, momentums[i]);
    }
    return lrs;
  }
}

export interface OneCycleLROptions extends LRSchedulerOptions {
  max_lr?: number | number[];
  total_steps?: number | null;
  epochs?: number | null;
  steps_per_epoch?: number | null;
  pct_start?: number;
  anneal_strategy?: 'cos' | 'linear';
  cycle_momentum?: boolean;
  base_momentum?: number | number[];
  max_momentum?: number | number[];
  div_factor?: number;
  final_div_factor?: number;
  three_phase?: boolean;
}

interface Phase { end_step: number; start_lr: string; end_lr: string; start_momentum: string; end_momentum: string }
type Anneal = (start: number, end: number, pct: number) => number;

/** Cosine anneal from `start` to `end` as pct goes from 0.0 to 1.0. */
const annealingCos: Anneal = (start, end, pct) => {
  const cos_out = pyCos(Math.PI * pct) + 1;
  return end + (start - end) / 2.0 * cos_out;
};
/** Linear anneal from `start` to `end` as pct goes from 0.0 to 1.0. */
const annealingLinear: Anneal = (start, end, pct) => (end - start) * pct + start;

/**
 * The 1cycle policy (Smith & Topin 2018): each group's learning rate rises from
 * `max_lr / div_factor` to `max_lr` over the first `pct_start` of the steps, then anneals to
 * `initial_lr / final_div_factor`; momentum cycles inversely between `max_momentum` and
 * `base_momentum`. Step it after every batch; stepping past `total_steps` raises. Not chainable.
 *
 * `OneCycleLR(optimizer, max_lr, total_steps=null, epochs=null, steps_per_epoch=null,
 * pct_start=0.3, anneal_strategy='cos', cycle_momentum=true, base_momentum=0.85,
 * max_momentum=0.95, div_factor=25.0, final_div_factor=1e4, three_phase=false, last_epoch=-1,
 * verbose=false)`
 * - `max_lr`: the peak (one value or one per group).
 * - `total_steps`, or `epochs` and `steps_per_epoch` (total = their product).
 * - `anneal_strategy`: 'cos' or 'linear'.
 * - `cycle_momentum`: cycle `momentum`, or `betas[0]` for optimizers with `betas` (Adam, AdamW...).
 * - `three_phase`: rise, fall back to the initial lr symmetrically, then anneal to the minimum
 *   (the original paper) instead of two phases (fastai).
 *
 * Records `initial_lr`, `max_lr`, `min_lr` (and `max_momentum`, `base_momentum`) in each group.
 */
export class OneCycleLR extends LRScheduler {
  declare total_steps: number;
  declare _schedule_phases: Phase[];
  /** LibTorch 1.13: the annealing function; 2.x keeps its name instead (`_anneal_func_type`). */
  declare anneal_func?: Anneal;
  declare _anneal_func_type?: 'cos' | 'linear';
  declare cycle_momentum: boolean;
  declare use_beta1: boolean;

  constructor(optimizer: Optimizer, ...args: Args<[max_lr: number | number[], total_steps: number | null, epochs: number | null,
    steps_per_epoch: number | null, pct_start: number, anneal_strategy: 'cos' | 'linear', cycle_momentum: boolean,
    base_momentum: number | number[], max_momentum: number | number[], div_factor: number, final_div_factor: number,
    three_phase: boolean, last_epoch: number, verbose: boolean], OneCycleLROptions>) {
    const o = bindParams('OneCycleLR', args, [
      ['max_lr', REQUIRED, numOrList], ['total_steps', null, optionalNum], ['epochs', null, optionalNum],
      ['steps_per_epoch', null, optionalNum], ['pct_start', 0.3, num], ['anneal_strategy', 'cos', str],
      ['cycle_momentum', true, bool], ['base_momentum', 0.85, numOrList], ['max_momentum', 0.95, numOrList],
      ['div_factor', 25., num], ['final_div_factor', 1e4, num], ['three_phase', false, bool], ...LAST_EPOCH_VERBOSE]);
    checkOptimizer(optimizer);
    const total_steps = totalSteps(o.total_steps, o.epochs, o.steps_per_epoch);
    const pct_start: number = o.pct_start;
    const _schedule_phases: Phase[] = o.three_phase
      ? [
        { end_step: pct_start * total_steps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: 2 * pct_start * total_steps - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        { end_step: total_steps - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
      ]
      : [
        { end_step: pct_start * total_steps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: total_steps - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      ];
    // Every phase but the last ends at float(pct_start * total_steps) - k.
    _schedule_phases.slice(0, -1).forEach((phase) => markFloat(phase, 'end_step'));
    if (pct_start < 0 || pct_start > 1) throw valueError(`Expected float between 0 and 1 pct_start, but got ${pyNumber(pct_start)}`);
    if (o.anneal_strategy !== 'cos' && o.anneal_strategy !== 'linear')
      throw valueError(`anneal_strategy must ${forRelease([['1.13', 'by'], ['2.6', 'be']])} one of 'cos' or 'linear', instead got ${o.anneal_strategy}`);
    const anneal_func = o.anneal_strategy === 'cos' ? annealingCos : annealingLinear;
    const max_lrs = formatParam('max_lr', optimizer, o.max_lr);
    if (o.last_epoch === -1) {
      optimizer.param_groups.forEach((group, idx) => {
        group.initial_lr = max_lrs[idx] / o.div_factor;
        group.max_lr = max_lrs[idx];
        group.min_lr = group.initial_lr / o.final_div_factor;
      });
    }
    const fields: Record<string, unknown> = {
      total_steps, _schedule_phases, ...forRelease([['1.13', { anneal_func }], ['2.6', { _anneal_func_type: o.anneal_strategy }]]),
      cycle_momentum: o.cycle_momentum,
    };
    if (o.cycle_momentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults))
        throw valueError(forRelease([['1.13', 'optimizer must support momentum with `cycle_momentum` option enabled'], ['2.6', MOMENTUM_OR_BETA1]]));
      const use_beta1 = 'betas' in optimizer.defaults;
      fields.use_beta1 = use_beta1;
      const max_momentums = formatParam('max_momentum', optimizer, o.max_momentum);
      const base_momentums = formatParam('base_momentum', optimizer, o.base_momentum);
      if (o.last_epoch === -1) startMomentum(optimizer, use_beta1, max_momentums, base_momentums);
    }
    super(optimizer, { ...fields, last_epoch: o.last_epoch, verbose: o.verbose });
  }

  /** The learning rates at batch `last_epoch`; also writes the annealed momentum (or beta1). */
  get_lr(): number[] {
    this.warnGetLrOutsideStep();
    const step_num = this.last_epoch;
    if (step_num > this.total_steps)
      throw valueError(`Tried to step ${pyNumber(step_num + forRelease([['1.13', 1], ['2.6', 0]]))} times. The specified number of total steps is ${pyNumber(this.total_steps)}`);
    const phases = this._schedule_phases;
    const anneal = this.anneal_func ?? (this._anneal_func_type === 'linear' ? annealingLinear : annealingCos);
    return this.optimizer.param_groups.map((group) => {
      let start_step = 0;
      let computed_lr = NaN;
      let computed_momentum = NaN;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i];
        const end_step = phase.end_step;
        if (step_num <= end_step || i === phases.length - 1) {
          const pct = pyDiv(step_num - start_step, end_step - start_step);
          computed_lr = anneal(group[phase.start_lr], group[phase.end_lr], pct);
          if (this.cycle_momentum) computed_momentum = anneal(group[phase.start_momentum], group[phase.end_momentum], pct);
          break;
        }
        start_step = phase.end_step;
      }
      if (this.cycle_momentum) {
        if (this.use_beta1) group.betas = [computed_momentum, ...group.betas.slice(1)];
        else group.momentum = computed_momentum;
      }
      return computed_lr;
    });
  }
}

/** `total_steps`, or `epochs * steps_per_epoch`, with PyTorch's checks and messages. */
function totalSteps(total_steps: number | null, epochs: number | null, steps_per_epoch: number | null): number {
  const positiveInt = (v: number | null, name: string): number => {
    if (v === null) throw new TypeError("'<=' not supported between instances of 'NoneType' and 'int'");
    if (v <= 0 || !Number.isInteger(v)) throw valueError(`Expected positive integer ${name}, but got ${pyNumber(v)}`);
    return v;
  };
  if (total_steps === null && epochs === null && steps_per_epoch === null)
    throw valueError('You must define either total_steps OR (epochs AND steps_per_epoch)');
  if (total_steps !== null) return positiveInt(total_steps, 'total_steps');
  return positiveInt(epochs, 'epochs') * positiveInt(steps_per_epoch, 'steps_per_epoch');
}


