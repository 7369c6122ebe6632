// torch.optim.ASGD: SGD with a decaying step size and a running average of the iterates (`ax`).
import { Optimizer, forRelease, ParamsInput, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * Averaged SGD. `ASGD(params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=null,
 * maximize=false)`; the state holds `step`, `eta` (the current step size), `mu` (the averaging
 * weight) and `ax` (the averaged parameter), as PyTorch's does.
 */
export class ASGD extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('ASGD', args, forRelease([
      ['1.13', { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0, foreach: null, maximize: false }],
      ['2.0', { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0, foreach: null, maximize: false, differentiable: false }],
      ['2.6', { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0, foreach: null, maximize: false, differentiable: false,
        capturable: false }]]), {});
    checkRanges([
      [o.lr >= 0, `Invalid learning rate: ${pyNumber(o.lr)}`],
      [o.weight_decay >= 0, `Invalid weight_decay value: ${pyNumber(o.weight_decay)}`],
    ]);
    super(params, o);
    this.kind = 'ASGD';
  }
}
