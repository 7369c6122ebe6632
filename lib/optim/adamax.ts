// torch.optim.Adamax: Adam with the infinity norm of past gradients in the denominator.
import { Optimizer, forRelease, ParamsInput, adamStyleChecks, bindOptions, checkRanges, OptimizerKwargs, takeParams } from './optimizer';

/** Adamax. `Adamax(params, lr=2e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, foreach=null, {maximize, differentiable})`. */
export class Adamax extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('Adamax', args,
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, foreach: null },
      forRelease([['1.13', { maximize: false }], ['2.0', { maximize: false, differentiable: false }],
        ['2.6', { maximize: false, differentiable: false, capturable: false }]]));
    checkRanges(adamStyleChecks(o));
    super(params, o);
    this.kind = 'Adamax';
  }
}
