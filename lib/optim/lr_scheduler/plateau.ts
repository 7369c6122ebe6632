// ReduceLROnPlateau: performance scheduling, driven by a metric instead of the epoch count.
import { Optimizer, forRelease } from '../optimizer';
import { Tensor } from '../../tensor';
import { TorchError } from '../../errors';
import {
  Args, bindParams, bool, checkOptimizer, formatE4, formatEpoch, loadState, num, numOrList, stateOf, str, valueError, EPOCH_DEPRECATION_WARNING, PYTORCH_2_6, TAKES_VERBOSE, VERBOSE_DEPRECATED,
} from './scheduler';
import { isOptions } from '../../python/options';
import { floatOf } from '../../python/float';
import { markFloat } from '../../python/float_marks';
import { warnOnce } from '../../python/warnings';

// PyTorch 2.x sets `_last_lr` at construction, keeps `default_min_lr` for groups added later, and
// no longer prints reductions (`verbose` is deprecated).

export interface ReduceLROnPlateauOptions {
  mode?: 'min' | 'max';
  factor?: number;
  patience?: number;
  threshold?: number;
  threshold_mode?: 'rel' | 'abs';
  cooldown?: number;
  min_lr?: number | number[];
  eps?: number;
  verbose?: boolean;
}

// PyTorch 2.14 sets cooldown_counter, mode and the thresholds only in _init_is_better and _reset.
const PYTORCH_2_14 = forRelease([['1.13', false], ['2.14', true]]);

/**
 * Reduces each group's learning rate by `factor` when a metric has stopped improving for more
 * than `patience` epochs. Call `step(metric)` after each validation.
 *
 * `ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=10, threshold=1e-4,
 * threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8, verbose=false)`
 * - `mode`: 'min' (the metric should fall, e.g. a loss) or 'max' (it should rise, e.g. accuracy).
 * - `factor`: `new_lr = lr * factor` (< 1). `patience`: bad epochs ignored before reducing.
 * - `threshold`, `threshold_mode`: what counts as an improvement: beyond `best * (1 ∓ threshold)`
 *   ('rel') or `best ∓ threshold` ('abs').
 * - `cooldown`: epochs to wait after a reduction before counting bad epochs again.
 * - `min_lr`: lower bound (one value or one per group). `eps`: smaller changes are skipped.
 *
 * As in PyTorch 1.13 it is not an `LRScheduler` subclass; `_last_lr` is set by `step()` (and by the
 * constructor on LibTorch 2.x). `get_last_lr()` (added in PyTorch 2) returns it, or the current lrs before any step.
 */
export class ReduceLROnPlateau {
  declare factor: number;
  declare optimizer: Optimizer;
  declare min_lrs: number[];
  /** PyTorch 2.x: the scalar `min_lr` given (null for a list), for groups added later. */
  declare default_min_lr?: number | null;
  declare patience: number;
  declare verbose: boolean;
  declare cooldown: number;
  declare cooldown_counter: number;
  declare mode: string;
  declare threshold: number;
  declare threshold_mode: string;
  declare best: number;
  declare num_bad_epochs: number;
  declare mode_worse: number;
  declare eps: number;
  declare last_epoch: number;
  declare _last_lr: number[];

  constructor(optimizer: Optimizer, ...args: Args<[mode: 'min' | 'max', factor: number, patience: number, threshold: number,
    threshold_mode: 'rel' | 'abs', cooldown: number, min_lr: number | number[], eps: number, verbose: boolean], ReduceLROnPlateauOptions>) {
    const o = bindParams('ReduceLROnPlateau', args, [
      ['mode', 'min', str], ['factor', 0.1, num], ['patience', 10, num], ['threshold', 1e-4, num], ['threshold_mode', 'rel', str],
      ['cooldown', 0, num], ['min_lr', 0, numOrList], ['eps', 1e-8, num], ['verbose', false, bool]]);
    if (o.factor >= 1.0) throw valueError('Factor should be < 1.0.');
    this.factor = o.factor;
    checkOptimizer(optimizer);
    this.optimizer = optimizer;
    const n = optimizer.param_groups.length;
    if (Array.isArray(o.min_lr)) {
      if (o.min_lr.length !== n) throw valueError(`expected ${n} min_lrs, got ${o.min_lr.length}`);
      if (PYTORCH_2_6) this.default_min_lr = null;
      this.min_lrs = [...o.min_lr];
    } else {
      if (PYTORCH_2_6) this.default_min_lr = o.min_lr;
      this.min_lrs = new Array(n).fill(o.min_lr);
    }
    this.patience = o.patience;
    if (TAKES_VERBOSE) this.verbose = o.verbose;
    if (PYTORCH_2_6 && o.verbose) warnOnce(VERBOSE_DEPRECATED);
    this.cooldown = o.cooldown;
    // The attributes are set in the running release's order, which state_dict()'s keys follow.
    if (!PYTORCH_2_14) {
      this.cooldown_counter = 0;
      this.mode = o.mode;
      this.threshold = o.threshold;
      this.threshold_mode = o.threshold_mode;
    }
    if (!PYTORCH_2_6) {
      this.best = null as unknown as number;
      this.num_bad_epochs = null as unknown as number;
      this.mode_worse = null as unknown as number;
    }
    this.eps = o.eps;
    this.last_epoch = 0;
    if (PYTORCH_2_6) this._last_lr = optimizer.param_groups.map((g) => g.lr);
    this._init_is_better(o.mode, o.threshold, o.threshold_mode);
    this._reset();
  }

