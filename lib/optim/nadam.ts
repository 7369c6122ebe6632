// torch.optim.NAdam: Adam with Nesterov momentum and a momentum-decay schedule.
import { Optimizer, forRelease, ParamsInput, adamStyleChecks, bindOptions, checkRanges, pyNumber, OptimizerKwargs, takeParams } from './optimizer';

/**
 * NAdam. `NAdam(params, lr=2e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, momentum_decay=4e-3, foreach=null)`
 * on LibTorch 1.13; 2.6 has `NAdam(params, lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay=false,
 * {foreach, maximize, capturable, differentiable})`.
 */
export class NAdam extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('NAdam', args, ...forRelease<[Record<string, unknown>, Record<string, unknown>]>([
      ['1.13', [{ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3, foreach: null }, {}]],
      ['2.0', [{ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3, foreach: null }, { maximize: false }]],
      ['2.6', [{ lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3, decoupled_weight_decay: false },
        { foreach: null, maximize: false, capturable: false, differentiable: false }]]]));
    checkRanges([...adamStyleChecks(o), [o.momentum_decay >= 0, `Invalid momentum_decay value: ${pyNumber(o.momentum_decay)}`]]);
    super(params, o);
    this.kind = 'NAdam';
  }
}
