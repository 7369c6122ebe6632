// torch.optim.RMSprop: scales steps by a running average of squared gradients.
import { Optimizer, forRelease, ParamsInput, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * RMSprop. `RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=false,
 * foreach=null, maximize=false, differentiable=false)`.
 */
export class RMSprop extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('RMSprop', args,
      forRelease([
        ['1.13', { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false }],
        ['2.6', { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, capturable: false, foreach: null, maximize: false,
          differentiable: false }]]),
      {});
    checkRanges([
      [o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.eps >= 0, `Invalid epsilon value: ${pyNumber(o.eps)}`],
      [o.momentum >= 0, `Invalid momentum value: ${pyNumber(o.momentum)}`],
      [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
      [o.alpha >= 0, `Invalid alpha value: ${pyNumber(o.alpha)}`],
    ]);
    super(params, o);
    this.kind = 'RMSprop';
  }
}