  /** Resets the bad-epoch and cooldown counters. */
  _reset(): void {
    this.best = this.mode_worse;
    this.cooldown_counter = 0;
    this.num_bad_epochs = 0;
  }

  /**
   * Records one epoch's metric (a number or a one-element tensor) and reduces the learning rates
   * when it has not improved for more than `patience` epochs. `epoch` is deprecated in PyTorch.
   */
  step(metrics: number | Tensor, epoch: number | null | { epoch?: number | null } = null): void {
    const current = floatOf(metrics, false);
    let e = isOptions(epoch) ? (epoch.epoch ?? null) : epoch;
    if (e === null) e = this.last_epoch + 1;
    else warnOnce(EPOCH_DEPRECATION_WARNING);
    this.last_epoch = e;
    if (this.is_better(current, this.best)) {
      this.best = current;
      markFloat(this, 'best');  // float(metrics)
      this.num_bad_epochs = 0;
    } else {
      this.num_bad_epochs += 1;
    }
    if (this.in_cooldown) {
      this.cooldown_counter -= 1;
      this.num_bad_epochs = 0;  // ignore any bad epochs in cooldown
    }
    if (this.num_bad_epochs > this.patience) {
      this._reduce_lr(e);
      this.cooldown_counter = this.cooldown;
      this.num_bad_epochs = 0;
    }
    this._last_lr = this.optimizer.param_groups.map((g) => g.lr);
  }

  _reduce_lr(epoch: number): void {
    const groups = this.optimizer.param_groups;
    if (PYTORCH_2_6 && groups.length !== this.min_lrs.length) {
      if (this.default_min_lr === null) {
        throw new TorchError(`The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was `
          + `initialized (${this.min_lrs.length}), usually due to a new param group being added to the optimizer. Please modify the `
          + '`min_lrs` field to match the length of the `optimizer` param groups.', 'RuntimeError');
      }
      this.min_lrs = new Array(groups.length).fill(this.default_min_lr);
    }
    groups.forEach((param_group, i) => {
      const old_lr = floatOf(param_group.lr, false);
      const new_lr = Math.max(old_lr * this.factor, this.min_lrs[i]);
      if (old_lr - new_lr > this.eps) {
        param_group.lr = new_lr;
        if (this.verbose && !PYTORCH_2_6) console.log(`Epoch ${formatEpoch(epoch)}: reducing learning rate of group ${i} to ${formatE4(new_lr)}.`);
      }
    });
  }

  /** Whether the cooldown after a reduction is still running. */
  get in_cooldown(): boolean {
    return this.cooldown_counter > 0;
  }

  /** Whether metric `a` improves on `best` by more than the threshold. */
  is_better(a: number, best: number): boolean {
    if (this.mode === 'min' && this.threshold_mode === 'rel') return a < best * (1. - this.threshold);
    if (this.mode === 'min' && this.threshold_mode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.threshold_mode === 'rel') return a > best * (this.threshold + 1.);
    return a > best + this.threshold;
  }

  _init_is_better(mode: string, threshold: number, threshold_mode: string): void {
    if (mode !== 'min' && mode !== 'max') throw valueError('mode ' + mode + ' is unknown!');
    if (threshold_mode !== 'rel' && threshold_mode !== 'abs') throw valueError('threshold mode ' + threshold_mode + ' is unknown!');
    this.mode_worse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.threshold_mode = threshold_mode;
  }

  /** The learning rates after the last `step()` (the groups' current ones before any). */
  get_last_lr(): number[] {
    return this._last_lr ?? this.optimizer.param_groups.map((g) => g.lr);
  }

  /** Every attribute except the optimizer. */
  state_dict(): Record<string, any> {
    return stateOf(this, ['optimizer']);
  }

  /** Restores attributes saved by `state_dict()`. */
  load_state_dict(state_dict: Record<string, any>): void {
    loadState(this, state_dict);
    this._init_is_better(this.mode, this.threshold, this.threshold_mode);
  }
}
