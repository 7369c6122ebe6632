// torch.optim.Adadelta: steps scaled by running averages of squared gradients and squared updates.
import { Optimizer, forRelease, ParamsInput, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * Adadelta. `Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=null, {maximize})`;
 * the state holds `step`, `square_avg` and `acc_delta`, as PyTorch's does.
 */
export class Adadelta extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('Adadelta', args,
      { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0, foreach: null },
      forRelease([['1.13', { maximize: false }], ['2.0', { maximize: false, differentiable: false }],
        ['2.6', { capturable: false, maximize: false, differentiable: false }]]));
    checkRanges([
      [o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.rho >= 0 && o.rho <= 1, `Invalid rho value: ${pyNumber(o.rho)}`],
      [o.eps >= 0, `Invalid epsilon value: ${pyNumber(o.eps)}`],
      [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
    ]);
    super(params, o);
    this.kind = 'Adadelta';
  }
}
