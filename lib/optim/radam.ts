// torch.optim.RAdam: Adam with a rectified (variance-corrected) adaptive learning rate.
import { Optimizer, forRelease, ParamsInput, adamStyleChecks, bindOptions, checkRanges, OptimizerKwargs, takeParams } from './optimizer';

/**
 * RAdam. `RAdam(params, lr=1e-3, betas=[0.9, 0.999], eps=1e-8, weight_decay=0, foreach=null)` on LibTorch 1.13;
 * 2.6 has `RAdam(params, lr, betas, eps, weight_decay, decoupled_weight_decay=false, {foreach, maximize, capturable, differentiable})`.
 */
export class RAdam extends Optimizer {
  constructor(params: ParamsInput | OptimizerKwargs, ...args: any[]) {
    [params, args] = takeParams(params, args);
    const o = bindOptions('RAdam', args, ...forRelease<[Record<string, unknown>, Record<string, unknown>]>([
      ['1.13', [{ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, foreach: null }, {}]],
      ['2.0', [{ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, foreach: null }, { maximize: false }]],
      ['2.6', [{ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, decoupled_weight_decay: false },
        { foreach: null, maximize: false, capturable: false, differentiable: false }]]]));
    checkRanges(adamStyleChecks(o));
    super(params, o);
    this.kind = 'RAdam';
  }
}
