// Schedulers made of schedulers: SequentialLR (one after another at milestones) and
// ChainedScheduler (all of them each step, their factors multiplying).
import { Optimizer } from '../optimizer';
import { TorchError } from '../../errors';
import { Args, UNCOUNTED_RESTART, LRScheduler, NO_INIT, PYTORCH_2_6, REQUIRED, array, bindParams, bool, loadState, num, numList, stateOf, valueError } from './scheduler';
import { typeName } from '../../python/typename';

/** The `schedulers` argument: an array of LRScheduler. */
function checkSchedulers(cls: string, schedulers: unknown[]): LRScheduler[] {
  for (const s of schedulers)
    if (!(s instanceof LRScheduler)) throw new TypeError(`${cls}(): expected array of LRScheduler for schedulers but received an element of type ${typeName(s)}`);
  return schedulers as LRScheduler[];
}

/** PyTorch 2.x's message for a wrapped scheduler of another optimizer (it prints that optimizer). */
function otherOptimizer(owner: string, scheduler: LRScheduler, index: number, optimizer: Optimizer): string {
  return `${owner} expects all schedulers to belong to the same optimizer, but got scheduler ${scheduler.constructor.name} `
    + `at index ${index} has ${String(scheduler.optimizer)}, which is different from ${optimizer.constructor.name}.`;
}

/** state_dict() of a scheduler holding `_schedulers`: its own attributes plus theirs. */
function nestedState(owner: { _schedulers: LRScheduler[] }): Record<string, any> {
  const state = stateOf(owner, ['optimizer', '_schedulers']);
  state._schedulers = owner._schedulers.map((s) => s.state_dict());
  return state;
}
function loadNestedState(owner: { _schedulers: LRScheduler[] }, state_dict: Record<string, any>): void {
  const { _schedulers, ...rest } = state_dict;
  loadState(owner, rest);
  (_schedulers ?? []).forEach((s: Record<string, any>, i: number) => owner._schedulers[i].load_state_dict(s));
}

export interface SequentialLROptions { schedulers?: LRScheduler[]; milestones?: number[]; last_epoch?: number; verbose?: boolean }
/**
 * Runs schedulers one after another: `schedulers[i]` drives the learning rate from
 * `milestones[i-1]` to `milestones[i]`, and each one starts at its own epoch 0 when it takes over.
 *
 * `SequentialLR(optimizer, schedulers, milestones, last_epoch=-1, verbose=false)`
 * - `schedulers`: schedulers of this optimizer. `milestones`: one fewer epochs than schedulers.
 * - `verbose` does nothing (as in PyTorch).
 *
 * Construction resets the groups to `initial_lr` and restarts the first scheduler.
 */
export class SequentialLR extends LRScheduler {
  declare _schedulers: LRScheduler[];
  declare _milestones: number[];

  constructor(optimizer: Optimizer, ...args: Args<[schedulers: LRScheduler[], milestones: number[], last_epoch: number, verbose: boolean], SequentialLROptions>) {
    const o = bindParams('SequentialLR', args, [
      ['schedulers', REQUIRED, array], ['milestones', REQUIRED, numList], ['last_epoch', -1, num], ['verbose', false, bool]]);
    super(NO_INIT as unknown as Optimizer);
    const schedulers = checkSchedulers('SequentialLR', o.schedulers);
    const milestones: number[] = o.milestones;
    for (let i = 0; i < schedulers.length; i++) {
      if (PYTORCH_2_6 && schedulers[i].optimizer !== optimizer) throw valueError(otherOptimizer('SequentialLR', schedulers[i], i, optimizer));
      if (schedulers[i].optimizer !== optimizer)
        throw valueError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`);
      if (schedulers[i].optimizer !== schedulers[0].optimizer)
        throw valueError(`Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different.`);
    }
    if (milestones.length !== schedulers.length - 1)
      throw valueError('Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, '
        + `but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`);
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.last_epoch = o.last_epoch + 1;
    this.optimizer = optimizer;
    for (const group of optimizer.param_groups) group.lr = group.initial_lr;
    for (const s of schedulers) s.last_epoch -= 1;
    schedulers[0]._initial_step();
    this._last_lr = schedulers[0].get_last_lr();
  }

  /** Steps the scheduler in charge of the new epoch (restarting it at its milestone). */
  step(): void {
    this.last_epoch += 1;
    let idx = 0;  // bisect_right
    while (idx < this._milestones.length && this._milestones[idx] <= this.last_epoch) idx++;
    const scheduler = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.last_epoch) {
      if (UNCOUNTED_RESTART) scheduler._update_lr(0);
      else scheduler.step(0);
    }
    else scheduler.step();
    this._last_lr = scheduler.get_last_lr();
  }

  /** Its attributes plus each wrapped scheduler's state_dict() under `_schedulers`. */
  state_dict(): Record<string, any> { return nestedState(this); }
  load_state_dict(state_dict: Record<string, any>): void { loadNestedState(this, state_dict); }
}

/**
 * Steps several chainable schedulers of one optimizer together, so their effects compose
 * (e.g. ConstantLR warm-up times ExponentialLR decay).
 *
 * `ChainedScheduler(schedulers)`
 */
export class ChainedScheduler extends LRScheduler {
  declare _schedulers: LRScheduler[];

  constructor(...args: Args<[schedulers: LRScheduler[]], { schedulers?: LRScheduler[] }>) {
    const o = bindParams('ChainedScheduler', args, [['schedulers', REQUIRED, array]], false, 1);
    super(NO_INIT as unknown as Optimizer);
    const schedulers = checkSchedulers('ChainedScheduler', o.schedulers);
    if (schedulers.length === 0) throw new TorchError('list index out of range', 'IndexError');
    for (let i = 1; i < schedulers.length; i++) {
      if (PYTORCH_2_6 && schedulers[i].optimizer !== schedulers[0].optimizer)
        throw valueError(otherOptimizer('ChainedScheduler', schedulers[i], i, schedulers[0].optimizer));
      if (schedulers[i].optimizer !== schedulers[0].optimizer)
        throw valueError(`ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`);
    }
    this._schedulers = [...schedulers];
    this.optimizer = schedulers[0].optimizer;
    this._last_lr = this._schedulers[this._schedulers.length - 1].optimizer.param_groups.map((g) => g.lr);
  }

  /** Steps every scheduler once, in order. */
  step(): void {
    for (const s of this._schedulers) s.step();
    this._last_lr = this._schedulers[this._schedulers.length - 1].optimizer.param_groups.map((g) => g.lr);
  }

  /** Its attributes plus each wrapped scheduler's state_dict() under `_schedulers`. */
  state_dict(): Record<string, any> { return nestedState(this); }
  load_state_dict(state_dict: Record<string, any>): void { loadNestedState(this, state_dict); }
}
