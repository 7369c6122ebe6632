// torch.optim.Adagrad: per-coordinate learning rates from the sum of squared gradients.
import { full_like } from '../creation';
import { tensor } from '../creation';
import { float32 } from '../dtype';
import { Optimizer, forRelease, ParamGroup, ParamsInput, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * Adagrad. `Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
 * foreach=null, {maximize, differentiable})`. Like PyTorch, the accumulators exist from construction.
 */
export class Adagrad extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('Adagrad', args,
      { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, foreach: null },
      forRelease([['1.13', { maximize: false }], ['2.0', { maximize: false, differentiable: false }],
        ['2.6', { maximize: false, differentiable: false, fused: null }]]));
    checkRanges([
      [o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.lr_decay >= 0, `Invalid lr_decay value: ${pyNumber(o.lr_decay)}`],
      [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
      [o.initial_accumulator_value >= 0, `Invalid initial_accumulator_value value: ${pyNumber(o.initial_accumulator_value)}`],
      [o.eps >= 0, `Invalid epsilon value: ${pyNumber(o.eps)}`],
    ]);
    super(params, o);
    this.kind = 'Adagrad';
  }
  protected initGroupState(g: ParamGroup): void {
    for (const p of g.params) {
      const s = this.stateOf(p);
      s.step = tensor(0.0, { dtype: float32 });
      s.sum = full_like(p, g.initial_accumulator_value);
    }
  }
}
